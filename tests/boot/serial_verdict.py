"""What a kernel's serial log says about a boot, shared by the boot harnesses
(qemu_run.py, bochs_run.py): each function returns a failure reason, or None."""
import re

PANIC_PATTERNS = ["KERNEL PANIC", "KERNEL EXCEPTION"]
SUMMARY_RE = re.compile(r"^(\d+) passed, (\d+) failed", re.M)


def panic_failure(log):
    """The kernel reported a panic or a kernel-mode exception."""
    for pat in PANIC_PATTERNS:
        if pat in log:
            return "kernel reported %r" % pat
    return None


def selftest_failure(log, missing_summary="no 'N passed, N failed' summary line"):
    """A [FAIL] line, no summary line, or a summary with failures."""
    if re.search(r"^\[FAIL\]", log, re.M):
        return "a self-test failed"
    m = SUMMARY_RE.search(log)
    if not m:
        return missing_summary
    if int(m.group(2)) != 0:
        return "summary reports %s failures" % m.group(2)
    return None


def missing_text(log, wants):
    """The first expected text the log lacks."""
    for want in wants or []:
        if want not in log:
            return "expected text %r not in the log" % want
    return None
