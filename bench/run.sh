#!/usr/bin/env bash
# AetherBridge benchmarks: each kernel in C (gcc -O2) and in VELA; prints, per
# kernel, the median wall time of RUNS runs for native C, vela-run normal,
# all-guards and UNSAFE no-guards (bench build), one interpreter run, the ratios to
# native, and the translation speed; then geometric means.
#   run.sh BENCHDIR VELA_RUN_BENCH XLAT_SPEED [RUNS]
set -u
dir=$1
vrun=$2
xlat=$3
runs=${4:-5}
kernels="sieve quicksort matmul crc32 sha256 strsearch nbody vdot"

median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

# Wall-clock time of one process run in ms (fork/exec and, for VELA, loading and
# translation included: they are small next to the runs). vela-run is timed without
# --stats, so no dynamic guard counters are compiled into the code being timed.
wall() {
	local t0=$EPOCHREALTIME
	"$@" >/dev/null 2>&1 </dev/null
	local t1=$EPOCHREALTIME
	echo "($t1 - $t0) * 1000" | bc -l
}
printf '%-10s %9s %9s %9s %9s %10s %7s %7s %7s %8s %9s\n' kernel "C ms" "normal" "allguard" "unsafe" "interp" \
	"norm/C" "all/C" "uns/C" "int/C" "ns/insn"
fail=0
declare -a rn ra ru ri gn ga mrn mgn mga
for k in $kernels; do
	want=$("$dir/$k" 2>/dev/null)
	for mode in "" "--all-guards" "--unsafe" "--interp"; do
		got=$("$vrun" $mode --seed 9 "$dir/$k.vo" 2>/dev/null)
		if [[ $got != "$want" ]]; then
			echo "$k: output '$got' with '$mode' differs from C's '$want'" >&2
			fail=1
		fi
	done
	# interleave the variants so that load changes hit them alike
	tc=() tn=() ta=() tu=()
	for i in $(seq "$runs"); do
		tc+=("$(wall "$dir/$k")")
		tn+=("$(wall "$vrun" --seed "$i" "$dir/$k.vo")")
		ta+=("$(wall "$vrun" --all-guards --seed "$i" "$dir/$k.vo")")
		tu+=("$(wall "$vrun" --unsafe --seed "$i" "$dir/$k.vo")")
	done
	c=$(printf '%s\n' "${tc[@]}" | median)
	n=$(printf '%s\n' "${tn[@]}" | median)
	a=$(printf '%s\n' "${ta[@]}" | median)
	u=$(printf '%s\n' "${tu[@]}" | median)
	it=$(wall "$vrun" --interp "$dir/$k.vo")
	# minima: the least disturbed run of each variant (load on a shared machine)
	mc=$(printf '%s\n' "${tc[@]}" | sort -g | head -1)
	mn=$(printf '%s\n' "${tn[@]}" | sort -g | head -1)
	ma=$(printf '%s\n' "${ta[@]}" | sort -g | head -1)
	mu=$(printf '%s\n' "${tu[@]}" | sort -g | head -1)
	mrn+=("$(echo "l($mn / $mc)" | bc -l)")
	mgn+=("$(echo "l($mn / $mu)" | bc -l)")
	mga+=("$(echo "l($ma / $mu)" | bc -l)")
	x=$("$xlat" --reps 20 "$dir/$k.vo" | awk '{print $3}')
	printf '%-10s %9.2f %9.2f %9.2f %9.2f %10.1f %7.2f %7.2f %7.2f %8.1f %9.1f\n' "$k" "$c" "$n" "$a" "$u" "$it" \
		"$(echo "$n / $c" | bc -l)" "$(echo "$a / $c" | bc -l)" "$(echo "$u / $c" | bc -l)" \
		"$(echo "$it / $c" | bc -l)" "$x"
	rn+=("$(echo "l($n / $c)" | bc -l)")
	ra+=("$(echo "l($a / $c)" | bc -l)")
	ru+=("$(echo "l($u / $c)" | bc -l)")
	ri+=("$(echo "l($it / $c)" | bc -l)")
	gn+=("$(echo "l($n / $u)" | bc -l)")
	ga+=("$(echo "l($a / $u)" | bc -l)")
	xs+=("$x")
done
geo() { printf '%s\n' "$@" | awk '{s += $1; n++} END {printf "%.3f", exp(s / n)}'; }
echo "geomean ratio to native C: normal $(geo "${rn[@]}")x, all-guards $(geo "${ra[@]}")x," \
	"unsafe $(geo "${ru[@]}")x, interpreter $(geo "${ri[@]}")x"
echo "guard cost (geomean over unsafe): normal +$(geo "${gn[@]}" | awk '{printf "%.1f", ($1 - 1) * 100}')%," \
	"all-guards +$(geo "${ga[@]}" | awk '{printf "%.1f", ($1 - 1) * 100}')%"
echo "minima of the runs instead of medians: normal $(geo "${mrn[@]}")x native," \
	"guard cost normal +$(geo "${mgn[@]}" | awk '{printf "%.1f", ($1 - 1) * 100}')%," \
	"all-guards +$(geo "${mga[@]}" | awk '{printf "%.1f", ($1 - 1) * 100}')%"
echo "translation: $(printf '%s\n' "${xs[@]}" | awk '{s += $1; n++} END {printf "%.1f", s / n}') ns per VELA instruction (mean of the kernels' medians, thread CPU time)"
big=$(for k in $kernels; do "$xlat" --reps 2 --replicate 30 "$dir/$k.vo"; done | awk '{s += $3; n++} END {printf "%.1f", s / n}')
echo "translation of 30 concatenated copies of each kernel (fixed cost amortised): $big ns per VELA instruction"
exit $fail
