#!/usr/bin/env bash
# The VELA examples and opcode tests through AetherBridge:
#  1. diff_objs: interpreter versus translator, every observable, 6 seeds x 2 modes;
#  2. vela-run (native backend) output and exit status against NAME.expected /
#     NAME.status under three seeds and --all-guards.
#   examples.sh BINDIR DIFF_OBJS WORKDIR
set -u
bin=$1
diffobjs=$2
work=$3/examples
mkdir -p "$work"
fail=0
objs=()
for src in examples/vela/*.vs tests/vela/all-ops.vs; do
	[[ -f $src ]] || continue
	name=$(basename "$src" .vs)
	if ! "$bin/vela-as" -o "$work/$name.vo" "$src" 2>"$work/$name.as.err"; then
		echo "[FAIL] bridge-examples:$name: does not assemble"
		fail=1
		continue
	fi
	objs+=("$work/$name.vo")
done
"$diffobjs" "${objs[@]}" || fail=1
for src in examples/vela/*.vs; do
	name=$(basename "$src" .vs)
	dir=$(dirname "$src")
	[[ -f $dir/$name.expected && -f $work/$name.vo ]] || continue
	input=/dev/null
	[[ -f $dir/$name.stdin ]] && input=$dir/$name.stdin
	want_status=$(sed -n 1p "$dir/$name.status")
	want_err=$(sed -n 2p "$dir/$name.status")
	ok=1
	for args in "--seed 1" "--seed 77" "--seed 123456789" "--all-guards --seed 5"; do
		# shellcheck disable=SC2086
		"$bin/vela-run" $args "$work/$name.vo" <"$input" >"$work/$name.nout" 2>"$work/$name.nerr"
		status=$?
		if ! cmp -s "$work/$name.nout" "$dir/$name.expected"; then
			echo "[FAIL] bridge-examples:$name: ($args) stdout differs from $name.expected"
			ok=0
			break
		elif [[ $status != "$want_status" ]]; then
			echo "[FAIL] bridge-examples:$name: ($args) exit status $status, expected $want_status"
			head -3 "$work/$name.nerr"
			ok=0
			break
		elif [[ -n $want_err ]] && ! grep -qF -- "$want_err" "$work/$name.nerr"; then
			echo "[FAIL] bridge-examples:$name: ($args) stderr lacks '$want_err'"
			ok=0
			break
		fi
	done
	if ((ok)); then
		echo "[OK] bridge-examples:$name"
	else
		fail=1
	fi
done
exit $fail
