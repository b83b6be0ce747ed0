#!/usr/bin/env bash
# The user programs built natively (gcc, ASan/UBSan): output, messages on
# stderr and exit status of each, and shell sessions (pipes, redirection,
# && ||, $?, variables, quoting, scripts, cd). One [OK]/[FAIL] line per case.
#   host_test.sh BIN_DIR WORK_DIR
set -u
bin=$(realpath "$1")
work=$2
rm -rf "$work" && mkdir -p "$work" && work=$(realpath "$work")
cd "$work" || exit 1
fails=0
export PATH="$bin:/usr/bin:/bin"

# check NAME STATUS EXPECTED_STDOUT EXPECTED_STDERR -- COMMAND...  (stdin from $IN if set)
check() {
	local name=$1 want_status=$2 want_out=$3 want_err=$4
	shift 5
	local out err status
	out=$("$@" <"${IN:-/dev/null}" 2>"$work/.err")
	status=$?
	err=$(cat "$work/.err")
	if [[ $status != "$want_status" ]]; then
		echo "[FAIL] user-host:$name: exit status $status, expected $want_status (stderr: $err)"
		fails=$((fails + 1))
	elif [[ $out != "$want_out" ]]; then
		echo "[FAIL] user-host:$name: stdout $(printf %q "$out"), expected $(printf %q "$want_out")"
		fails=$((fails + 1))
	elif [[ $want_err != "*" && $err != "$want_err" ]]; then
		echo "[FAIL] user-host:$name: stderr $(printf %q "$err"), expected $(printf %q "$want_err")"
		fails=$((fails + 1))
	else
		echo "[OK] user-host:$name"
	fi
}
# sh -c through the shell under test
shc() {
	local name=$1 st=$2 out=$3 err=$4
	shift 4
	check "sh-$name" "$st" "$out" "$err" -- "$bin/sh" -c "$1"
}

printf 'alpha\nBeta\ngamma alpha\n' >text
printf 'one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten\neleven\ntwelve\n' >lines

check true 0 "" "" -- "$bin/true"
check false 1 "" "" -- "$bin/false"
check echo 0 "a b  c" "" -- "$bin/echo" a b " c"
check echo-n 0 "x" "" -- "$bin/echo" -n x
check cat 0 "$(cat text)" "" -- "$bin/cat" text
check cat-stdin 0 "$(cat text)" "" -- env IN= "$bin/cat" text -
check cat-missing 1 "$(cat text)" "cat: /nope: No such file or directory" -- "$bin/cat" /nope text
check cat-dir 1 "" "cat: $work: Is a directory" -- "$bin/cat" "$work"
check wc 0 "      3       4      23 text" "" -- "$bin/wc" text
check wc-l 0 "     12 lines" "" -- "$bin/wc" -l lines
check wc-total 0 "$(printf '      3       4      23 text\n     12      12      63 lines\n     15      16      86 total')" "" -- "$bin/wc" text lines
check wc-missing 1 "" "wc: nope: No such file or directory" -- "$bin/wc" nope
check head 0 "$(head -n 10 lines)" "" -- "$bin/head" lines
check head-n 0 "$(printf 'one\ntwo')" "" -- "$bin/head" -n 2 lines
check head-bad 1 "" "head: invalid number of lines: 'x'" -- "$bin/head" -n x lines
check tail 0 "$(tail -n 10 lines)" "" -- "$bin/tail" lines
check tail-n3 0 "$(printf 'ten\neleven\ntwelve')" "" -- "$bin/tail" -n 3 lines
check tail-missing 1 "" "tail: nope: No such file or directory" -- "$bin/tail" nope
check grep 0 "$(printf 'alpha\ngamma alpha')" "" -- "$bin/grep" alpha text
check grep-i 0 "Beta" "" -- "$bin/grep" -i BETA text
check grep-n 0 "$(printf '1:alpha\n3:gamma alpha')" "" -- "$bin/grep" -n alpha text
check grep-v 0 "Beta" "" -- "$bin/grep" -v alpha text
check grep-none 1 "" "" -- "$bin/grep" zzz text
check grep-missing 2 "" "grep: nope: No such file or directory" -- "$bin/grep" a nope
check hexdump 0 "$(printf '00000000  68 69 0a                                          |hi.|\n00000003')" "" -- "$bin/hexdump" <(printf 'hi\n')
printf '%040d' 0 >zeros
check hexdump-star 0 "$(printf '00000000  30 30 30 30 30 30 30 30  30 30 30 30 30 30 30 30  |0000000000000000|\n*\n00000020  30 30 30 30 30 30 30 30                           |00000000|\n00000028')" "" -- "$bin/hexdump" zeros
check sha256sum 0 "$(sha256sum text)" "" -- "$bin/sha256sum" text
check sha256sum-missing 1 "" "sha256sum: nope: No such file or directory" -- "$bin/sha256sum" nope
check uname 0 "AetherOS" "" -- "$bin/uname"
check uname-a 0 "AetherOS aether 0.1 VELA on x86_64" "" -- "$bin/uname" -a
check sleep 0 "" "" -- "$bin/sleep" 0.1
check sleep-bad 1 "" "sleep: invalid time interval 'x'" -- "$bin/sleep" x
t=$("$bin/date" +%s)
if (( t >= $(date +%s) - 2 && t <= $(date +%s) )); then
	echo "[OK] user-host:date-epoch"
