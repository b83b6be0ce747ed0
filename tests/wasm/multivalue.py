#!/usr/bin/env python3
"""Seeded random check of vela-wasm's multi-value lowering (docs/vela-wasm.md,
"Registers and frames": results beyond the fifth in the caller's outgoing area).

The spec suite has one function with more than 5 results (func.wast's
large-sig, called only from the driver); this generates callees with 0 to 300
parameters and results of every value type and returns them every way the
lowering distinguishes: falling off the end, return, br, br_if (taken and
not), br_table to the function label, through a block, a loop and an if with
parameters. Results are parameters (in registers, frame slots or the incoming
stack area, often permuted, so that a returned value overwrites a parameter a
later result reads), constants, a local plus a constant and computed values.
Each callee is called from exports directly, through call_indirect, with live
values under the call and chained into a function taking all the results as
parameters; the driver passes every argument and prints every result. The
calls run through the spec harness (tests/wasm/spectest.py) and every one must
pass.

  multivalue.py --tools build/host/bin --work DIR [--interp] [--seed S] [--callees N]
"""
import argparse, os, random, subprocess, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import spectest  # noqa: E402

TYPES = ("i32", "i64", "f32", "f64")
BITS = {"i32": 32, "i64": 64, "f32": 32, "f64": 64}
# parameter and result counts: around the five registers, and past the
# 12-bit displacements of the outgoing area (8 * 295 > 2047)
COUNTS = (0, 1, 2, 4, 5, 6, 7, 9, 12, 17, 40, 300)
STYLES = ("end", "return", "br", "brif_keep", "brif_other", "br_table", "block", "loop", "if")


def signed(v, bits):
    return v - (1 << bits) if v >> (bits - 1) else v


def const(t, v):
    """Constant text for the bit pattern v of type t."""
    if t in ("i32", "i64"):
        return "(%s.const %d)" % (t, signed(v, BITS[t]))
    it = "i32" if t == "f32" else "i64"
    return "(%s.reinterpret_%s (%s.const %d))" % (t, it, it, signed(v, BITS[t]))


def rand_val(rng, t):
    bits = BITS[t]
    return rng.choice([0, 1, (1 << bits) - 1, 1 << (bits - 1), rng.getrandbits(bits),
                       rng.getrandbits(bits), rng.getrandbits(bits) | (1 << (bits - 1))])


def sources(rng, params, results):
    """One (text, value function of the arguments) per result."""
    out = []
    for t in results:
        same = [p for p, pt in enumerate(params) if pt == t]
        kind = rng.choice(("param", "param", "param", "const", "add", "xor")) if same else "const"
        bits = BITS[t]
        mask = (1 << bits) - 1
        if kind == "const" or (kind in ("add", "xor") and t not in ("i32", "i64")):
            v = rand_val(rng, t)
            out.append((const(t, v), lambda a, v=v: v))
            continue
        p = rng.choice(same)
        if kind == "param":
            out.append(("(local.get %d)" % p, lambda a, p=p: a[p]))
        elif kind == "add":  # folded into a lazy local reference
            c = rng.randrange(-1000, 1000)
            out.append(("(%s.add (local.get %d) (%s.const %d))" % (t, p, t, c),
                        lambda a, p=p, c=c, m=mask: (a[p] + c) & m))
        else:  # computed into a register or frame slot
            c = rand_val(rng, t)
            out.append(("(%s.xor (local.get %d) %s)" % (t, p, const(t, c)),
                        lambda a, p=p, c=c: a[p] ^ c))
    return out


def blocktype(params, results):
    s = ""
    if params:
        s += " (param %s)" % " ".join(params)
    if results:
        s += " (result %s)" % " ".join(results)
    return s


class Callee:
    """$f<k>: (params P, i32 selector) -> results R, returned with one style."""

    def __init__(self, rng, k):
        self.k = k
        self.params = [rng.choice(TYPES) for _ in range(rng.choice(COUNTS))]
        self.results = [rng.choice(TYPES) for _ in range(rng.choice(COUNTS))]
        if k < 3:  # always some of the largest shapes
            self.params = [rng.choice(TYPES) for _ in range(299)]
            self.results = [rng.choice(TYPES) for _ in range(300 if k < 2 else 17)]
        self.all_params = self.params + ["i32"]
        self.sel = len(self.params)  # the selector's local index
        self.style = STYLES[k % len(STYLES)]
        self.a = sources(rng, self.all_params, self.results)
        self.b = sources(rng, self.all_params, self.results)

    def text(self):
        r = self.results
        n = len(r)
        a = " ".join(t for t, _ in self.a)
        b = " ".join(t for t, _ in self.b)
        sel = "(local.get %d)" % self.sel
        drops = " drop" * n
        s = self.style
        locs = ""
        if s == "end":
            body = a
        elif s == "return":
            body = a + " return (i32.const 1) drop"
        elif s == "br":
            body = a + " (br 0)"
        elif s == "brif_keep":
            body = a + " " + sel + " (br_if 0)"
        elif s == "brif_other":
            body = a + " " + sel + " (br_if 0)" + drops + " " + b
        elif s == "br_table":
            body = "(block%s %s %s (br_table 0 1 0))" % (blocktype([], r), a, sel)
        elif s == "block":
            body = "%s (block%s (br 0))" % (a, blocktype(r, r))
        elif s == "loop":
            locs = " (local $i i32)"
            body = ("%s (loop%s (local.get $i) (i32.const 1) (i32.add) (local.tee $i)"
                    " (i32.const 3) (i32.lt_u) (br_if 0))" % (a, blocktype(r, r)))
        else:  # if with parameters: then keeps them, else replaces them
            body = "%s %s (if%s (then) (else%s %s))" % (a, sel, blocktype(r, r), drops, b)
        return "(func $f%d (type $t%d)%s %s)" % (self.k, self.k, locs, body)

    def chain_perm(self):
        """$g<k>'s result i is its parameter perm[i]: each type's values reversed."""
        perm = list(range(len(self.results)))
        for t in TYPES:
            pos = [i for i, rt in enumerate(self.results) if rt == t]
            for i, j in zip(pos, reversed(pos)):
                perm[i] = j
        return perm

    def expect(self, args):
        """Results for the arguments (params + selector)."""
        sel = args[-1]
        take_b = (self.style == "brif_other" and sel == 0) or (self.style == "if" and sel == 0)
        return [f(args) for _, f in (self.b if take_b else self.a)]


