#!/usr/bin/env bash
# Malformed assembler inputs: each tests/vela/asm-errors/NAME.vs ends with a
# line "; expect: MESSAGE"; vela-as must exit 1 and print MESSAGE as its
# first diagnostic (GCC style, file:line:col: error: ...).
#   asm-errors.sh BINDIR
set -u
as=$(cd "$1" && pwd)/vela-as
cd tests/vela/asm-errors || exit 1
fail=0
for f in *.vs; do
	name=${f%.vs}
	want=$(sed -n 's/^; expect: //p' "$f")
	got=$("$as" -o /dev/null "$f" 2>&1 >/dev/null | head -1)
	"$as" -o /dev/null "$f" >/dev/null 2>&1
	status=$?
	if [[ $status != 1 ]]; then
		echo "[FAIL] vela-asm-errors:$name: exit status $status, expected 1"
		fail=1
	elif [[ $got != "$want" ]]; then
		echo "[FAIL] vela-asm-errors:$name: got '$got', expected '$want'"
		fail=1
	else
		echo "[OK] vela-asm-errors:$name"
	fi
done
exit $fail
