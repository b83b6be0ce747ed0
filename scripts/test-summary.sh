#!/usr/bin/env bash
# Sum the [OK]/[FAIL] lines of every step log and print the project's one
# summary line. A step that left no log at all (its rule failed to build) counts
# as a failure. Exit status: 0 only when nothing failed.
set -u
logdir=$1
shift
passed=0
failed=0
for step in "$@"; do
	log=$logdir/$step.log
	if [[ ! -f $log ]]; then
		echo "[FAIL] $step:missing: the step did not run (build failure?)"
		failed=$((failed + 1))
		continue
	fi
	ok=$(grep -c '^\[OK\]' "$log")
	bad=$(grep -c '^\[FAIL\]' "$log")
	passed=$((passed + ok))
	failed=$((failed + bad))
	grep '^\[FAIL\]' "$log"
done
echo "$passed passed, $failed failed"
((failed == 0))
