#!/usr/bin/env python3
"""Test step boot-kvm-pcid: the mm self-tests under KVM with a PCID-capable CPU.

KVM is not guaranteed (CI may have none), so the step decides what it can run:

  /dev/kvm missing or not usable, or the host CPU without PCID
      -> a SKIP line saying why and an `[OK] NAME:skipped` result; no boot.
  KVM offers PCID to guests (KVM_GET_SUPPORTED_CPUID, leaf 1, ECX bit 17)
      -> `test=mm` under `-accel kvm -cpu qemu64,+pcid`; the boot must pass and
         the log must show that the PCID path ran: the kernel's
         "vm: CR4.PCIDE is set" line and the mm:pcid_switch and
         mm:recycled_pcid_sees_no_stale_tlb lines printed only with PCID.
  KVM present but offering no PCID to guests
      -> a SKIP line saying so; no boot (there is no PCID path to run). The PVM
         flavour of KVM on the build machines is such a case: it keeps PCIDs for
         its own shadow page tables, and it cannot boot this kernel anyway (it
         emulates kernel code that runs with interrupts masked through KVM's
         instruction emulator, which lacks instructions the kernel uses there:
         LDMXCSR in the scheduler's FPU setup, STAC). See docs/memory.md.

A KVM boot that runs and fails always fails the step. Hosts running KVM's PVM
module get `nosmap` on the kernel command line: PVM advertises SMAP but cannot
emulate STAC; SMAP is tested under TCG by boot-mm-cpu-max instead.
"""
import argparse
import array
import fcntl
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

# <linux/kvm.h>: KVMIO = 0xAE; _IO(KVMIO, 0x00); _IOWR(KVMIO, 0x05, struct kvm_cpuid2).
KVM_GET_API_VERSION = 0xAE00
KVM_GET_SUPPORTED_CPUID = 0xC008AE05
KVM_API_VERSION = 12
CPUID_ENTRY_WORDS = 10  # struct kvm_cpuid_entry2: 7 u32 fields and 3 u32 of padding
CPUID_MAX_ENTRIES = 256
CPUID_LEAF_FEATURES = 1
CPUID_1_ECX_PCID = 1 << 17
PVM_MODULE = "/sys/module/kvm_pvm"

PCIDE_LINE = "vm: CR4.PCIDE is set: address spaces switch with PCIDs"
PCID_SWITCH_LINE = "mm: PCID path taken: CR4.PCIDE on"
PCID_RECYCLE_LINE = "recycled from a destroyed space: its first load flushed"


def skip(name, why):
    print("SKIP %s: %s" % (name, why))
    print("[OK] %s:skipped (%s)" % (name, why))
    return 0


def kvm_fd():
    """An open /dev/kvm with the expected API, or (None, reason)."""
    try:
        fd = os.open("/dev/kvm", os.O_RDWR | os.O_CLOEXEC)
    except OSError as e:
        return None, "/dev/kvm is not usable here (%s); KVM is optional" % e.strerror
    version = fcntl.ioctl(fd, KVM_GET_API_VERSION)
    if version != KVM_API_VERSION:
        os.close(fd)
        return None, "/dev/kvm speaks KVM API %d, not %d" % (version, KVM_API_VERSION)
    return fd, None


def kvm_offers_pcid(fd):
    """Whether KVM lets a guest see CPUID.01H:ECX.PCID."""
    buf = array.array("I", [0] * (2 + CPUID_MAX_ENTRIES * CPUID_ENTRY_WORDS))
    buf[0] = CPUID_MAX_ENTRIES
    fcntl.ioctl(fd, KVM_GET_SUPPORTED_CPUID, buf, True)
    for i in range(buf[0]):
        e = 2 + i * CPUID_ENTRY_WORDS
        function, index, ecx = buf[e], buf[e + 1], buf[e + 5]
        if function == CPUID_LEAF_FEATURES and index == 0:
            return bool(ecx & CPUID_1_ECX_PCID)
    return False


def host_has_pcid():
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("flags"):
                return "pcid" in line.split(":", 1)[1].split()
    return False


def boot(args, append, expect):
    cmd = [sys.executable, os.path.join(HERE, "qemu_run.py"), "--name", args.name,
           "--kernel", args.kernel, "--accel", "kvm", "--cpu", args.cpu,
           "--append", append, "--test-mode", "--log", args.log,
           "--timeout", str(args.timeout)]
    for text in expect:
        cmd += ["--expect-text", text]
    print("%s: %s" % (args.name, " ".join(cmd[1:])), flush=True)
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out = r.stdout.decode("utf-8", "replace")
    sys.stdout.write(out)
    return r.returncode, out


def run(args):
    fd, why = kvm_fd()
    if fd is None:
        return skip(args.name, why)
    try:
        if not host_has_pcid():
            return skip(args.name, "the host CPU has no PCID (/proc/cpuinfo)")
        offered = kvm_offers_pcid(fd)
    finally:
        os.close(fd)
    pvm = os.path.isdir(PVM_MODULE)
    extra = " nosmap" if pvm else ""
    if offered:
        rc, _ = boot(args, "test=mm" + extra,
                     [PCIDE_LINE, PCID_SWITCH_LINE, PCID_RECYCLE_LINE])
        return rc
    print("SKIP %s: KVM is usable and the host CPU has PCID, but this KVM%s offers no PCID "
          "to guests (KVM_GET_SUPPORTED_CPUID leaf 1 ECX bit 17 clear), so no CPU model can "
          "run the PCID path under it; boot-bochs-pcid runs that path in Bochs."
          % (args.name, " (the PVM module, kvm_pvm)" if pvm else ""))
    print("[OK] %s:skipped (KVM offers no PCID to guests)" % args.name)
    return 0


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--name", default="boot-kvm-pcid")
    p.add_argument("--kernel", default="build/kernel/aetheros.elf")
    p.add_argument("--cpu", default="qemu64,+pcid")
    p.add_argument("--timeout", type=int, default=300)
    p.add_argument("--log", default="build/boot-logs/boot-kvm-pcid.log")
    sys.exit(run(p.parse_args()))


if __name__ == "__main__":
    main()
