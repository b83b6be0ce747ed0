#!/usr/bin/env bash
# The opcode table in docs/vela-isa.md must be exactly what the ISA table
# (lib/vela/vela.def) generates through `vela-objdump --isa-table`.
#   isa-doc.sh BINDIR docs/vela-isa.md
set -u
bin=$1
doc=$2
want=$("$bin/vela-objdump" --isa-table)
have=$(sed -n '/<!-- BEGIN OPCODE TABLE -->/,/<!-- END OPCODE TABLE -->/p' "$doc" | sed '1d;$d')
if [[ "$want" == "$have" ]]; then
	echo "[OK] vela-isa-doc:opcode-table-matches-vela.def ($(($(wc -l <<<"$want") - 2)) opcodes)"
	exit 0
fi
echo "[FAIL] vela-isa-doc:opcode-table-matches-vela.def: regenerate with vela-objdump --isa-table"
diff <(echo "$have") <(echo "$want") | head -10
exit 1
