#!/usr/bin/env python3
"""Differential check of vela-wasm's float sequences (docs/vela-wasm.md, "Floats").

The spec suite covers every float operation with chosen values; this adds
seeded random and edge-case values for the parts that are sequences rather
than one VELA-F instruction: f32/f64 ceil, floor, trunc and nearest (the
2^52 / 2^23 threshold, halves, the sign of zero results, NaN quieting) and
comparisons fused with br_if / if (and unfused ones, which share the code).
Expected results come from Python's own IEEE double arithmetic (an f32 value
and its integral neighbours are exact doubles). One driver object runs every
call (vela-wasm --invoke), through vela-run or vela-run --interp.

  floatcheck.py --tools build/host/bin --work DIR [--interp] [--count N] [--seed S]
"""
import argparse, math, os, random, struct, subprocess, sys

ROUND = ("ceil", "floor", "trunc", "nearest")
CMP = ("eq", "ne", "lt", "gt", "le", "ge")


def module_text():
    """Exports r_<op><bits>, cmp_<op><bits> (unfused), if_/br_<op><bits>."""
    fs = []
    for bits in (32, 64):
        t = "f%d" % bits
        for op in ROUND:
            fs.append('(func (export "r_%s%d") (param %s) (result %s) (%s.%s (local.get 0)))'
                      % (op, bits, t, t, t, op))
        for op in CMP:
            fs.append('(func (export "cmp_%s%d") (param %s %s) (result i32) (%s.%s (local.get 0) (local.get 1)))'
                      % (op, bits, t, t, t, op))
            fs.append('(func (export "if_%s%d") (param %s %s) (result i32) (if (result i32) (%s.%s (local.get 0) (local.get 1)) (then (i32.const 7)) (else (i32.const 3))))'
                      % (op, bits, t, t, t, op))
            fs.append('(func (export "br_%s%d") (param %s %s) (result i32) (block (result i32) (i32.const 7) (%s.%s (local.get 0) (local.get 1)) (br_if 0) (drop) (i32.const 3)))'
                      % (op, bits, t, t, t, op))
            # the same under five lazy constants and a local reference (materialised
            # before the branch) with the operands at depths 6 and 7 (frame slots)
            under = "(i32.const 1) (i32.const 2) (i32.const 3) (i32.const 4) (i32.const 5) (local.get 2)"
            ops = "(%s.add (local.get 0) (%s.const -0)) (%s.add (local.get 1) (%s.const -0)) (%s.%s)" % (t, t, t, t, t, op)
            sums = "(i32.add) (i32.add) (i32.add) (i32.add) (i32.add) (i32.add)"
            fs.append('(func (export "dif_%s%d") (param %s %s i32) (result i32) %s %s (if (result i32) (then (i32.const 7)) (else (i32.const 3))) %s)'
                      % (op, bits, t, t, under, ops, sums))
            fs.append('(func (export "dbr_%s%d") (param %s %s i32) (result i32) %s (block (result i32) (i32.const 7) %s (br_if 0) (drop) (i32.const 3)) %s)'
                      % (op, bits, t, t, under, ops, sums))
    # f32 globals hold sign-extended patterns like every f32 register value, so
    # a sign read from bit 63 (copysign, rounding) is right for them too
    fs += ['(global $gc f32 (f32.const -0.5))', '(global $gm (mut f32) (f32.const -0.25))',
           '(func (export "g_trunc") (result f32) (f32.trunc (global.get $gc)))',
           '(func (export "g_ceil") (result f32) (f32.ceil (global.get $gm)))',
           '(func (export "g_copysign") (result f32) (f32.copysign (f32.const 2) (global.get $gc)))']
    return "(module\n  " + "\n  ".join(fs) + ")\n"


def d2b(x):
    return struct.unpack("<Q", struct.pack("<d", x))[0]


def b2d(b):
    return struct.unpack("<d", struct.pack("<Q", b))[0]


def f2b(x):
    return struct.unpack("<I", struct.pack("<f", x))[0]


def b2f(b):
    return struct.unpack("<f", struct.pack("<I", b))[0]


def values(bits, rng, count):
    """Bit patterns: edge cases, then random values of every magnitude."""
    if bits == 64:
        enc, mant, bias, two_p = d2b, 52, 1023, 2.0 ** 52
    else:
        enc, mant, bias, two_p = f2b, 23, 127, 2.0 ** 23
    top = 1 << (bits - 1)
    specials = [0.0, -0.0, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 0.49999999999999994, 1.0, -1.0,
                two_p, -two_p, two_p - 0.5, -(two_p - 0.5), two_p - 1, two_p + 2, two_p * 2,
                float("inf"), float("-inf"), 1e-310 if bits == 64 else 1e-40, -1e-40]
    pats = []
    for x in specials:
        try:
            pats.append(enc(x))
        except (OverflowError, struct.error):
            pass
    exp_all = (1 << (bits - 1 - mant)) - 1
    nan = exp_all << mant
    pats += [nan | 1, nan | (1 << (mant - 1)), top | nan | 5, top | nan | (1 << (mant - 1)) | 3]
    pats += [enc(k + 0.5) for k in range(-6, 6)]
    while len(pats) < count:
        kind = rng.randrange(4)
        if kind == 0:  # any pattern
            p = rng.getrandbits(bits)
        else:  # exponents around the interesting range: below 1 up to past 2^mant
            e = bias + rng.randrange(-4, mant + 3)
            p = (rng.getrandbits(1) << (bits - 1)) | (e << mant) | rng.getrandbits(mant)
            if kind == 1:  # few fraction bits: halves, quarters, integers
                p &= ~((1 << max(0, mant - 8)) - 1)
        pats.append(p)
    return pats


