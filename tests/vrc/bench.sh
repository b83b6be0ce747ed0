#!/usr/bin/env bash
# VRC benchmark rows (make bench): per kernel, static bounds guards (total,
# elided by VRC, %), dynamic guard executions (all-guards total, avoided by VRC,
# %), wall time of normal (VRC) versus all-guards (median of RUNS), the analysis'
# share of translation time (median of RUNS, thread CPU time: VRC analyse +
# certify + check against the translator proper), checker disagreements, and the
# upper bound: the share of static accesses that never went out of bounds in any
# run (the interpreter and every translated run here).
#   bench.sh BENCHDIR VELA_RUN_BENCH [RUNS]
set -u
dir=$1
vrun=$2
runs=${3:-5}
kernels="sieve quicksort matmul crc32 sha256 strsearch nbody vdot"
loops="sieve matmul crc32 sha256 strsearch nbody vdot" # quicksort: recursion
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
wall() {
	local t0=$EPOCHREALTIME
	"$@" >/dev/null 2>&1 </dev/null
	local t1=$EPOCHREALTIME
	echo "($t1 - $t0) * 1000" | bc -l
}
# executed load+store guards in a --stats run
dyn() { "$vrun" --stats "$@" 2>&1 >/dev/null | awk '$2 == "load" || $2 == "store" {s += $5} END {print s + 0}'; }
printf '%-10s %14s %26s %9s %9s %7s %13s %6s %9s\n' kernel "static elided" "dynamic avoided" \
	"normal" "allguard" "speedup" "analysis/xlat" "disagr" "bound"
fail=0
declare -a sp dp ap
for k in $kernels; do
	stats=$("$vrun" --stats --seed 1 "$dir/$k.vo" 2>&1 >/dev/null | grep 'VRC:')
	el=$(sed -E 's/.*VRC: ([0-9]+)\/([0-9]+) bounds.*/\1/' <<<"$stats")
	tot=$(sed -E 's/.*VRC: ([0-9]+)\/([0-9]+) bounds.*/\2/' <<<"$stats")
	dis=$(sed -E 's/.* ([0-9]+) checker disagreements.*/\1/' <<<"$stats")
	dall=$(dyn --all-guards --seed 1 "$dir/$k.vo")
	dnorm=$(dyn --seed 1 "$dir/$k.vo")
	an=() xl=() tn=() ta=()
	for i in $(seq "$runs"); do
		s=$("$vrun" --stats --seed "$i" "$dir/$k.vo" 2>&1 >/dev/null | grep 'VRC:')
		an+=("$(sed -E 's/.*analysis ([0-9.]+) us of ([0-9.]+) us.*/\1/' <<<"$s")")
		xl+=("$(sed -E 's/.*analysis ([0-9.]+) us of ([0-9.]+) us.*/\2/' <<<"$s")")
		tn+=("$(wall "$vrun" --seed "$i" "$dir/$k.vo")")
		ta+=("$(wall "$vrun" --all-guards --seed "$i" "$dir/$k.vo")")
	done
	a=$(printf '%s\n' "${an[@]}" | median)
	x=$(printf '%s\n' "${xl[@]}" | median)
	n=$(printf '%s\n' "${tn[@]}" | median)
	g=$(printf '%s\n' "${ta[@]}" | median)
	# upper bound: accesses that ever trapped out of bounds cannot be elided
	oob=0
	if "$vrun" --interp "$dir/$k.vo" 2>&1 >/dev/null | grep -q 'OOB'; then oob=1; fi
	bound=$(echo "($tot - $oob) * 100 / $tot" | bc -l)
	spct=$(echo "$el * 100 / $tot" | bc -l)
	dpct=$(echo "($dall - $dnorm) * 100 / ($dall + ($dall == 0))" | bc -l)
	share=$(echo "$a * 100 / ($x - $a)" | bc -l)
	printf '%-10s %4d/%-3d %5.1f%% %11d/%-11d %5.1f%% %8.2f %9.2f %6.2fx %12.0f%% %6d %8.0f%%\n' \
		"$k" "$el" "$tot" "$spct" "$((dall - dnorm))" "$dall" "$dpct" "$n" "$g" \
		"$(echo "$g / $n" | bc -l)" "$share" "$dis" "$bound"
	if [[ " $loops " == *" $k "* ]]; then
		sp+=("$spct")
		dp+=("$dpct")
	fi
	ap+=("$share")
done
mean() { printf '%s\n' "$@" | awk '{s += $1; n++} END {printf "%.1f", s / n}'; }
echo "loop kernels ($loops): static bounds guards elided $(mean "${sp[@]}")% (aim 90%)," \
	"dynamic guard executions avoided $(mean "${dp[@]}")% (aim 80%)"
echo "analysis time added to translation (VRC analyse+certify+check over the translator proper):" \
	"mean $(mean "${ap[@]}")% (aim <= 50%)"
exit $fail
