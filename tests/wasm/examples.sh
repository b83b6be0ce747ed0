#!/usr/bin/env bash
# The C examples built through wasm (make: build/wasm/NAME.vo) against the
# same programs compiled natively with gcc: identical stdout and exit status,
# standard input from examples/c/NAME.stdin when present. examples/c/NAME.args
# (one argument a line, empty lines included) and examples/c/NAME.env (one
# NAME=VALUE a line) give both the same arguments and environment: gcc's program
# runs under `env -i PATH=/bin HOME=/ ...`, the environment vela-run gives by
# default, and vela-run gets each line as --env.
#   examples.sh TOOLS_DIR WASM_BUILD_DIR NAME...
set -u
tools=$(realpath "$1")
wb=$(realpath "$2")
shift 2
fail=0
work=$wb/examples-run
mkdir -p "$work"
for name in "$@"; do
	src=examples/c/$name.c
	in=/dev/null
	[[ -f examples/c/$name.stdin ]] && in=$(realpath "examples/c/$name.stdin")
	args=() envs=() envopts=()
	[[ -f examples/c/$name.args ]] && mapfile -t args <"examples/c/$name.args"
	[[ -f examples/c/$name.env ]] && mapfile -t envs <"examples/c/$name.env"
	for e in "${envs[@]}"; do
		envopts+=(--env "$e")
	done
	if ! gcc -O2 -w -o "$work/$name.native" "$src"; then
		echo "[FAIL] wasm-examples:$name: gcc failed"
		fail=1
		continue
	fi
	(cd "$work" && env -i PATH=/bin HOME=/ "${envs[@]}" ./"$name.native" "${args[@]}" <"$in" >"$name.native.out" 2>&1; echo "exit $?" >>"$name.native.out")
	(cd "$work" && "$tools/vela-run" "${envopts[@]}" "$wb/$name.vo" "${args[@]}" <"$in" >"$name.vela.out" 2>&1; echo "exit $?" >>"$name.vela.out")
	if [[ $(wc -l <"$work/$name.native.out") -lt 2 ]]; then
		echo "[FAIL] wasm-examples:$name: the native program printed nothing"
		fail=1
	elif cmp -s "$work/$name.native.out" "$work/$name.vela.out"; then
		echo "[OK] wasm-examples:$name ($(wc -l <"$work/$name.native.out") lines identical)"
	else
		echo "[FAIL] wasm-examples:$name: output differs from gcc's ($work/$name.*.out)"
		fail=1
	fi
done
exit $fail
