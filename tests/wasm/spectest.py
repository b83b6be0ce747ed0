#!/usr/bin/env python3
"""WebAssembly spec-test harness for vela-wasm (docs/vela-wasm.md).

Converts each .wast script of ../shared/vectors/wasm-testsuite and of
tests/wasm/wast (this project's own, e.g. stack_exhaustion) with wast2json,
lowers every module with vela-wasm, runs every action through vela-run (a
driver object per module: each invoke prints its results), and checks
assert_return, assert_trap, assert_exhaustion, assert_invalid,
assert_malformed (binary), assert_unlinkable and assert_uninstantiable.
Prints pass/fail/skip per file with the reason of every skip, and compares
per-file pass counts with a recorded baseline (--baseline) or records one
(--record).
"""
import argparse, json, os, re, subprocess, sys, concurrent.futures as cf

OUT_OF_SCOPE = ("simd_",)
# this project's own spec-like scripts, run and baselined with the suite's
LOCAL_SUITE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "wast")
CHUNK = 100  # calls per driver object (a trap restarts after the trapping call)


# The trap vela-run must report (its line "vela-run: trap KIND (n) at pc=..
# addr=0x..") for each WebAssembly trap message: a VELA trap kind, or
# BREAK@code for the importer's break codes (docs/vela-wasm.md, "Traps").
# A message not listed here accepts any trap.
TRAP_KINDS = {
    "integer divide by zero": ("DIV_ZERO",),
    "integer overflow": ("DIV_OVERFLOW", "FLOAT_RANGE"),
    "invalid conversion to integer": ("FLOAT_INVALID",),
    "out of bounds memory access": ("OOB_LOAD", "OOB_STORE", "BREAK@0x5701"),
    "unreachable": ("BREAK@0x5700",),
    "undefined element": ("BREAK@0x5702",),
    "uninitialized element": ("BREAK@0x5703",),
    "indirect call type mismatch": ("BREAK@0x5704",),
    "out of bounds table access": ("BREAK@0x5709",),
}

# What assert_exhaustion requires: the call stack ran out, as VELA's shadow
# stack (CALL_DEPTH: too many calls) or as vela-wasm's stack check (BREAK
# 0x570a: a frame would pass the bottom of the VELA stack). Exhaustion is not
# a WebAssembly trap: no assert_trap accepts these, not even one whose message
# TRAP_KINDS does not list.
EXHAUSTION_KINDS = ("CALL_DEPTH", "BREAK@0x570a")


def trap_kind(err):
    """The trap vela-run reported on stderr, as TRAP_KINDS spells it."""
    m = re.search(r"trap (\w+) \(\d+\) at pc=0x[0-9a-f]+ addr=0x([0-9a-f]+)", err)
    if not m:
        return None
    return "BREAK@0x" + m.group(2) if m.group(1) == "BREAK" else m.group(1)


def trap_expected(text):
    for msg, kinds in TRAP_KINDS.items():
        if text.startswith(msg):
            return kinds
    return None


def import_modules(path):
    """The module names a binary module imports from (its import section)."""
    try:
        with open(path, "rb") as f:
            b = f.read()
    except OSError:
        return set()
    pos = 8
    names = set()

    def u32():
        nonlocal pos
        v = shift = 0
        while True:
            x = b[pos]
            pos += 1
            v |= (x & 0x7F) << shift
            shift += 7
            if x < 0x80:
                return v

    def limits():
        if u32() & 1:
            u32()
        u32()

    try:
        while pos < len(b):
            sid = b[pos]
            pos += 1
            size = u32()
            if sid != 2:
                pos += size
                continue
            for _ in range(u32()):
                n = u32()
                names.add(b[pos:pos + n].decode("utf-8", "replace"))
                pos += n
                pos += u32()
                kind = b[pos]
                pos += 1
                if kind == 0:  # function: type index
                    u32()
                elif kind == 1:  # table: reference type, limits
                    pos += 1
                    limits()
                elif kind == 2:  # memory: limits
                    limits()
                elif kind == 3:  # global: value type, mutability
                    pos += 2
                else:
                    break
            break
    except IndexError:
        pass
    return names


def in_scope(name):
    return not name.startswith(OUT_OF_SCOPE)


def hexname(s):
    return s.encode("utf-8").hex() if s else "-"


