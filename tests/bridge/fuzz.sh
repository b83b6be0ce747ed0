#!/usr/bin/env bash
# Bounded run of the AetherBridge differential fuzzer (tests/fuzz/bridge_fuzz.c).
#   fuzz.sh FUZZER CORPUS_DIR SECONDS
set -u
fuzzer=$1
corpus=$2
secs=$3
mkdir -p "$corpus"
log=$corpus/../bridge_fuzz.log
if "$fuzzer" -max_total_time="$secs" -max_len=1024 -len_control=0 -timeout=10 -rss_limit_mb=4096 \
	-print_final_stats=1 "$corpus" >"$log" 2>&1; then
	runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$')
	echo "[OK] bridge-fuzz:differential (${runs:-?} programs in ${secs}s)"
else
	echo "[FAIL] bridge-fuzz:differential: see $log"
	grep -m3 -E 'differ|ERROR|SEGV' "$log"
	exit 1
fi