else
	echo "[FAIL] user-host:date-epoch: $t is not now ($(date +%s))"
	fails=$((fails + 1))
fi
d=$("$bin/date")
re='^[A-Z][a-z]{2} [A-Z][a-z]{2} [ 0-9][0-9] [0-9]{2}:[0-9]{2}:[0-9]{2} UTC [0-9]{4}$'
if [[ $d =~ $re && $d == *"$(/bin/date -u +%Y)" ]]; then
	echo "[OK] user-host:date"
else
	echo "[FAIL] user-host:date: '$d'"
	fails=$((fails + 1))
fi
check mkdir 0 "" "" -- "$bin/mkdir" d1
check mkdir-exists 1 "" "mkdir: cannot create directory 'd1': File exists" -- "$bin/mkdir" d1
check mkdir-p 0 "" "" -- "$bin/mkdir" -p d2/a/b
check rmdir-notempty 1 "" "rmdir: failed to remove 'd2': Directory not empty" -- "$bin/rmdir" d2
check rmdir 0 "" "" -- "$bin/rmdir" d1
check cp 0 "" "" -- "$bin/cp" text copy
check cp-content 0 "$(cat text)" "" -- "$bin/cat" copy
check cp-into-dir 0 "" "" -- "$bin/cp" text d2
check cp-missing 1 "" "cp: cannot stat 'nope': No such file or directory" -- "$bin/cp" nope x
check mv 0 "" "" -- "$bin/mv" copy moved
check mv-gone 1 "" "cat: copy: No such file or directory" -- "$bin/cat" copy
check mv-missing 1 "" "mv: cannot move 'nope' to 'x': No such file or directory" -- "$bin/mv" nope x
check rm 0 "" "" -- "$bin/rm" moved
check rm-missing 1 "" "rm: cannot remove 'moved': No such file or directory" -- "$bin/rm" moved
check rm-f 0 "" "" -- "$bin/rm" -f moved
check rm-dir 1 "" "rm: cannot remove 'd2': Is a directory" -- "$bin/rm" d2
check rm-r 0 "" "" -- "$bin/rm" -r d2
mkdir -p lsdir/sub && echo x >lsdir/b && echo yy >lsdir/a
check ls 0 "$(printf 'a\nb\nsub')" "" -- "$bin/ls" lsdir
check ls-l 0 "$(printf -- '-rw-r--r--        3 unsigned a\n-rw-r--r--        2 unsigned b\ndrwxr-xr-x     4096 unsigned sub/')" "" -- env bash -c "umask 022; chmod 644 lsdir/a lsdir/b; chmod 755 lsdir/sub; '$bin/ls' -l lsdir"
check ls-missing 1 "" "ls: cannot access 'nope': No such file or directory" -- "$bin/ls" nope
check kill-bad 1 "" "kill: x: arguments must be process ids" -- "$bin/kill" x
check kill-badsig 1 "" "kill: FOO: invalid signal specification" -- "$bin/kill" -FOO 1
check caps-usage 2 "" "usage: caps PID..." -- "$bin/caps"
check verify-missing 1 "" "verify: nope: No such file or directory" -- "$bin/verify" nope
check verify-plain 0 "$(printf 'text:\n  integrity: unsigned (not on a signed filesystem)')" "" -- "$bin/verify" text
printf 'AELFxxxx' >fake.aelf
check verify-bad-aelf 1 "$(printf 'fake.aelf:\n  integrity: unsigned (not on a signed filesystem)\n  executable: malformed AELF (not an AELF executable (bad magic))')" "*" -- "$bin/verify" fake.aelf

