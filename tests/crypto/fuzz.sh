#!/usr/bin/env bash
# Bounded run of the crypto differential fuzzer (lib/crypto vs libsodium).
#   fuzz.sh FUZZER CORPUS_DIR SECONDS
# Prints [OK] crypto-fuzz:differential, or [FAIL] with the crashing input kept
# in the corpus directory's parent.
set -u
fuzzer=$1 corpus=$2 seconds=$3
mkdir -p "$corpus"
art=$(dirname "$corpus")/
"$fuzzer" "$corpus" -max_total_time="$seconds" -max_len=2048 -artifact_prefix="$art" \
	-print_final_stats=1 2>&1 | tail -n 25
status=${PIPESTATUS[0]}
if ((status == 0)); then
	echo "[OK] crypto-fuzz:differential"
else
	echo "[FAIL] crypto-fuzz:differential: disagreement or crash (status $status), input in $art"
fi
exit $status
