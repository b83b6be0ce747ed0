#!/usr/bin/env bash
# Run the constant-time check programs under memcheck (the host build, with the
# vectorised ChaCha20, and the portable build the kernel uses). Each program
# prints its [OK]/[FAIL] lines; memcheck's own report (which names the
# offending source lines, and the planted leaks) goes to the step log.
set -u
status=0
for prog in "$@"; do
	echo "# $prog"
	valgrind --tool=memcheck --quiet --track-origins=yes --num-callers=30 "$prog" |
		sed "s/^\[\(OK\|FAIL\)\] ct:/[\1] ct:$(basename "$prog")\//" || status=1
	((PIPESTATUS[0] == 0)) || status=1
done
exit $status
