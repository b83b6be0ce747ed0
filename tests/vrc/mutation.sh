#!/usr/bin/env bash
# Mutation test: with VRC_MUTATION set, a transfer function of the analysis is
# broken on purpose (lib/vrc/dom_impl.h); the fuzzer must then die because the
# checker refuses a claim (or the oracle catches an unsound elision) within the
# bounded run. Surviving the run is the failure.
#   mutation.sh FUZZER WORKDIR SECONDS
set -u
fuzzer=$1
work=$2
secs=$3
mkdir -p "$work/corpus"
fail=0
for m in 1 2; do
	name=$([[ $m == 1 ]] && echo sll_known_bits || echo add_upper_bound)
	log=$work/mutation-$m.log
	rm -rf "$work/corpus" && mkdir -p "$work/corpus"
	start=$(date +%s)
	if VRC_MUTATION=$m "$fuzzer" -max_total_time="$secs" -max_len=1024 -timeout=30 \
		-rss_limit_mb=4096 -seed=$m "$work/corpus" >"$log" 2>&1; then
		echo "[FAIL] vrc-mutation:$name: survived ${secs}s of fuzzing"
		fail=1
	elif grep -qE 'VRC mutation caught|UNSOUND|differ' "$log"; then
		how=$(grep -m1 -oE 'VRC mutation caught[^:]*|UNSOUND|differ' "$log")
		echo "[OK] vrc-mutation:$name (caught after $(($(date +%s) - start))s: $how)"
	else
		echo "[FAIL] vrc-mutation:$name: died for another reason, see $log"
		fail=1
	fi
done
exit $fail
