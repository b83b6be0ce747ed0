#!/usr/bin/env bash
# Bounded run of the VRC soundness fuzzer (tests/fuzz/vrc_fuzz.c).
#   fuzz.sh FUZZER CORPUS_DIR SECONDS
set -u
fuzzer=$1
corpus=$2
secs=$3
mkdir -p "$corpus"
log=$corpus/../vrc_fuzz.log
if "$fuzzer" -max_total_time="$secs" -max_len=1024 -timeout=30 -rss_limit_mb=4096 \
	-print_final_stats=1 "$corpus" >"$log" 2>&1; then
	runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$')
	echo "[OK] vrc-fuzz:oracle (${runs:-?} random programs in ${secs}s: no elided guard on an out-of-bounds access, translations agree with the interpreter, the checker accepted every certificate)"
else
	echo "[FAIL] vrc-fuzz:oracle: see $log"
	grep -m3 -E 'vrc_fuzz|ERROR|SEGV' "$log"
	exit 1
fi
