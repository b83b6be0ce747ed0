#!/usr/bin/env bash
# Run one test step, keep its log, and normalise its result lines.
#
#   run-test.sh NAME [--cmocka] COMMAND [ARGS...]
#
# Output lines of the form `[OK] suite:name` / `[FAIL] suite:name: reason` are
# the project's test signal. With --cmocka the command is a cmocka binary: its
# TAP output (`ok 3 - test_x`, `not ok 4 - test_y`) is turned into that form,
# with NAME as the suite. Whatever the command prints, a non-zero exit with no
# [FAIL] line is reported as `[FAIL] NAME:exit: status N`, so a crash can never
# pass silently. The log goes to build/test-logs/NAME.log.
set -u
name=$1
shift
cmocka=0
if [[ ${1:-} == --cmocka ]]; then
	cmocka=1
	shift
fi
logdir=${TEST_LOG_DIR:-build/test-logs}
mkdir -p "$logdir"
log=$logdir/$name.log
raw=$logdir/$name.raw

echo "=== $name: $*"
if ((cmocka)); then
	CMOCKA_MESSAGE_OUTPUT=TAP "$@" >"$raw" 2>&1
	status=$?
	sed -E -e "s/^ok [0-9]+ - (.*)$/[OK] $name:\1/" \
		-e "s/^not ok [0-9]+ - (.*)$/[FAIL] $name:\1: see log/" "$raw" >"$log"
else
	"$@" >"$raw" 2>&1
	status=$?
	cp "$raw" "$log"
fi
if ((status != 0)) && ! grep -q '^\[FAIL\]' "$log"; then
	echo "[FAIL] $name:exit: status $status" >>"$log"
fi
if ((status == 0)) && ! grep -q '^\[OK\]' "$log"; then
	echo "[FAIL] $name:empty: the step reported no test result" >>"$log"
fi
grep -E '^\[(OK|FAIL)\]' "$log" | grep -c '^\[OK\]' | xargs printf '    %s ok'
printf ', %s failed\n' "$(grep -c '^\[FAIL\]' "$log")"
grep '^\[FAIL\]' "$log" | sed 's/^/    /'
if grep -q '^\[FAIL\]' "$log"; then
	tail -n 30 "$raw" | sed 's/^/    | /'
	exit 1
fi
exit 0
