#!/usr/bin/env bash
# Scripted console sessions on the booted system: the harness types on the
# serial console and checks what comes back. A disk is made from the signed
# programs (/bin) as `make run` makes build/disk.img; the first boot runs the
# shell directly (init=/bin/sh) through pipes, redirection, && and ||, an error
# path with $?, Ctrl-C of a busy program (hexdump of /dev/zero prints `*` once, then reads forever), history recall, a script, a file
# written; `exit` hands the console to the kernel monitor, whose `halt` powers
# the machine off. The second boot starts /bin/init (its boot message, the
# shell restarted after exit) and finds the file still there.
#   qemu_session.sh KERNEL MKIRONFS BUILD_KEY USER_BIN WORK_DIR LOG_DIR
set -u
kernel=$1 mk=$2 key=$3 ubin=$4 work=$5 logs=$6
fails=0
ok() { echo "[OK] user-qemu:$1"; }
bad() { echo "[FAIL] user-qemu:$1: $2"; fails=$((fails + 1)); }
img=$work/disk.img
P='expect: $ '
boot() { # NAME STEPS...
	local name=$1
	shift
	python3 tests/boot/qemu_run.py --name "user-qemu-$name" --kernel "$kernel" --expect-exit 0 \
		--timeout 300 --log "$logs/user-qemu-$name.log" \
		--qemu-arg "-drive file=$img,if=none,id=d0,format=raw -device virtio-blk-pci,drive=d0" \
		"$@" --step 'expect:aether> ' --step type:halt --expect-text 'System halted.' \
		>"$work/$name.out" 2>&1
}

rm -rf "$work" && mkdir -p "$work/root/bin" "$work/root/etc" "$work/root/tmp" "$logs"
cp "$ubin"/* "$work/root/bin/"
echo "Welcome to AetherOS." >"$work/root/etc/motd"
"$mk" -o "$img" -k "$key" -s 32 "$work/root" >/dev/null || bad mkironfs "exit $?"

boot session --append init=/bin/sh \
	--step "expect:/ \$ " --step 'type:echo one two three | wc -w' --step 'expect:      3' \
	--step "$P" --step 'type:cat /etc/motd | grep -i welcome | wc -l' --step 'expect:      1' \
	--step "$P" --step 'type:cat /nope' --step 'expect:cat: /nope: No such file or directory' \
	--step "$P" --step 'type:echo status=$?' --step 'expect:status=1' \
	--step "$P" --step 'type:false && echo wrong || echo or""-ran' --step 'expect:or-ran' \
	--step "$P" --step 'type:true && echo and""-ran' --step 'expect:and-ran' \
	--step "$P" --step 'type:cd /tmp' --step 'expect:/tmp $ ' \
	--step 'type:echo persistent data > keep.txt' --step "$P" \
	--step 'type:echo second line >> keep.txt' --step "$P" \
	--step 'type:wc -l < keep.txt' --step 'expect:      2' \
	--step "$P" --step "type:echo 'echo script says \$1' > s.sh; echo 'uname' >> s.sh" \
	--step "$P" --step 'type:sh s.sh hi' --step 'expect:script says hi' --step 'expect:AetherOS' \
	--step "$P" --step 'type:hexdump /etc/motd /dev/zero' --step 'expect:*' --step 'keys:\x03' \
	--step "$P" --step 'type:echo after-ctrl-c $?' --step 'expect:after-ctrl-c 130' \
	--step "$P" --step 'type:echo hist""ory-check' --step 'expect:history-check' \
	--step "$P" --step 'keys:\x1b[A\r' --step 'expect:history-check' \
	--step "$P" --step 'type:ls -l /bin | grep sh' --step 'expect:sha256sum' \
	--step "$P" --step 'type:ps' --step 'expect:PID' --step 'expect: ps' \
	--step "$P" --step 'type:exit' --step 'expect:init exited' \
	&& ok session || bad session "see $logs/user-qemu-session.log"
grep -q 'guards' "$logs/user-qemu-session.log" && ok kernel-boot-line || bad kernel-boot-line "no guard statistics"

boot reboot \
	--step 'expect:init: enforced: ' --step 'expect:guards emitted' \
	--step "expect:/ \$ " --step 'type:cat /tmp/keep.txt' --step 'expect:persistent data' \
	--step 'expect:second line' \
	--step "$P" --step 'type:mkdir /tmp/d && cp /etc/motd /tmp/d/m && mv /tmp/d/m /tmp/d/n && rm /tmp/d/n && rmdir /tmp/d && echo file""ops-ok' \
	--step 'expect:fileops-ok' \
	--step "$P" --step 'type:mkdir /tmp/l && echo a > /tmp/l/one && echo b > /tmp/l/two && ls /tmp/l | wc -l' \
	--step 'expect:      2' \
	--step "$P" --step 'type:rm /tmp/l/one /tmp/l/two && rmdir /tmp/l && echo ls""dir-ok' --step 'expect:lsdir-ok' \
	--step "$P" --step 'type:head -n 1 /tmp/keep.txt; tail -n 1 /tmp/keep.txt' --step 'expect:second line' \
	--step "$P" --step 'type:sha256sum /etc/motd' --step 'expect:  /etc/motd' \
	--step "$P" --step 'type:verify /bin/ls' --step 'expect:signature valid (key build' \
	--step "$P" --step 'type:caps 1' --step 'expect:1 (init): FS_READ,PROC' \
	--step "$P" --step 'type:sleep 0.1; date; true && echo tr""ue-ok' --step 'expect:true-ok' \
	--step "$P" --step 'type:exit' --step 'expect:starting a new one' \
	--step "expect:/ \$ " --step 'type:kill -KILL 1' --step 'expect:monitor: ended 1 remaining process' \
	&& ok file-survives-power-off-and-init-restarts-shell || bad file-survives-power-off-and-init-restarts-shell "see $logs/user-qemu-reboot.log"
exit $((fails != 0))
