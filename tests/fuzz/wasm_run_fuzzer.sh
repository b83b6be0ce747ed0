#!/usr/bin/env bash
# Seed the importer fuzzer with WebAssembly modules (examples and a sample
# of the spec suite converted by the harness), then run it for a bounded time
# through vela_run_fuzzer.sh.
#   wasm_run_fuzzer.sh FUZZER SECONDS SEED_DIR...
set -u
fuzzer=$1
secs=$2
shift 2
corpus=build/fuzz/corpus/$(basename "$fuzzer")
mkdir -p "$corpus"
for d in "$@"; do
	find "$d" -name '*.wasm' -size -200k 2>/dev/null | head -400 | while read -r f; do
		cp -f "$f" "$corpus/$(echo "$f" | tr / _)"
	done
done
exec "$(dirname "$0")/vela_run_fuzzer.sh" "$fuzzer" "$secs"
