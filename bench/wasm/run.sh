#!/usr/bin/env bash
# The bench kernels' C versions compiled three ways and timed in the same run:
# native gcc -O2, V8 (node runs the clang .wasm under WASI) and
# clang -> wasm -> vela-wasm -> AetherBridge (vela-run normal and --all-guards).
# Times are the kernels' own compute times (clock_gettime inside the program),
# median of RUNS runs, variants interleaved.
#   run.sh OUT_DIR TOOLS_DIR [RUNS] [VELA_WASM_FLAGS]
set -u
out=$1
tools=$2
runs=${3:-5}
vwflags=${4:---sandbox}
here=$(dirname "$0")
kernels="sieve quicksort matmul crc32 sha256 strsearch nbody vdot fnbody fmatmul"
mkdir -p "$out"
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
us() { "$@" 2>&1 >/dev/null </dev/null | awk '/^bench-us/ {print $2}'; }
printf '%-10s %9s %9s %9s %9s %7s %7s %7s %9s\n' kernel "gcc us" "V8 us" "vela us" "allg us" \
	"V8/C" "vela/C" "allg/C" "vela/V8"
fail=0
declare -a r8 rv ra rvv
for k in $kernels; do
	d=$out/$k
	mkdir -p "$d"
	cp "$here/../$k.c" "$d/$k.c"
	cp "$here/bench_c.h" "$d/bench_c.h"
	gcc -O2 -o "$d/$k.native" "$d/$k.c" -lm || { fail=1; continue; }
	clang --target=wasm32-wasi -O2 -o "$d/$k.wasm" "$d/$k.c" || { fail=1; continue; }
	"$tools/vela-wasm" $vwflags "$d/$k.wasm" -o "$d/$k.vo" || { fail=1; continue; }
	want=$("$d/$k.native" 2>/dev/null)
	for v in "$tools/vela-run $d/$k.vo" "$tools/vela-run --all-guards $d/$k.vo" \
		"node --experimental-wasi-unstable-preview1 --no-warnings $here/wasi-run.mjs $d/$k.wasm"; do
		got=$($v 2>/dev/null)
		if [[ $got != "$want" ]]; then
			echo "$k: '$v' printed '$got', native '$want'" >&2
			fail=1
		fi
	done
	tc=() t8=() tv=() ta=()
	for i in $(seq "$runs"); do
		tc+=("$(us "$d/$k.native")")
		t8+=("$(us node --experimental-wasi-unstable-preview1 --no-warnings "$here/wasi-run.mjs" "$d/$k.wasm")")
		tv+=("$(us "$tools/vela-run" --seed "$i" "$d/$k.vo")")
		ta+=("$(us "$tools/vela-run" --all-guards --seed "$i" "$d/$k.vo")")
	done
	c=$(printf '%s\n' "${tc[@]}" | median)
	e=$(printf '%s\n' "${t8[@]}" | median)
	v=$(printf '%s\n' "${tv[@]}" | median)
	a=$(printf '%s\n' "${ta[@]}" | median)
	printf '%-10s %9s %9s %9s %9s %7.2f %7.2f %7.2f %9.2f\n' "$k" "$c" "$e" "$v" "$a" \
		"$(echo "$e / $c" | bc -l)" "$(echo "$v / $c" | bc -l)" "$(echo "$a / $c" | bc -l)" \
		"$(echo "$v / $e" | bc -l)"
	r8+=("$(echo "l($e / $c)" | bc -l)")
	rv+=("$(echo "l($v / $c)" | bc -l)")
	ra+=("$(echo "l($a / $c)" | bc -l)")
	rvv+=("$(echo "l($v / $e)" | bc -l)")
done
geo() { printf '%s\n' "$@" | awk '{s += $1; n++} END {printf "%.3f", exp(s / n)}'; }
echo "geomean ratio to native: V8 $(geo "${r8[@]}")x, vela normal $(geo "${rv[@]}")x," \
	"vela all-guards $(geo "${ra[@]}")x; vela normal / V8 $(geo "${rvv[@]}")x"
if [[ $fail != 0 ]]; then
	echo "[FAIL] bench-wasm: outputs differ or a build failed"
	exit 1
fi
echo "[OK] bench-wasm"
