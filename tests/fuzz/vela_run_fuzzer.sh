#!/usr/bin/env bash
# Run one libFuzzer target for a bounded time and report [OK]/[FAIL].
#   vela_run_fuzzer.sh FUZZER SECONDS [SEED_DIR...]
# The corpus lives under build/fuzz/corpus/NAME (seeded from SEED_DIRs);
# crash artifacts go to build/fuzz/artifacts/.
set -u
fuzzer=$1
secs=$2
shift 2
name=$(basename "$fuzzer")
corpus=build/fuzz/corpus/$name
art=build/fuzz/artifacts/$name-
mkdir -p "$corpus" build/fuzz/artifacts
for d in "$@"; do
	cp -f "$d"/*.vs "$d"/*.inc "$d"/*.vo "$corpus"/ 2>/dev/null
done
log=build/fuzz/$name.log
"$fuzzer" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
	-artifact_prefix="$art" "$corpus" >"$log" 2>&1
status=$?
runs=$(grep -a -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$')
if [[ $status == 0 ]]; then
	echo "[OK] $name:fuzz-${secs}s (${runs:-?} runs, corpus $(ls "$corpus" | wc -l))"
	exit 0
fi
echo "[FAIL] $name:fuzz-${secs}s: fuzzer exited $status, see $log"
grep -a -E 'ERROR|SUMMARY|artifact' "$log" | head -5
exit 1
