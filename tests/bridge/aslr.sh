#!/usr/bin/env bash
# ISA-ASLR measurement: assemble the examples and report the gadget sharing
# between 100 draws (tests/bridge/gadgets.c).   aslr.sh BINDIR GADGETS WORKDIR
set -u
bin=$1
gadgets=$2
work=$3/aslr
mkdir -p "$work"
objs=()
for src in examples/vela/*.vs tests/vela/all-ops.vs; do
	[[ -f $src ]] || continue
	name=$(basename "$src" .vs)
	"$bin/vela-as" -o "$work/$name.vo" "$src" 2>/dev/null && objs+=("$work/$name.vo")
done
"$gadgets" --draws 100 --max 5 "${objs[@]}"
