#!/usr/bin/env bash
# aelf-link and the build key from the command line: a signed program verifies,
# a tampered one does not, and bad input exits 2 with a message (never a crash).
set -u
build=${1:-build}
bin=$build/host/bin
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0

ok() { echo "[OK] aelf-link:$1"; }
bad() { echo "[FAIL] aelf-link:$1: $2"; status=1; }

expect_rc() { # name want-rc command...
	local name=$1 want=$2
	shift 2
	"$@" >"$tmp/out" 2>"$tmp/err"
	local rc=$?
	if ((rc == want)); then ok "$name"; else bad "$name" "exit $rc, want $want ($(head -c 200 "$tmp/err"))"; fi
}

cat >"$tmp/prog.vs" <<'VS'
	.text
	.func main
main:
	li r1, 0
	halt
	.endfunc
VS
if ! "$bin/vela-as" "$tmp/prog.vs" -o "$tmp/prog.vo" 2>"$tmp/err"; then
	bad assemble "$(cat "$tmp/err")"
	exit 1
fi
"$bin/aether-sign" keygen "$tmp/k.sec" "$tmp/k.pub"
"$bin/aether-sign" keygen "$tmp/o.sec" "$tmp/o.pub"

expect_rc link_signed 0 "$bin/aelf-link" "$tmp/prog.vo" -o "$tmp/prog.aelf" --key "$tmp/k.sec" --caps fs_read,proc
expect_rc verify_good 0 "$bin/aelf-link" verify "$tmp/prog.aelf" "$tmp/k.pub"
expect_rc verify_wrong_key 1 "$bin/aelf-link" verify "$tmp/prog.aelf" "$tmp/o.pub"
"$bin/aelf-link" info "$tmp/prog.aelf" >"$tmp/info"
if grep -q "capabilities: FS_READ,PROC" "$tmp/info"; then ok info_caps; else bad info_caps "$(cat "$tmp/info")"; fi

cp "$tmp/prog.aelf" "$tmp/tampered.aelf"
printf '\x42' | dd of="$tmp/tampered.aelf" bs=1 seek=70 conv=notrunc 2>/dev/null
expect_rc verify_tampered 1 "$bin/aelf-link" verify "$tmp/tampered.aelf" "$tmp/k.pub"

expect_rc link_unsigned 0 "$bin/aelf-link" "$tmp/prog.vo" -o "$tmp/unsigned.aelf" --unsigned
expect_rc verify_unsigned 1 "$bin/aelf-link" verify "$tmp/unsigned.aelf" "$tmp/k.pub"

head -c 31 "$tmp/k.sec" >"$tmp/short.sec"
expect_rc short_key 2 "$bin/aelf-link" "$tmp/prog.vo" -o "$tmp/x.aelf" --key "$tmp/short.sec"
expect_rc missing_input 2 "$bin/aelf-link" "$tmp/nope.vo" -o "$tmp/x.aelf" --key "$tmp/k.sec"
expect_rc unknown_cap 2 "$bin/aelf-link" "$tmp/prog.vo" -o "$tmp/x.aelf" --key "$tmp/k.sec" --caps teleport
expect_rc no_key 2 "$bin/aelf-link" "$tmp/prog.vo" -o "$tmp/x.aelf"
head -c 50 /dev/urandom >"$tmp/garbage.vo"
expect_rc garbage_object 1 "$bin/aelf-link" "$tmp/garbage.vo" -o "$tmp/x.aelf" --key "$tmp/k.sec"
expect_rc verify_garbage 1 "$bin/aelf-link" verify "$tmp/garbage.vo" "$tmp/k.pub"
expect_rc bad_pubkey_len 2 "$bin/aelf-link" verify "$tmp/prog.aelf" "$tmp/short.sec"
exit $status