def module_text(callees):
    fs = []
    for c in callees:
        p, r = c.all_params, c.results
        fs.append("(type $t%d (func%s))" % (c.k, blocktype(p, r)))
        fs.append(c.text())
        gets = " ".join("(local.get %d)" % i for i in range(len(p)))
        sig = blocktype(p, r)
        fs.append('(func (export "d%d")%s %s (call $f%d))' % (c.k, sig, gets, c.k))
        fs.append('(func (export "i%d")%s %s (call_indirect (type $t%d) (i32.const %d)))'
                  % (c.k, sig, gets, c.k, c.k))
        # six computed values live under the call (registers and a frame slot),
        # summed after it through locals that hold the results
        x = len(p)
        under = " ".join("(i32.mul (local.get %d) (i32.const %d))" % (c.sel, m) for m in range(1, 7))
        sets = " ".join("(local.set %d)" % (x + i) for i in reversed(range(len(r))))
        back = " ".join("(local.get %d)" % (x + i) for i in range(len(r)))
        locs = " (local %s)" % " ".join(r) if r else ""
        fs.append('(func (export "l%d")%s%s %s %s (call $f%d) %s%s %s)'
                  % (c.k, blocktype(p, ["i32"] + r), locs, under, gets, c.k, sets,
                     " (i32.add)" * 5, back))
        # the results straight into $g<k>, which takes them all as parameters and
        # returns them with the values of each type in reverse order
        perm = c.chain_perm()
        fs.append("(func $g%d%s %s)" % (c.k, blocktype(r, r),
                                          " ".join("(local.get %d)" % i for i in perm)))
        fs.append('(func (export "c%d")%s %s (call $f%d) (call $g%d))' % (c.k, sig, gets, c.k, c.k))
    fs.append("(table funcref (elem %s))" % " ".join("$f%d" % c.k for c in callees))
    return "(module\n  " + "\n  ".join(fs) + ")\n"


def calls(rng, callees):
    """(export, args, [(expected bits, type)]) for each call."""
    out = []
    for c in callees:
        for sel in (0, 1, 2):
            args = [rand_val(rng, t) for t in c.params] + [sel]
            want = c.expect(args)
            rt = c.results
            out.append(("d%d" % c.k, args, list(zip(want, rt))))
            out.append(("i%d" % c.k, args, list(zip(want, rt))))
            under = sum(sel * m for m in range(1, 7)) & 0xFFFFFFFF
            out.append(("l%d" % c.k, args, [(under, "i32")] + list(zip(want, rt))))
            perm = c.chain_perm()
            out.append(("c%d" % c.k, args, [(want[perm[i]], rt[i]) for i in range(len(rt))]))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tools", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--interp", action="store_true")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--callees", type=int, default=30)
    ap.add_argument("--timeout", type=int, default=60)
    args = ap.parse_args()
    args.vw_flags = ["--max-pages", "16"]
    rng = random.Random(args.seed)
    os.makedirs(args.work, exist_ok=True)
    callees = [Callee(rng, k) for k in range(args.callees)]
    wat = os.path.join(args.work, "multivalue.wat")
    wasm = os.path.join(args.work, "multivalue.wasm")
    with open(wat, "w") as f:
        f.write(module_text(callees))
    subprocess.run(["wat2wasm", wat, "-o", wasm], check=True)
    batch = []
    for n, (name, argv, want) in enumerate(calls(rng, callees)):
        cmd = {"type": "assert_return", "line": n,
               "action": {"type": "invoke", "field": name,
                          "args": [{"type": t, "value": str(v)}
                                   for t, v in zip(callees[int(name[1:])].all_params, argv)]},
               "expected": [{"type": t, "value": str(v)} for v, t in want]}
        batch.append((cmd, cmd["action"]))
    res = spectest.FileResult("multivalue")
    spectest.run_batch(args, res, wasm, args.work, batch)
    for x in res.fails[:20]:
        print("  " + x[:300])
    if res.failed or res.skipped or res.passed != len(batch):
        print("[FAIL] wasm-multivalue:calls: %d of %d passed (%d failed, %d skipped)"
              % (res.passed, len(batch), res.failed, res.skipped))
        return 1
    print("[OK] wasm-multivalue:calls (%d calls of %d callees, up to 300 parameters and results)"
          % (len(batch), len(callees)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