# init: starts the shell, and again when it exits (two runs here)
cat >sh1 <<EOS
#!/bin/sh
echo x
EOS
chmod +x sh1
check init-restarts 0 "$(printf 'init: /proc/stats unavailable (not running on AetherOS?)\nx\ninit: the shell exited (status 0); starting a new one\nx')" "" -- "$bin/init" "$work/sh1" 2

# the shell
shc pipe 0 "      2" "" "cat text | grep alpha | wc -l"
shc pipe-long 0 "      1" "" "cat text | grep alpha | wc -l | grep -v x | cat | wc -w"
shc pipe-3 0 "      3" "" "grep -i A text | head -n 5 | wc -l"
shc redirect-out 0 "hello" "" "echo hello > out1; cat out1"
shc redirect-append 0 "$(printf 'a\nb')" "" "echo a > out2; echo b >> out2; cat out2"
shc redirect-in 0 "      3" "" "wc -l < text"
shc redirect-err 0 "cat: /nope: No such file or directory" "" "cat /nope 2> err1; cat err1"
shc redirect-2to1 0 "cat: /nope: No such file or directory" "" "cat /nope 2>&1 | cat"
shc redirect-missing 1 "" "sh: nope: No such file or directory" "cat < nope"
shc and-or 0 "$(printf 'yes\nor')" "" "true && echo yes; false && echo no; false || echo or; true || echo never"
shc status 0 "$(printf 'cat: /nope: No such file or directory\n1\n0')" "" "cat /nope 2>&1; echo \$?; true; echo \$?"
shc not-found 127 "" "sh: nosuchprog: command not found" "nosuchprog"
shc not-found-status 0 "127" "*" "nosuchprog; echo \$?"
shc quoting 0 "$(printf 'a b|c;d\n$HOME x\ny "q"')" "" "echo 'a b|c;d'; echo '\$HOME' x; echo y \\\"q\\\""
shc vars 0 "$(printf 'v=1 w=\nhello world')" "" "A=1; echo v=\$A w=\$B; G=\"hello world\"; echo \"\$G\""
shc export 0 "exported" "" "export X=exported; sh -c 'echo \$X'"
shc export-not 0 "" "" "Y=local; sh -c 'echo -n \$Y'"
shc prefix-env 0 "once" "" "Z=once sh -c 'echo \$Z'"
shc cd-pwd 0 "$work/lsdir" "" "cd lsdir; pwd"
shc cd-child 0 "$(printf 'a\nb\nsub')" "" "cd lsdir && ls"
shc cd-missing 1 "" "sh: cd: nope: No such file or directory" "cd nope"
shc exit 7 "" "" "exit 7; echo not"
shc comment 0 "a" "" "echo a # b c"
shc syntax 2 "" "sh: syntax error: unterminated quote" "echo 'abc"
shc syntax-pipe 2 "" "sh: syntax error near '|'" "| cat"
shc help 0 "builtins: cd [DIR]  pwd  exit [N]  export [NAME[=VALUE]...]  unset NAME  help" "" "help | grep builtins"
cat >script.sh <<'EOS'
echo script $1
false || echo recovered
cat /nope
echo status $?
EOS
check sh-script 0 "$(printf 'script arg\nrecovered\nstatus 1')" "cat: /nope: No such file or directory" -- "$bin/sh" script.sh arg
check sh-script-missing 127 "" "sh: nope.sh: No such file or directory" -- "$bin/sh" nope.sh
IN=script.sh check sh-stdin 0 "$(printf 'script \nrecovered\nstatus 1')" "*" -- "$bin/sh"
IN= check sh-empty 0 "" "" -- "$bin/sh"
exit $((fails != 0))
