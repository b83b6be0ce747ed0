#!/usr/bin/env bash
# vela-wasm refuses invalid modules with exit status 1 and a message naming
# the function and the file offset (or the module offset for module-level
# rules), never a crash; a truncated module and random bytes are refused too.
#   reject.sh TOOLS_DIR WORK_DIR
set -u
tools=$1
work=$2
mkdir -p "$work"
fail=0
check() { # name file pattern
	local out rc
	out=$("$tools/vela-wasm" "$2" -o "$work/out.vo" 2>&1)
	rc=$?
	if [[ $rc == 1 && $out =~ $3 ]]; then
		echo "[OK] wasm-reject:$1 ($out)"
	else
		echo "[FAIL] wasm-reject:$1: exit $rc, message '$out' (want /$3/)"
		fail=1
	fi
}
for w in tests/wasm/invalid/*.wat; do
	n=$(basename "$w" .wat)
	wat2wasm --no-check "$w" -o "$work/$n.wasm" || { echo "[FAIL] wasm-reject:$n: wat2wasm"; fail=1; continue; }
	case $n in
	limits) check "$n" "$work/$n.wasm" "invalid module at offset 0x[0-9a-f]+: size minimum" ;;
	unknown-data) check "$n" "$work/$n.wasm" "function [0-9]+ at offset 0x[0-9a-f]+: unknown data segment" ;;
	*) check "$n" "$work/$n.wasm" "function [0-9]+ at offset 0x[0-9a-f]+: " ;;
	esac
done
wat2wasm tests/wasm/invalid/../invalid/type-mismatch.wat --no-check -o "$work/t.wasm"
head -c 20 "$work/t.wasm" >"$work/truncated.wasm"
check truncated "$work/truncated.wasm" "malformed module at offset 0x[0-9a-f]+"
head -c 4096 /dev/urandom >"$work/random.wasm"
check random "$work/random.wasm" "magic header"
exit $fail
