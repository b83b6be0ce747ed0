#!/usr/bin/env python3
"""Boot AetherOS in QEMU, drive the serial console, and judge the run.

The run fails on: any `[FAIL]` line, a kernel panic or exception dump, a hang
(no exit before --timeout), a triple fault or reset (QEMU runs with -no-reboot,
so that shows up as an unexpected exit status), a missing `N passed, N failed`
line in test mode, or an interaction step whose expected text never appears.
The serial log is kept (--log). On failure the harness prints
`[FAIL] NAME:harness: reason`; on success of a scripted session (no self-test
lines of its own) it prints `[OK] NAME:session`.

Interaction steps (--step, repeatable, in order):
  expect:TEXT   wait until TEXT appears in the output after the previous match
  type:TEXT     send TEXT followed by a carriage return
  keys:TEXT     send TEXT as is (escape sequences allowed: \\x03 is Ctrl-C)
PS/2 keyboard and screen steps (QEMU gets a QMP socket when one is used):
  kbd:TEXT      type TEXT on the emulated keyboard, then Enter
  sendkey:KEYS  press key combinations, space-separated, as HMP's sendkey
                names them: "sendkey:shift-a ctrl-c up ret"
  screendump:F  save the screen as PNG file F (netpbm's pnmtopng)
"""
import argparse
import os
import re
import select
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from qmp import Qmp, type_text  # noqa: E402
from serial_verdict import missing_text, panic_failure, selftest_failure  # noqa: E402

QMP_STEPS = ("kbd", "sendkey", "screendump")



def build_command(args, qmp_path=None):
    accel = args.accel or os.environ.get("ACCEL", "tcg")
    cmd = [
        "qemu-system-x86_64",
        "-accel", accel,
        "-m", args.memory,
        "-display", "none",
        "-monitor", "none",
        "-serial", "stdio",
        "-no-reboot",
        "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
    ]
    if args.cpu:
        cmd += ["-cpu", args.cpu]
    if args.iso:
        cmd += ["-cdrom", args.iso, "-boot", "d"]
    else:
        cmd += ["-kernel", args.kernel]
        if args.append:
            cmd += ["-append", args.append]
        for module in args.initrd or []:
            cmd += ["-initrd", module]
    if qmp_path:
        cmd += ["-qmp", "unix:%s,server=on,wait=off" % qmp_path]
    for extra in args.qemu_arg or []:
        cmd += extra.split()
    return cmd


def run(args):
    with tempfile.TemporaryDirectory(prefix="aether-qmp-") as tmp:
        return run_in(args, tmp)


def run_in(args, tmp):
    wants_qmp = any(s.partition(":")[0] in QMP_STEPS for s in args.step or [])
    qmp_path = os.path.join(tmp, "qmp.sock") if wants_qmp else None
    qmp = None
    cmd = build_command(args, qmp_path)
    log_path = args.log
    os.makedirs(os.path.dirname(log_path) or ".", exist_ok=True)
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, bufsize=0)
    output = bytearray()
    steps = list(args.step or [])
    search_from = 0
    deadline = time.monotonic() + args.timeout
    failure = None
    step_deadline = None

    def text():
        return output.decode("utf-8", "replace")

    while True:
        # Drive the interaction: send as soon as the awaited text has appeared.
        while steps:
            kind, _, value = steps[0].partition(":")
            if kind == "expect":
                idx = text().find(value, search_from)
                if idx < 0:
                    break
                search_from = idx + len(value)
                steps.pop(0)
            elif kind in ("type", "keys"):
                data = value.encode().decode("unicode_escape").encode("latin-1")
                if kind == "type":
                    data += b"\r"
                try:
                    # Typed slowly, as a person would: the UART has a small FIFO.
                    for b in data:
                        proc.stdin.write(bytes([b]))
                        proc.stdin.flush()
                        time.sleep(0.002)
                except BrokenPipeError:
                    pass
                steps.pop(0)
            elif kind in QMP_STEPS:
                try:
                    if qmp is None:
                        qmp = Qmp(qmp_path)
                    if kind == "kbd":
                        type_text(qmp, value + "\n")
                    elif kind == "sendkey":
                        for combo in value.split():
                            qmp.send_combo(combo)
                    else:
                        os.makedirs(os.path.dirname(value) or ".", exist_ok=True)
                        qmp.screendump_png(value)
                except (OSError, RuntimeError, ValueError) as e:
                    failure = "%s step %r: %s" % (kind, value, e)
                    steps = []
                    break
                steps.pop(0)
            else:
                failure = "unknown step kind %r" % kind
                steps = []
        if failure:
            break
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            failure = "timeout after %ds (hang?)%s" % (
                args.timeout, "; still waiting for %r" % steps[0] if steps else "")
            break
        ready, _, _ = select.select([proc.stdout], [], [], min(remaining, 0.2))
        if ready:
            chunk = os.read(proc.stdout.fileno(), 65536)
            if not chunk:
                break
            output += chunk
        elif proc.poll() is not None:
            break
    if proc.poll() is None:
        proc.kill()
    proc.wait()
    rest = proc.stdout.read()
    if rest:
        output += rest
    log = text().replace("\r\n", "\n")
    with open(log_path, "w") as f:
        f.write(log)
    sys.stdout.write(log)
    if not log.endswith("\n"):
        sys.stdout.write("\n")

    status = proc.returncode
    if failure is None:
        failure = panic_failure(log)
    if failure is None and steps:
        failure = "QEMU exited (status %d) while waiting for %r" % (status, steps[0])
    if failure is None and re.search(r"^\[FAIL\]", log, re.M):
        failure = "a self-test failed"
    if failure is None and args.test_mode:
        failure = selftest_failure(log)
    if failure is None and status != args.expect_exit:
        failure = "QEMU exit status %d, expected %d%s" % (
            status, args.expect_exit,
            " (triple fault or reset: QEMU runs with -no-reboot)" if status == 0 else "")
    if failure is None:
        failure = missing_text(log, args.expect_text)
    name = args.name
    if failure:
        print("[FAIL] %s:harness: %s (log: %s)" % (name, failure, log_path))
        return 1
    if not re.search(r"^\[OK\]", log, re.M):
        print("[OK] %s:session" % name)
    return 0


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--name", default="boot")
    p.add_argument("--kernel", default="build/kernel/aetheros.elf")
    p.add_argument("--iso")
    p.add_argument("--append", default="")
    p.add_argument("--initrd", action="append")
    p.add_argument("--timeout", type=int, default=120)
    p.add_argument("--log", default="build/boot-logs/boot.log")
    p.add_argument("--expect-exit", type=int, default=33)
    p.add_argument("--expect-text", action="append")
    p.add_argument("--test-mode", action="store_true",
                   help="require the self-test summary line with 0 failures")
    p.add_argument("--step", action="append")
    p.add_argument("--memory", default="256M")
    p.add_argument("--cpu", default=os.environ.get("QEMU_CPU"))
    p.add_argument("--accel")
    p.add_argument("--qemu-arg", action="append")
    sys.exit(run(p.parse_args()))


if __name__ == "__main__":
    main()
