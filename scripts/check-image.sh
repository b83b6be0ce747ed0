#!/usr/bin/env bash
# Checks a freshly linked kernel image boots both ways:
#  - GRUB: a valid multiboot2 header (grub-file);
#  - QEMU -kernel: a valid multiboot1 header, and loadable segments laid out so the
#    a.out-kludge flat load (file offset = physical address - constant) is right.
set -euo pipefail
elf=$1
grub-file --is-x86-multiboot2 "$elf" || { echo "check-image: $elf has no valid multiboot2 header" >&2; exit 1; }
grub-file --is-x86-multiboot "$elf" || { echo "check-image: $elf has no valid multiboot1 header" >&2; exit 1; }
python3 - "$elf" <<'PY'
import struct, sys
data = open(sys.argv[1], 'rb').read()
phoff, = struct.unpack_from('<Q', data, 0x20)
phentsize, phnum = struct.unpack_from('<HH', data, 0x36)
delta = None
for i in range(phnum):
    p_type, _, off, _, paddr, filesz, _, _ = struct.unpack_from('<IIQQQQQQ', data, phoff + i * phentsize)
    if p_type != 1 or filesz == 0:
        continue
    if delta is not None and paddr - off != delta:
        sys.exit("check-image: segment at paddr %#x breaks the flat multiboot1 layout" % paddr)
    delta = paddr - off
PY
