#!/usr/bin/env bash
# IronVFS in the kernel (QEMU): mount time of a 64 MiB image holding 32 MiB of
# files, then fsbench (verified write/read vs the raw virtio disk, same boot).
#   qemu_bench.sh MKIRONFS BUILD_KEY WORKDIR LOG
set -eu
mk=$1 bkey=$2 work=$3 log=$4
rm -rf "$work" && mkdir -p "$work/root/data"
head -c $((32 * 1024 * 1024)) /dev/urandom >"$work/root/data/big"
for i in $(seq 1 200); do head -c $((8192 + i * 100)) /dev/urandom >"$work/root/data/small$i"; done
"$mk" -o "$work/disk.img" -k "$bkey" -s 64 "$work/root"
python3 tests/boot/qemu_run.py --name ironvfs-bench --expect-exit 0 --timeout 600 --log "$log" \
	--qemu-arg "-drive file=$work/disk.img,if=none,id=d0,format=raw -device virtio-blk-pci,drive=d0" \
	--step 'expect:ironvfs: root mounted' --step 'expect:aether> ' --step 'type:fsbench 16' \
	--step 'expect:fsbench: done' --step 'expect:aether> ' --step type:halt \
	--expect-text 'System halted.' >/dev/null
echo "IronVFS in the kernel (QEMU ${ACCEL:-tcg}, virtio-blk legacy, polled):"
grep -E '^(ironvfs: root mounted|fsbench: [0-9]|fsbench: IronVFS|fsbench: FNV)' "$log" | sed 's/^/  /'