def val_bits(v):
    """A value as the driver passes and prints it: the bits of a number;
    references as vela-wasm represents them (docs/vela-wasm.md, "Reference
    types"): null is 0, the host reference (ref.extern n) is n + 1; a non-null
    funcref cannot be written in a script (None: skipped)."""
    t = v["type"]
    x = v.get("value")
    if t in ("externref", "funcref"):
        if x == "null":
            return 0
        if t == "externref" and isinstance(x, str) and x.isdigit():
            return int(x) + 1
        return None
    if t not in ("i32", "i64", "f32", "f64"):
        return None
    if x is None or isinstance(x, list):
        return None
    if x.startswith("nan:"):
        return x
    return int(x)


class FileResult:
    def __init__(self, name):
        self.name = name
        self.passed = 0
        self.failed = 0
        self.skipped = 0
        self.skips = {}
        self.fails = []

    def ok(self):
        self.passed += 1

    def fail(self, line, why):
        self.failed += 1
        if len(self.fails) < 400:
            self.fails.append("line %d: %s" % (line, why))

    def skip(self, why, n=1):
        self.skipped += n
        self.skips[why] = self.skips.get(why, 0) + n


def run(cmd, timeout=60):
    try:
        p = subprocess.run(cmd, capture_output=True, timeout=timeout)
        return p.returncode, p.stdout.decode("latin-1"), p.stderr.decode("latin-1")
    except subprocess.TimeoutExpired:
        return -1, "", "timeout"


def compile_module(tools, wasm, out, invoke=None, extra=()):
    cmd = [os.path.join(tools, "vela-wasm")] + list(extra)
    if invoke:
        cmd += ["--invoke", invoke]
    cmd += [wasm, "-o", out]
    return run(cmd)


def matches(got, exp, t):
    if t in ("i32", "f32"):
        got &= 0xFFFFFFFF
    else:
        got &= 0xFFFFFFFFFFFFFFFF
    if isinstance(exp, str):
        if t == "f32":
            if exp == "nan:canonical":
                return (got & 0x7FFFFFFF) == 0x7FC00000
            return (got & 0x7FC00000) == 0x7FC00000
        if exp == "nan:canonical":
            return (got & 0x7FFFFFFFFFFFFFFF) == 0x7FF8000000000000
        return (got & 0x7FF8000000000000) == 0x7FF8000000000000
    return got == exp


def run_batch(args, res, wasm, work, batch):
    """batch: list of (cmd, action) for the current module; runs them all."""
    tools = args.tools
    calls = []
    for cmd, act in batch:
        ok = True
        argv = []
        for a in act.get("args", []):
            b = val_bits(a)
            if b is None or isinstance(b, str):
                ok = False
                break
            argv.append(b)
        exp = []
        if cmd["type"] == "assert_return":
            for e in cmd.get("expected", []):
                b = val_bits(e)
                if b is None:
                    ok = False
                    break
                exp.append((b, e["type"]))
        if not ok:
            res.skip("reference or vector values")
            continue
        if act.get("type") != "invoke":
            res.skip("get action")
            continue
        calls.append((cmd, act, argv, exp))
    if not calls:
        return
    done = {}  # index -> ("ok", results) or ("trap", rc)
    start = 0
    trapped = set()
    vo = os.path.join(work, "drv.vo")
    inv = os.path.join(work, "drv.inv")
    while start < len(calls):
        lines = []
        end = min(len(calls), start + CHUNK)
        for k, (cmd, act, argv, exp) in enumerate(calls[:end]):
            prefix = "!" if k < start else ""
            lines.append(prefix + hexname(act["field"]) + "".join(" %x" % a for a in argv) + "\n")
        # drop replays of trapped calls entirely
        lines = [l for k, l in enumerate(lines) if not (k < start and k in trapped)]
        idx_map = [k for k in range(end) if not (k < start and k in trapped)]
        with open(inv, "w") as f:
            f.writelines(lines)
        rc, out, err = compile_module(tools, wasm, vo, inv, args.vw_flags)
        if rc != 0:
            for k in range(start, len(calls)):
                res.fail(calls[k][0]["line"], "driver refused: " + err.strip()[:200])
            return
        runner = [os.path.join(tools, "vela-run")] + (["--interp"] if args.interp else []) + [vo]
        rc, out, err = run(runner, timeout=args.timeout)
        toks = out.split()
        pos = 0
        reached = start
        for j, k in enumerate(idx_map):
            if k < start:
                continue
            cmd, act, argv, exp = calls[k]
            # read values until our marker
            vals = []
            marker = "%016x" % (0x5E000000 + j)
            found = False
            while pos < len(toks):
                t = toks[pos]
                pos += 1
                if t == marker:
                    found = True
                    break
                vals.append(int(t, 16))
            if not found:
                done[k] = ("trap", rc, err)
                reached = k + 1
                break
            done[k] = ("ok", vals)
            reached = k + 1
        else:
            reached = end
        if reached <= start:
            reached = start + 1
        for k in range(start, reached):
            if k in done and done[k][0] == "trap":
                trapped.add(k)  # not replayed: it did not complete
        if rc != 0 and (reached - 1) not in done:
            done[reached - 1] = ("trap", rc, err)
            trapped.add(reached - 1)
        start = reached
    for k, (cmd, act, argv, exp) in enumerate(calls):
        r = done.get(k)
        line = cmd["line"]
        t = cmd["type"]
        if r is None:
            res.fail(line, "not run")
            continue
        if t in ("assert_trap", "assert_exhaustion"):
            got = trap_kind(r[2]) if r[0] == "trap" else None
            if t == "assert_exhaustion":
                good = got in EXHAUSTION_KINDS
            else:
                want = trap_expected(cmd.get("text", ""))
                good = got not in EXHAUSTION_KINDS and (want is None or got in want)
            if r[0] == "trap" and good:
                res.ok()
            elif r[0] == "trap":
                res.fail(line, "expected trap (%s), got %s" % (cmd.get("text", ""), got or r[2].strip()[-120:] or "exit %d" % r[1]))
            else:
                res.fail(line, "expected trap (%s), returned" % cmd.get("text", ""))
            continue
        if r[0] == "trap":
            why = r[2].strip().splitlines()[-1] if r[2].strip() else "exit %d" % r[1]
            if t == "action":
                res.ok()
            else:
                res.fail(line, "trapped: " + why[:160])
            continue
        if t == "action":
            res.ok()
            continue
        vals = r[1]
        if len(vals) != len(exp):
            res.fail(line, "result count %d, expected %d" % (len(vals), len(exp)))
            continue
        if all(matches(g, e, ty) for g, (e, ty) in zip(vals, exp)):
            res.ok()
        else:
            res.fail(line, "%s(%s): got %s expected %s" % (act["field"], argv, [hex(v) for v in vals], [e for e, _ in exp]))


