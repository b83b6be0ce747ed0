#!/usr/bin/env bash
# mkironfs builds a signed image from a directory; ironfs-check passes it, then
# names the exact file and block after one byte of that file is flipped, and
# refuses the image when a newer generation is on record (replay).
#   tools_test.sh MKIRONFS IRONFS_CHECK BUILD_KEY DEVICE_KEY WORKDIR
set -u
mk=$1 check=$2 bkey=$3 dkey=$4 work=$5
fails=0
ok() { echo "[OK] ironvfs-tools:$1"; }
bad() { echo "[FAIL] ironvfs-tools:$1: $2"; fails=$((fails + 1)); }

rm -rf "$work" && mkdir -p "$work/src/etc/deep" "$work/src/bin"
echo "hello from IronVFS" >"$work/src/etc/motd"
head -c 300000 /dev/urandom >"$work/src/bin/blob"
head -c 5000 /dev/urandom >"$work/src/etc/deep/small"
: >"$work/src/empty"
img=$work/disk.img

if "$mk" -o "$img" -k "$bkey" -s 8 -t "$work/trust" "$work/src"; then ok mkironfs; else bad mkironfs "exit $?"; fi
if out=$("$check" -b "$bkey" -d "$dkey" -t "$work/trust" --list "$img"); then
	ok check-clean
else
	bad check-clean "$out"
fi
echo "$out" | grep -q '^/bin/blob 73 ' && ok list-blocks || bad list-blocks "no block 73 of /bin/blob"

# Flip one byte of block 42 of /bin/blob.
lba=$(echo "$out" | awk '$1 == "/bin/blob" && $2 == 42 { print $3 }')
cp "$img" "$work/damaged.img"
printf '\x5a' | dd of="$work/damaged.img" bs=1 seek=$((lba * 4096 + 123)) conv=notrunc status=none
out=$("$check" -b "$bkey" -d "$dkey" "$work/damaged.img")
st=$?
echo "$out"
if ((st != 0)) && echo "$out" | grep -q '^CORRUPT /bin/blob (inode [0-9]*) block 42: FNV-1a mismatch'; then
	ok names-file-and-block
else
	bad names-file-and-block "exit $st"
fi

# Replay: the trust file says generation 5; the image is generation 2.
uuid=$(cut -d' ' -f1 "$work/trust")
echo "$uuid 5" >"$work/trust-newer"
out=$("$check" -b "$bkey" -d "$dkey" -t "$work/trust-newer" "$img")
if (($? != 0)) && echo "$out" | grep -q 'replayed'; then ok replay-refused; else bad replay-refused "$out"; fi

# A wrong key: every signature fails, the image is refused.
out=$("$check" -b "$dkey" -d "$dkey" "$img")
if (($? != 0)); then ok wrong-key-refused; else bad wrong-key-refused "$out"; fi
exit $((fails != 0))
