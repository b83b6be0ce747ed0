#!/usr/bin/env bash
# make bench step: reference-interpreter speed in VELA instructions per
# second, on the benchmark kernels (tests/vela/bench) and on all examples
# together. Prints one line per program and a summary.
#   bench-interp.sh BINDIR WORKDIR
set -u
bin=$1
work=$2/bench
mkdir -p "$work"
printf '%-16s %14s %9s %10s\n' program instructions seconds "M insn/s"
tot_i=0
tot_t=0
for src in tests/vela/bench/*.vs examples/vela/*.vs; do
	name=$(basename "$src" .vs)
	"$bin/vela-as" -o "$work/$name.vo" "$src" || exit 1
	input=/dev/null
	[[ -f examples/vela/$name.stdin ]] && input=examples/vela/$name.stdin
	line=$("$bin/vela-run" --interp --stats "$work/$name.vo" <"$input" 2>&1 >/dev/null |
		grep 'instructions in')
	insns=$(sed -E 's/.*interp: ([0-9]+) instructions in ([0-9.]+) s.*/\1/' <<<"$line")
	secs=$(sed -E 's/.*interp: ([0-9]+) instructions in ([0-9.]+) s.*/\2/' <<<"$line")
	rate=$(awk -v i="$insns" -v s="$secs" 'BEGIN { if (s > 0) printf "%.1f", i / s / 1e6; else print "-" }')
	printf '%-16s %14s %9s %10s\n' "$name" "$insns" "$secs" "$rate"
	tot_i=$((tot_i + insns))
	tot_t=$(awk -v a="$tot_t" -v b="$secs" 'BEGIN { print a + b }')
done
awk -v i="$tot_i" -v s="$tot_t" 'BEGIN { printf "%-16s %14d %9.3f %10.1f\n", "TOTAL", i, s, i / s / 1e6 }'