def run_file(args, wast):
    name = os.path.basename(wast)[:-5]
    res = FileResult(name)
    work = os.path.join(args.work, name)
    os.makedirs(work, exist_ok=True)
    js = os.path.join(work, name + ".json")
    rc, out, err = run(["wast2json", wast, "-o", js])
    if rc != 0:
        # this wabt predates the optional table index of table.get/set/size/
        # grow/fill (table 0 when omitted): retry with the 0 written out
        with open(wast) as f:
            text = f.read()
        text = re.sub(r"\b(table\.(?:get|set|size|grow|fill))(?=\s*[()]|[ \t]*$)", r"\1 0", text,
                      flags=re.M)
        wast = os.path.join(work, name + ".wast")
        with open(wast, "w") as f:
            f.write(text)
        rc, out, err = run(["wast2json", wast, "-o", js])
    if rc != 0:
        res.skip("wast2json cannot convert the script")
        return res
    with open(js) as f:
        script = json.load(f)
    cur = None  # (wasm path, name) or None when refused
    cur_ok = False
    cur_skip = None
    batch = []
    named = {}
    # Modules are not linked to each other (each is its own process): a module
    # importing from a registered one (refused, "unknown import") would share
    # that module's memory, table or globals, and a failed instantiation can
    # still have written them (linking.wast: data and elements before a
    # trapping start function). Actions on such a module are skipped.
    registered = {}  # register name -> module file
    linked = set()  # module files another module imports from

    def note_importer(path):
        for mod in import_modules(path):
            if mod in registered:
                linked.add(registered[mod])

    def flush():
        nonlocal batch
        if batch:
            if cur_ok:
                run_batch(args, res, cur, work, batch)
            else:
                for _ in batch:
                    res.skip(cur_skip or "module refused")
            batch = []

    for cmd in script["commands"]:
        t = cmd["type"]
        if t == "module":
            flush()
            cur = os.path.join(work, cmd["filename"])
            rc, out, err = compile_module(args.tools, cur, os.path.join(work, "m.vo"), None, args.vw_flags)
            msg = err.strip()
            cur_skip = None
            if rc == 0:
                cur_ok = True
                res.ok()
            else:
                cur_ok = False
                if "unsupported" in msg:
                    cur_skip = "importer: " + msg.split(": ", 2)[-1][:80]
                    res.skip(cur_skip)
                elif "unknown import" in msg:
                    cur_skip = "imports from a module other than spectest"
                    res.skip(cur_skip)
                    note_importer(cur)
                else:
                    cur_skip = "module refused"
                    res.fail(cmd["line"], "module refused: " + msg[:200])
            if "name" in cmd:
                named[cmd["name"]] = cur
        elif t in ("assert_return", "assert_trap", "assert_exhaustion", "action"):
            act = cmd["action"]
            mod = act.get("module")
            if mod is not None and named.get(mod) != cur:
                flush()
                res.skip("action on a named earlier module")
                continue
            if cur in linked:
                res.skip("state shared with a module importing from it (no multi-module linking)")
                continue
            batch.append((cmd, act))
        elif t in ("assert_invalid", "assert_malformed", "assert_unlinkable", "assert_uninstantiable"):
            if cmd.get("module_type") == "text":
                res.skip("text-format module (not binary)")
                continue
            path = os.path.join(work, cmd["filename"])
            if t == "assert_uninstantiable":
                note_importer(path)
            rc, out, err = compile_module(args.tools, path, os.path.join(work, "x.vo"), None, args.vw_flags)
            if rc == 1:
                res.ok()
            elif rc == 0 and t == "assert_uninstantiable":
                rc2, o2, e2 = run([os.path.join(args.tools, "vela-run"), os.path.join(work, "x.vo")], timeout=args.timeout)
                if rc2 >= 128 or rc2 < 0:
                    res.ok()
                else:
                    res.fail(cmd["line"], "uninstantiable module ran")
            elif rc == 0 and t == "assert_invalid":
                res.fail(cmd["line"], "accepted invalid module (%s)" % cmd.get("text", ""))
            elif rc == 0:
                res.fail(cmd["line"], "accepted %s module (%s)" % (t[7:], cmd.get("text", "")))
            else:
                res.fail(cmd["line"], "importer crashed or errored (rc %d): %s" % (rc, err.strip()[:160]))
        elif t == "register":
            registered[cmd["as"]] = named.get(cmd["name"]) if "name" in cmd else cur
        else:
            res.skip("command " + t)
    flush()
    return res


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tools", required=True)
    ap.add_argument("--suite", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--baseline")
    ap.add_argument("--record")
    ap.add_argument("--interp", action="store_true")
    ap.add_argument("--timeout", type=int, default=10)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--sandbox", action="store_true", help="vela-wasm --sandbox bounds")
    ap.add_argument("files", nargs="*")
    args = ap.parse_args()
    args.vw_flags = (["--sandbox"] if args.sandbox else []) + ["--max-pages", "1024"]
    paths = {f: os.path.join(args.suite, f) for f in os.listdir(args.suite) if f.endswith(".wast")}
    for f in os.listdir(LOCAL_SUITE):
        if f.endswith(".wast"):
            if f in paths:
                sys.exit("spectest.py: %s is in the suite and in %s" % (f, LOCAL_SUITE))
            paths[f] = os.path.join(LOCAL_SUITE, f)
    names = sorted(paths)
    if args.files:
        names = [n for n in names if n[:-5] in args.files]
    results = []
    skipped_files = []
    todo = []
    for n in names:
        if in_scope(n):
            todo.append(paths[n])
        else:
            skipped_files.append(n[:-5])
    with cf.ThreadPoolExecutor(max_workers=args.jobs) as ex:
        results = list(ex.map(lambda w: run_file(args, w), todo))
    tp = tf = ts = 0
    for r in results:
        tp += r.passed
        tf += r.failed
        ts += r.skipped
        print("%-28s pass %5d  fail %5d  skip %5d" % (r.name, r.passed, r.failed, r.skipped))
        for why, n in sorted(r.skips.items()):
            print("    skip %d: %s" % (n, why))
        if args.verbose:
            for x in r.fails:
                print("    FAIL " + x)
    for n in skipped_files:
        print("%-28s skipped: out of scope (SIMD)" % n)
    print("total: pass %d, fail %d, skip %d" % (tp, tf, ts))
    status = 0
    if args.record:
        with open(args.record, "w") as f:
            f.write("# file passed (vela-wasm spec-test baseline; make test fails if a count drops)\n")
            for r in results:
                f.write("%s %d\n" % (r.name, r.passed))
    if args.baseline:
        base = {}
        with open(args.baseline) as f:
            for line in f:
                if line.startswith("#") or not line.strip():
                    continue
                k, v = line.split()
                base[k] = int(v)
        for r in results:
            want = base.get(r.name, 0)
            if r.passed < want:
                print("[FAIL] wasm-spec:%s: %d passed, baseline %d" % (r.name, r.passed, want))
                status = 1
            else:
                print("[OK] wasm-spec:%s (%d/%d, baseline %d)" % (r.name, r.passed, r.passed + r.failed, want))
    sys.exit(status)


if __name__ == "__main__":
    main()
