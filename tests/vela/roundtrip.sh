#!/usr/bin/env bash
# Round trip: for every example and for tests/vela/all-ops.vs (which uses
# every opcode of the ISA table), vela-as -> vela-objdump -> vela-as must
# give a byte-identical object. Also checks that all-ops.vs covers every
# mnemonic that `vela-objdump --isa-table` lists.
#   roundtrip.sh BINDIR WORKDIR
set -u
bin=$1
work=$2/roundtrip
mkdir -p "$work"
fail=0
for src in examples/vela/*.vs tests/vela/all-ops.vs; do
	name=$(basename "$src" .vs)
	a=$work/$name.vo b=$work/$name.2.vo lst=$work/$name.lst.vs
	if ! "$bin/vela-as" -o "$a" "$src" 2>"$work/$name.err"; then
		echo "[FAIL] vela-roundtrip:$name: does not assemble: $(head -1 "$work/$name.err")"
		fail=1
		continue
	fi
	if ! "$bin/vela-objdump" "$a" >"$lst" 2>"$work/$name.err"; then
		echo "[FAIL] vela-roundtrip:$name: objdump failed: $(head -1 "$work/$name.err")"
		fail=1
		continue
	fi
	if ! "$bin/vela-as" -o "$b" "$lst" 2>"$work/$name.err"; then
		echo "[FAIL] vela-roundtrip:$name: listing does not reassemble: $(head -1 "$work/$name.err")"
		fail=1
	elif ! cmp -s "$a" "$b"; then
		echo "[FAIL] vela-roundtrip:$name: reassembled object differs"
		fail=1
	else
		echo "[OK] vela-roundtrip:$name"
	fi
done
# coverage of all-ops.vs
"$bin/vela-objdump" --isa-table | awk -F'|' 'NR > 2 { gsub(/ /, "", $3); print $3 }' | sort >"$work/ops.want"
grep -v '^;' "$work/all-ops.lst.vs" | awk '/^\t[a-z]/ { print $1 }' | grep -v '^\.' | sort -u >"$work/ops.have"
missing=$(comm -23 "$work/ops.want" "$work/ops.have" | tr '\n' ' ')
if [[ -n $missing ]]; then
	echo "[FAIL] vela-roundtrip:every-opcode: all-ops.vs lacks: $missing"
	fail=1
else
	echo "[OK] vela-roundtrip:every-opcode ($(wc -l <"$work/ops.want") opcodes)"
fi
exit $fail
