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
# Arguments and environment (tests/vela/args.vs): the argument block laid out
# as the kernel does, with an empty argument, spaces, non-ASCII bytes, an
# option-like argument after the file, --env replacing and adding variables;
# both backends give tests/vela/args.expected. Then blocks that do not fit.
bin_abs=$(realpath "$bin")
"$bin/vela-as" -o "$work/args.vo" tests/vela/args.vs || fail=1
for be in interp native; do
	opt=()
	[[ $be == interp ]] && opt=(--interp)
	(cd "$work" && "$bin_abs/vela-run" "${opt[@]}" --env HOME=/home/u --env LANG=C.UTF-8 -- \
		args.vo "" "two words" "$(printf 'caf\xc3\xa9 \xff')" --env x) \
		>"$work/args.$be.out" 2>"$work/args.$be.err"
	st=$?
	if [[ $st == 0 ]] && cmp -s "$work/args.$be.out" tests/vela/args.expected; then
		echo "[OK] vela-examples:args-$be"
	elif [[ $be == native ]] && grep -q "not built" "$work/args.$be.err"; then
		echo "[OK] vela-examples:args-$be (native backend not built)"
	else
		echo "[FAIL] vela-examples:args-$be: status $st: $(head -1 "$work/args.$be.err")"
		diff tests/vela/args.expected "$work/args.$be.out" | head -5
		fail=1
	fi
done
too_long=$(head -c 5000 /dev/zero | tr '\0' a)
check_refused() { # NAME WANT-IN-STDERR VELA-RUN-ARGS...
	local name=$1 want=$2
	shift 2
	"$bin/vela-run" "$@" >/dev/null 2>"$work/$name.err"
	local st=$?
	if [[ $st == 2 ]] && grep -qF -- "$want" "$work/$name.err"; then
		echo "[OK] vela-examples:$name"
	else
		echo "[FAIL] vela-examples:$name: status $st: $(head -1 "$work/$name.err")"
		fail=1
	fi
}
check_refused args-too-many "71 and 2 strings (at most 64 each)" --interp "$work/args.vo" $(seq 70)
check_refused args-too-long "bytes of strings (at most 4096)" "$work/args.vo" "$too_long"
check_refused args-env-too-long "bytes of strings (at most 4096)" --interp --env "X=$too_long" \
	"$work/args.vo"
check_refused args-small-memory "do not fit" --interp --mem 8192 "$work/args.vo" \
	"${too_long:0:3000}"
check_refused args-bad-env "expected NAME=VALUE" --env NOEQUALS "$work/args.vo"
exit $fail
