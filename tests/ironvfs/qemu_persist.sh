#!/usr/bin/env bash
# IronVFS in QEMU: a build-signed image from mkironfs is mounted as root; a file
# written at run time survives a power-off; a byte flipped by the host is
# reported by name at the next boot, and the kernel keeps running.
#   qemu_persist.sh MKIRONFS IRONFS_CHECK BUILD_KEY DEVICE_KEY WORKDIR LOGDIR
set -u
mk=$1 check=$2 bkey=$3 dkey=$4 work=$5 logs=$6
fails=0
ok() { echo "[OK] ironvfs-qemu:$1"; }
bad() { echo "[FAIL] ironvfs-qemu:$1: $2"; fails=$((fails + 1)); }
img=$work/disk.img
boot() { # NAME STEPS...
	local name=$1
	shift
	python3 tests/boot/qemu_run.py --name "ironvfs-qemu-$name" --expect-exit 0 --timeout 180 \
		--log "$logs/ironvfs-qemu-$name.log" \
		--qemu-arg "-drive file=$img,if=none,id=d0,format=raw -device virtio-blk-pci,drive=d0" \
		"$@" --step 'expect:aether> ' --step type:halt \
		--expect-text 'System halted.'
}

rm -rf "$work" && mkdir -p "$work/root/etc" "$logs"
echo "system file from the build" >"$work/root/etc/motd"
"$mk" -o "$img" -k "$bkey" -s 8 "$work/root" >/dev/null || bad mkironfs "exit $?"

boot write --step 'expect:ironvfs: root mounted at /: generation 2' --step 'expect:aether> ' \
	--step 'type:fswrite /hello written at run time' --step 'expect:committed as generation 3' \
	&& ok write-then-power-off || bad write-then-power-off "see $logs/ironvfs-qemu-write.log"

out=$("$check" -b "$bkey.pub" -d "$dkey.pub" --list "$img")
(($? == 0)) && ok host-check-clean || bad host-check-clean "$out"

boot readback --step 'expect:aether> ' --step 'type:fscat /hello' --step 'expect:written at run time' \
	--step 'expect:aether> ' --step 'type:fsls /etc' --step 'expect:build  motd' \
	--step 'expect:aether> ' --step 'type:fscat /etc/motd' --step 'expect:system file from the build' \
	&& ok read-back-after-reboot || bad read-back-after-reboot "see $logs/ironvfs-qemu-readback.log"

# In-kernel suites with the disk attached (lib/ironvfs on a RAM disk, the VFS path, PCI).
python3 tests/boot/qemu_run.py --name ironvfs-qemu-ktest --test-mode --timeout 300 \
	--append "test=ironvfs,ironvfs-vfs,pci" --log "$logs/ironvfs-qemu-ktest.log" \
	--qemu-arg "-drive file=$img,if=none,id=d0,format=raw -device virtio-blk-pci,drive=d0" \
	&& ok kernel-suites || bad kernel-suites "see $logs/ironvfs-qemu-ktest.log"

lba=$(echo "$out" | awk '$1 == "/hello" && $2 == 0 { print $3 }')
if [[ -z $lba ]]; then
	bad flip "no block for /hello in: $out"
else
	printf '\x21' | dd of="$img" bs=1 seek=$((lba * 4096 + 2)) conv=notrunc status=none
	boot damaged --step 'expect:ironvfs: DAMAGED /hello (inode' --step 'expect:aether> ' \
		--step 'type:fscat /hello' --step 'expect:fscat: /hello: integrity check failed' \
		--step 'expect:aether> ' --step 'type:fscat /etc/motd' --step 'expect:system file from the build' \
		&& ok damaged-file-named || bad damaged-file-named "see $logs/ironvfs-qemu-damaged.log"
	out=$("$check" -b "$bkey.pub" -d "$dkey.pub" "$img")
	(($? == 1)) && echo "$out" | grep -q '^CORRUPT /hello (inode [0-9]*) block 0:' \
		&& ok host-check-names-it || bad host-check-names-it "$out"
fi
exit $((fails != 0))
