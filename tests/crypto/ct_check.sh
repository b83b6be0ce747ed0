#!/usr/bin/env bash
# Run the constant-time check under memcheck. The program prints the [OK]/[FAIL]
# lines; memcheck's own report (which names the offending source lines) goes to
# the step log.
set -u
exec valgrind --tool=memcheck --quiet --track-origins=yes \
	--num-callers=30 "$1"
