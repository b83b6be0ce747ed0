#!/usr/bin/env bash
# Assemble every examples/vela/*.vs, run it under the reference interpreter
# and compare stdout with NAME.expected and the exit status (and, for traps,
# the trap line on stderr) with NAME.status. NAME.stdin, if present, is the
# program's input.
#   run-examples.sh BINDIR WORKDIR
set -u
bin=$1
work=$2/examples
mkdir -p "$work"
fail=0
for src in examples/vela/*.vs; do
	name=$(basename "$src" .vs)
	dir=$(dirname "$src")
	obj=$work/$name.vo
	if ! "$bin/vela-as" -o "$obj" "$src" 2>"$work/$name.as.err"; then
		echo "[FAIL] vela-examples:$name: does not assemble: $(head -1 "$work/$name.as.err")"
		fail=1
		continue
	fi
	input=/dev/null
	[[ -f $dir/$name.stdin ]] && input=$dir/$name.stdin
	"$bin/vela-run" --interp "$obj" <"$input" >"$work/$name.out" 2>"$work/$name.err"
	status=$?
	want_status=$(sed -n 1p "$dir/$name.status" 2>/dev/null)
	want_err=$(sed -n 2p "$dir/$name.status" 2>/dev/null)
	if [[ ! -f $dir/$name.expected || -z $want_status ]]; then
		echo "[FAIL] vela-examples:$name: missing $name.expected or $name.status"
		fail=1
	elif ! cmp -s "$work/$name.out" "$dir/$name.expected"; then
		echo "[FAIL] vela-examples:$name: stdout differs from $name.expected"
		diff "$dir/$name.expected" "$work/$name.out" | head -5
		fail=1
	elif [[ $status != "$want_status" ]]; then
		echo "[FAIL] vela-examples:$name: exit status $status, expected $want_status"
		cat "$work/$name.err"
		fail=1
	elif [[ -n $want_err ]] && ! grep -qF -- "$want_err" "$work/$name.err"; then
		echo "[FAIL] vela-examples:$name: stderr lacks '$want_err'"
		cat "$work/$name.err"
		fail=1
	else
		echo "[OK] vela-examples:$name"
	fi
done
# Without --interp, vela-run must say the native backend is missing (exit 2)
# unless the translator is built.
"$bin/vela-run" "$work/hello.vo" >"$work/native.out" 2>"$work/native.err"
st=$?
if [[ $st == 2 ]] && grep -q "not built" "$work/native.err"; then
	echo "[OK] vela-examples:native-backend-missing-message"
elif [[ $st == 0 ]] && cmp -s "$work/native.out" examples/vela/hello.expected; then
	echo "[OK] vela-examples:native-backend-hello"
else
	echo "[FAIL] vela-examples:native-backend: status $st: $(head -1 "$work/native.err")"
	fail=1
fi
# Load-time refusals: a capability the program lacks, a corrupt object.
"$bin/vela-as" -o "$work/caps.vo" tests/vela/caps.vs || fail=1
"$bin/vela-run" --interp --caps fs_read,crypto "$work/caps.vo" >/dev/null 2>"$work/caps.err"
st=$?
want="rejected: pc=0x0 : opcode needs a capability the program lacks NET"
if [[ $st == 2 ]] && grep -qF "$want" "$work/caps.err"; then
	echo "[OK] vela-examples:refuse-missing-capability"
else
	echo "[FAIL] vela-examples:refuse-missing-capability: status $st: $(head -1 "$work/caps.err")"
	fail=1
fi
"$bin/vela-run" --interp --caps net "$work/caps.vo" >/dev/null 2>&1
st=$?
if [[ $st == 218 ]]; then # granted: runs; the shim answers -ENOSYS (-38 & 0xff = 218)
	echo "[OK] vela-examples:run-with-capability"
else
	echo "[FAIL] vela-examples:run-with-capability: status $st"
	fail=1
fi
head -c 40 "$work/hello.vo" >"$work/truncated.vo"
"$bin/vela-run" --interp "$work/truncated.vo" >/dev/null 2>"$work/trunc.err"
st=$?
if [[ $st == 2 ]] && grep -q "bad magic\|outside the file\|header" "$work/trunc.err"; then
	echo "[OK] vela-examples:refuse-truncated-object"
else
	echo "[FAIL] vela-examples:refuse-truncated-object: status $st: $(head -1 "$work/trunc.err")"
	fail=1
fi
exit $fail
