#!/usr/bin/env python3
"""Boot AetherOS self-tests in Bochs and judge the run like qemu_run.py does.

Why Bochs: it is the one x86 emulator on the build machines whose CPU models
offer PCID (CPUID.01H:ECX.PCID, CR4.PCIDE, PCIDs in CR3). QEMU 7.2's TCG does
not emulate PCID, and the KVM there keeps PCID from its guests (docs/memory.md,
"What runs where"). Bochs ignores the CR3 no-flush hint and flushes on every CR3
load, so a boot here proves the PCID code path runs and is architecturally
legal (Bochs raises #GP where the SDM does), not that TLB entries are kept.

The kernel goes in through GRUB (multiboot2): the script writes a grub.cfg with
the requested command line and builds an ISO with grub-mkrescue. The serial port
goes to a file. Bochs has no isa-debug-exit, so the kernel halts after the
summary line and the script stops Bochs itself.

The run fails on: a `[FAIL]` line, a kernel panic or exception dump, no
`N passed, 0 failed` summary before --timeout, Bochs exiting early, or a missing
--expect-text. Without bochs-bin or grub-mkrescue it prints a SKIP line and an
`[OK] NAME:skipped` result, and exits 0 (Bochs is optional on the machines).
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serial_verdict import (SUMMARY_RE, missing_text, panic_failure,  # noqa: E402
                            selftest_failure)
BOCHS_SHARE = "/usr/share/bochs"
POLL_SECONDS = 0.5


def skip(name, why):
    print("SKIP %s: %s" % (name, why))
    print("[OK] %s:skipped (%s)" % (name, why))
    return 0


def write_iso(tmp, kernel, append):
    root = os.path.join(tmp, "iso")
    os.makedirs(os.path.join(root, "boot", "grub"))
    shutil.copy(kernel, os.path.join(root, "boot", "aetheros.elf"))
    with open(os.path.join(root, "boot", "grub", "grub.cfg"), "w") as f:
        f.write("set timeout=0\nset default=0\n"
                "menuentry \"AetherOS\" {\n"
                "\tmultiboot2 /boot/aetheros.elf %s\n\tboot\n}\n" % append)
    iso = os.path.join(tmp, "aetheros.iso")
    r = subprocess.run(["grub-mkrescue", "-o", iso, root],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if r.returncode != 0:
        raise RuntimeError("grub-mkrescue failed:\n" + r.stdout.decode(errors="replace"))
    return iso


def write_config(tmp, iso, serial, args):
    # nogui is not built into Debian's Bochs; rfb with timeout=0 starts without
    # waiting for a viewer. The sound mixer thread of this build aborts when no
    # sound card is present, hence the dummy driver.
    conf = os.path.join(tmp, "bochsrc")
    with open(conf, "w") as f:
        f.write("megs: %d\n" % args.memory)
        f.write("cpu: model=%s, ips=%d\n" % (args.cpu, args.ips))
        f.write("romimage: file=%s/BIOS-bochs-latest\n" % BOCHS_SHARE)
        f.write("vgaromimage: file=%s/VGABIOS-lgpl-latest\n" % BOCHS_SHARE)
        f.write("ata0-master: type=cdrom, path=%s, status=inserted\n" % iso)
        f.write("boot: cdrom\n")
        f.write("display_library: rfb, options=\"timeout=0\"\n")
        f.write("sound: driver=dummy\n")
        f.write("speaker: enabled=0\n")
        f.write("com1: enabled=1, mode=file, dev=%s\n" % serial)
        f.write("clock: sync=none, time0=local\n")
        f.write("log: %s\n" % os.path.join(tmp, "bochs.log"))
        f.write("panic: action=fatal\nerror: action=report\n")
        f.write("info: action=ignore\ndebug: action=ignore\n")
    # Debian builds Bochs with its debugger, which stops before the first
    # instruction: these commands let it run, then leave.
    cmds = os.path.join(tmp, "debugger-commands")
    with open(cmds, "w") as f:
        f.write("continue\nquit\n")
    return conf, cmds


def read_text(path):
    try:
        with open(path, "rb") as f:
            return f.read().decode("utf-8", "replace").replace("\r\n", "\n")
    except FileNotFoundError:
        return ""


def judge(log, args, exited_early):
    missing = ("Bochs exited before the summary line (see its log)" if exited_early else
               "no 'N passed, N failed' summary line within %ds" % args.timeout)
    return (panic_failure(log) or selftest_failure(log, missing)
            or missing_text(log, args.expect_text))


def run(args):
    if not shutil.which("bochs-bin"):
        return skip(args.name, "Bochs is not installed (apt-get install bochs bochsbios "
                    "vgabios)")
    if not shutil.which("grub-mkrescue"):
        return skip(args.name, "grub-mkrescue is not installed")
    with tempfile.TemporaryDirectory(prefix="aether-bochs-") as tmp:
        iso = write_iso(tmp, args.kernel, args.append)
        serial = os.path.join(tmp, "serial.log")
        conf, cmds = write_config(tmp, iso, serial, args)
        out_path = os.path.join(tmp, "bochs.out")
        with open(out_path, "wb") as out:
            proc = subprocess.Popen(["bochs-bin", "-q", "-f", conf, "-rc", cmds],
                                    stdin=subprocess.DEVNULL, stdout=out,
                                    stderr=subprocess.STDOUT)
            deadline = time.monotonic() + args.timeout
            exited_early = False
            while time.monotonic() < deadline:
                if proc.poll() is not None:
                    exited_early = True
                    break
                if SUMMARY_RE.search(read_text(serial)):
                    # The kernel halts after the summary; give the last lines a moment.
                    time.sleep(1)
                    break
                time.sleep(POLL_SECONDS)
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
        log = read_text(serial)
        os.makedirs(os.path.dirname(args.log) or ".", exist_ok=True)
        with open(args.log, "w") as f:
            f.write(log)
        sys.stdout.write(log if log.endswith("\n") or not log else log + "\n")
        failure = judge(log, args, exited_early)
        if failure and exited_early:
            sys.stdout.write("--- Bochs output (tail) ---\n")
            sys.stdout.write("\n".join(read_text(out_path).splitlines()[-20:]) + "\n")
    if failure:
        print("[FAIL] %s:harness: %s (log: %s)" % (args.name, failure, args.log))
        return 1
    return 0


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--name", default="bochs")
    p.add_argument("--kernel", default="build/kernel/aetheros.elf")
    p.add_argument("--append", default="test=mm")
    p.add_argument("--cpu", default="broadwell_ult",
                   help="Bochs CPU model (broadwell_ult: PCID, INVPCID, SMEP, SMAP)")
    p.add_argument("--memory", type=int, default=128, help="guest RAM in MiB")
    p.add_argument("--ips", type=int, default=200000000,
                   help="emulated instructions per second (the guest's clock)")
    p.add_argument("--timeout", type=int, default=600)
    p.add_argument("--log", default="build/boot-logs/bochs.log")
    p.add_argument("--expect-text", action="append")
    sys.exit(run(p.parse_args()))


if __name__ == "__main__":
    main()
