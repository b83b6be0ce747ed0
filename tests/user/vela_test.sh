#!/usr/bin/env bash
# The user programs as AetherOS runs them (clang wasm32 -> vela-wasm -> VELA,
# translated by AetherBridge under vela-run) against the same programs built
# natively: identical stdout, stderr and exit status. vela-run passes no
# program arguments yet, so the cases read standard input.
#   vela_test.sh VELA_RUN VO_DIR NATIVE_DIR WORK_DIR
set -u
run=$(realpath "$1")
vo=$(realpath "$2")
native=$(realpath "$3")
work=$4
rm -rf "$work" && mkdir -p "$work" && work=$(realpath "$work")
cd "$work" || exit 1
fails=0

# same NAME PROGRAM STDIN_FILE [DIR]: the wasm build under vela-run == the
# native build, both run in DIR (default: the work directory)
same() {
	local name=$1 prog=$2 in=$3 dir=${4:-.}
	(cd "$dir" && "$run" --caps all "$vo/$prog.vo") <"$in" >"$name.vela.out" 2>"$name.vela.err"
	echo "exit $?" >>"$name.vela.out"
	(cd "$dir" && "$native/$prog") <"$in" >"$name.native.out" 2>"$name.native.err"
	echo "exit $?" >>"$name.native.out"
	if ! cmp -s "$name.vela.out" "$name.native.out"; then
		echo "[FAIL] user-vela:$name: stdout or status differs ($work/$name.*.out)"
		fails=$((fails + 1))
	elif ! cmp -s "$name.vela.err" "$name.native.err"; then
		echo "[FAIL] user-vela:$name: stderr differs ($work/$name.*.err)"
		fails=$((fails + 1))
	else
		echo "[OK] user-vela:$name ($(wc -l <"$name.native.out") lines)"
	fi
}

printf 'alpha\nBeta\ngamma alpha\n' >text
head -c 3000 /dev/urandom >random.bin
: >empty
same cat cat text
same cat-binary cat random.bin
same cat-empty cat empty
same wc wc text
same wc-binary wc random.bin
same hexdump hexdump random.bin
same hexdump-empty hexdump empty
same sha256sum sha256sum random.bin
same sha256sum-empty sha256sum empty
same head head random.bin
same tail tail text
same uname uname empty
same true true empty
same false false empty
same echo echo empty
printf 'help\ncd /nonexistent-dir\necho-is-not-a-builtin\nexport A=1\nexit 3\n' >builtins.sh
same sh-builtins sh builtins.sh
printf 'cd /\npwd\ncd /nope || pwd\n' >cd.sh
same sh-cd sh cd.sh
# ls of "." (no arguments yet): opendir/readdir, that is WASI fd_readdir over
# getdents; 40 long names need more than one 4 KiB fd_readdir buffer
mkdir -p lsdir/sub && : >lsdir/.hidden
for i in $(seq -w 1 40); do : >"lsdir/entry-$i-$(printf '%0150d' 0)"; done
same ls ls empty lsdir
exit $((fails != 0))