def expect_round(op, p, bits):
    """Expected bit pattern, or 'nan' for 'an arithmetic NaN'."""
    x = b2d(p) if bits == 64 else b2f(p)
    if math.isnan(x):
        return "nan"
    if math.isinf(x) or x == 0:
        return p
    if op == "ceil":
        r = float(math.ceil(x))
    elif op == "floor":
        r = float(math.floor(x))
    elif op == "trunc":
        r = float(math.trunc(x))
    else:
        r = float(round(x))  # Python rounds half to even, exactly
    if r == 0:
        r = math.copysign(0.0, x)
    return d2b(r) if bits == 64 else f2b(r)


def expect_cmp(op, a, b, bits):
    x = b2d(a) if bits == 64 else b2f(a)
    y = b2d(b) if bits == 64 else b2f(b)
    return {"eq": x == y, "ne": x != y, "lt": x < y, "gt": x > y, "le": x <= y, "ge": x >= y}[op]


def quiet_nan(g, bits):
    if bits == 64:
        return (g & 0x7FF8000000000000) == 0x7FF8000000000000
    return (g & 0x7FC00000) == 0x7FC00000


def run_chunk(args, wasm, calls):
    """Runs the calls in one driver object: the list of first results, or an error."""
    inv = os.path.join(args.work, "floatcheck.inv")
    with open(inv, "w") as f:
        for name, argv, _, _, _ in calls:
            f.write(name.encode().hex() + "".join(" %x" % a for a in argv) + "\n")
    vo = os.path.join(args.work, "floatcheck.vo")
    p = subprocess.run([os.path.join(args.tools, "vela-wasm"), "--invoke", inv, wasm, "-o", vo],
                       capture_output=True)
    if p.returncode:
        return "vela-wasm: " + p.stderr.decode().strip()
    run = [os.path.join(args.tools, "vela-run")] + (["--interp"] if args.interp else []) + [vo]
    p = subprocess.run(run, capture_output=True, timeout=600)
    toks = p.stdout.decode().split()
    res, pos = [], 0
    for j, c in enumerate(calls):
        marker = "%016x" % (0x5E000000 + j)
        got = []
        while pos < len(toks) and toks[pos] != marker:
            got.append(int(toks[pos], 16))
            pos += 1
        if pos >= len(toks) or len(got) != 1:
            return "stopped at %s(%s): %s" % (c[0], " ".join("%x" % a for a in c[1]),
                                              p.stderr.decode().strip()[-200:])
        pos += 1
        res.append(got[0])
    return res


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tools", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--interp", action="store_true")
    ap.add_argument("--count", type=int, default=400, help="values per type")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    os.makedirs(args.work, exist_ok=True)
    wat = os.path.join(args.work, "floatcheck.wat")
    wasm = os.path.join(args.work, "floatcheck.wasm")
    with open(wat, "w") as f:
        f.write(module_text())
    subprocess.run(["wat2wasm", wat, "-o", wasm], check=True)
    calls = []  # (export, args, bits, expected, what)
    for bits in (32, 64):
        vals = values(bits, rng, args.count)
        for op in ROUND:
            for p in vals:
                calls.append(("r_%s%d" % (op, bits), [p], bits, expect_round(op, p, bits), "round"))
        for op in CMP:
            for i in range(len(vals)):
                a = vals[i]
                # a partner that is often equal, a zero of the other sign, or near
                b = rng.choice([a, vals[rng.randrange(len(vals))], a ^ (1 << (bits - 1)), a + 1])
                b &= (1 << bits) - 1
                want = expect_cmp(op, a, b, bits)
                calls.append(("cmp_%s%d" % (op, bits), [a, b], bits, int(want), "cmp"))
                calls.append(("if_%s%d" % (op, bits), [a, b], bits, 7 if want else 3, "cmp"))
                calls.append(("br_%s%d" % (op, bits), [a, b], bits, 7 if want else 3, "cmp"))
                for k in ("dif", "dbr"):
                    calls.append(("%s_%s%d" % (k, op, bits), [a, b, 100], bits,
                                  115 + (7 if want else 3), "cmp"))
    for name, want in (("g_trunc", 0x80000000), ("g_ceil", 0x80000000), ("g_copysign", 0xC0000000)):
        calls.append((name, [], 32, want, "round"))
    fails = 0
    chunk = 1500  # calls per driver object (the importer's output buffer is sized by the module)
    for base in range(0, len(calls), chunk):
        part = calls[base:base + chunk]
        err = run_chunk(args, wasm, part)
        if isinstance(err, str):
            print("[FAIL] wasm-float:calls: " + err)
            return 1
        for j, got in enumerate(err):
            name, argv, bits, want, what = part[j]
            g = got & ((1 << bits) - 1) if what == "round" else got & 0xFFFFFFFF
            ok = quiet_nan(g, bits) if want == "nan" else g == want
            if what == "round" and bits == 32 and got >> 31 not in (0, (1 << 33) - 1):
                ok = False  # f32 results must stay sign-extended
            if not ok:
                fails += 1
                if fails <= 20:
                    print("  %s(%s) = %x, expected %s" % (name, " ".join("%x" % a for a in argv), got,
                                                        want if isinstance(want, str) else "%x" % want))
    if fails:
        print("[FAIL] wasm-float:calls: %d of %d calls wrong" % (fails, len(calls)))
        return 1
    print("[OK] wasm-float:calls (%d: ceil/floor/trunc/nearest, compares fused and not)" % len(calls))
    return 0


if __name__ == "__main__":
    sys.exit(main())
