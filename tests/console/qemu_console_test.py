#!/usr/bin/env python3
"""End-to-end console test: QEMU's PS/2 keyboard, VGA screen and COM1.

Boots AetherOS to its monitor with QMP on a Unix socket, types on the
emulated PS/2 keyboard with QMP `send-key` (and `input-send-event` for held
keys), and checks what the kernel received (the serial log: echo and
command output) and what the VGA text buffer shows (the kernel's `vgadump`
command prints it on serial). Screenshots of the boot screen and of the
screen after the session are kept as PNG (QMP `screendump` writes PPM,
netpbm's pnmtopng converts it).

Prints `[OK] console:NAME` or `[FAIL] console:NAME: reason` per check and
exits non-zero if any check failed.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "boot"))
from qmp import Qmp, qcodes_for  # noqa: E402

PROMPT = "aether> "

class Machine:
    def __init__(self, args, workdir):
        self.qmp_path = os.path.join(workdir, "qmp.sock")
        cmd = ["qemu-system-x86_64", "-accel", args.accel, "-m", "256M",
               "-display", "none", "-vga", "std", "-monitor", "none",
               "-serial", "stdio", "-no-reboot",
               "-qmp", "unix:%s,server=on,wait=off" % self.qmp_path,
               "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"]
        if args.iso:
            cmd += ["-cdrom", args.iso, "-boot", "d"]
        else:
            cmd += ["-kernel", args.kernel]
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, bufsize=0)
        self.buf = bytearray()
        self.lock = threading.Lock()
        self.reader = threading.Thread(target=self._pump, daemon=True)
        self.reader.start()
        self.qmp = Qmp(self.qmp_path, 20)
        self.pos = 0  # expect() searches from here

    def _pump(self):
        while True:
            chunk = self.proc.stdout.read(4096)
            if not chunk:
                return
            with self.lock:
                self.buf += chunk

    def text(self):
        with self.lock:
            return self.buf.decode("utf-8", "replace").replace("\r\n", "\n")

    def expect(self, want, timeout=20):
        """Waits for `want` (str or compiled regex) after the last match."""
        deadline = time.monotonic() + timeout
        while True:
            t = self.text()
            if isinstance(want, str):
                i = t.find(want, self.pos)
                end = i + len(want)
            else:
                m = want.search(t, self.pos)
                i, end = (m.start(), m.end()) if m else (-1, -1)
            if i >= 0:
                self.pos = end
                return t[i:end]
            if time.monotonic() > deadline or self.proc.poll() is not None:
                return None
            time.sleep(0.05)

    def since(self, start):
        return self.text()[start:]

    def key(self, *qcodes, hold_ms=30):
        self.qmp.send_keys(list(qcodes), hold_ms)

    def type_keys(self, text):
        for ch in text:
            self.key(*qcodes_for(ch))

    def key_event(self, qcode, down):
        self.qmp.key_event(qcode, down)

    def serial_type(self, text):
        for b in text.encode():
            self.proc.stdin.write(bytes([b]))
            self.proc.stdin.flush()
            time.sleep(0.002)

    def screendump(self, ppm):
        return self.qmp.screendump(ppm)

    def vgadump(self):
        """Runs the kernel's vgadump command; returns (rows, cursor) or None."""
        self.expect(PROMPT, 5)
        self.type_keys("vgadump\n")
        head = self.expect(re.compile(r"vga: begin (\d+)x(\d+) cursor (\d+),(\d+)\n"))
        if head is None:
            return None
        start = self.pos
        # Anchored: the screen itself may show an earlier dump's "vga: end".
        if self.expect("\nvga: end\n") is None:
            return None
        body = self.text()[start:self.pos]
        rows = [line[4:] for line in body.split("\n") if line.startswith("vga|")]
        m = re.match(r"vga: begin (\d+)x(\d+) cursor (\d+),(\d+)", head)
        return rows, (int(m.group(3)), int(m.group(4)))

    def stop(self):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        self.reader.join(timeout=2)


class Checks:
    def __init__(self):
        self.failed = 0
        self.passed = 0

    def report(self, name, reason=None):
        if reason:
            self.failed += 1
            print("[FAIL] console:%s: %s" % (name, reason), flush=True)
        else:
            self.passed += 1
            print("[OK] console:%s" % name, flush=True)


def ppm_info(path):
    """Returns (width, height, distinct colours) of a binary PPM (P6)."""
    with open(path, "rb") as f:
        data = f.read()
    fields = []
    i = 0
    while len(fields) < 4:
        while data[i:i + 1].isspace():
            i += 1
        if data[i:i + 1] == b"#":
            while data[i:i + 1] not in (b"\n", b""):
                i += 1
            continue
        j = i
        while not data[j:j + 1].isspace():
            j += 1
        fields.append(data[i:j])
        i = j
    if fields[0] != b"P6":
        raise ValueError("not a P6 PPM: %r" % fields[0])
    width, height = int(fields[1]), int(fields[2])
    pixels = data[i + 1:]
    colours = {pixels[k:k + 3] for k in range(0, len(pixels), 3 * 7)}
    return width, height, len(colours)


def screenshot(m, checks, name, out_dir):
    ppm = os.path.join(out_dir, name + ".ppm")
    png = os.path.join(out_dir, name + ".png")
    if not m.screendump(ppm):
        return checks.report(name, "screendump produced no file")
    try:
        w, h, colours = ppm_info(ppm)
    except (ValueError, IndexError) as e:
        return checks.report(name, "bad PPM: %s" % e)
    with open(png, "wb") as f:
        r = subprocess.run(["pnmtopng", ppm], stdout=f, stderr=subprocess.PIPE)
    if r.returncode != 0:
        return checks.report(name, "pnmtopng failed: %s" % r.stderr.decode().strip())
    with open(png, "rb") as f:
        if f.read(8) != b"\x89PNG\r\n\x1a\n":
            return checks.report(name, "%s is not a PNG" % png)
    # 80x25 text with a 9x16 font renders as 720x400.
    if (w, h) != (720, 400):
        return checks.report(name, "screen is %dx%d, expected the 720x400 text mode" % (w, h))
    if colours < 2:
        return checks.report(name, "a single colour on screen: nothing drawn")
    print("  screenshot: %s (%dx%d)" % (png, w, h))
    checks.report(name)


def command_output(m, cmd, timeout=20):
    """Types cmd + Enter on the keyboard; returns the output up to the next prompt."""
    m.expect(PROMPT, 5)
    start = m.pos
    m.type_keys(cmd + "\n")
    if m.expect(PROMPT, timeout) is None:
        return None
    return m.text()[start:m.pos - len(PROMPT)]


def output_lines(out):
    return [l for l in out.split("\n")]


def run(args):
    checks = Checks()
    os.makedirs(args.out, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="aether-console-") as tmp:
        m = Machine(args, tmp)
        try:
            run_checks(m, checks, args)
        finally:
            m.stop()
            with open(os.path.join(args.out, "serial.log"), "w") as f:
                f.write(m.text())
    print("console: %d passed, %d failed" % (checks.passed, checks.failed))
    return 1 if checks.failed else 0


def run_checks(m, checks, args):
    # --- boot: keyboard found, prompt on serial and on screen ---
    if m.expect("ps2: keyboard ready", 60) is None:
        checks.report("keyboard_found", "no 'ps2: keyboard ready' line")
    else:
        checks.report("keyboard_found")
    if m.expect(PROMPT, 60) is None:
        checks.report("boot_prompt", "no monitor prompt")
        return
    checks.report("boot_prompt")
    time.sleep(0.3)  # let the display refresh once before the screendump
    screenshot(m, checks, "boot-screen", args.out)

    # --- typed characters reach the kernel and the screen ---
    out = command_output(m, "echo hello")
    lines = output_lines(out or "")
    if out is None or "hello" not in lines:
        checks.report("typed_characters", "echo output %r" % out)
    else:
        checks.report("typed_characters")

    # --- shift gives capitals and symbols ---
    out = command_output(m, "echo Hi! A-B")
    if out is None or "Hi! A_B" not in output_lines(out) and "Hi! A-B" not in output_lines(out):
        checks.report("shift_capitals", "echo output %r" % out)
    else:
        checks.report("shift_capitals")

    # --- caps lock: letters only, toggled off again ---
    m.expect(PROMPT, 5)
    start = m.pos
    m.type_keys("echo ")
    m.key("caps_lock")
    m.type_keys("abc1")
    m.key("caps_lock")
    m.type_keys("d\n")
    m.expect(PROMPT, 20)
    out = m.text()[start:m.pos]
    if "ABC1d" not in output_lines(out):
        checks.report("caps_lock", "echo output %r" % out)
    else:
        checks.report("caps_lock")
    m.pos -= len(PROMPT)

    # --- backspace erases (in the line, on serial and on screen) ---
    m.expect(PROMPT, 5)
    start = m.pos
    m.type_keys("echo abxy")
    m.key("backspace")
    m.key("backspace")
    m.type_keys("c\n")
    m.expect(PROMPT, 20)
    out = m.text()[start:m.pos]
    m.pos -= len(PROMPT)
    if "abc" not in output_lines(out):
        checks.report("backspace_erases", "echo output %r" % out)
    elif "\b \b\b \b" not in out:
        checks.report("backspace_erases", "no erase echo in %r" % out)
    else:
        checks.report("backspace_erases")
    dump = m.vgadump()
    if dump is None:
        checks.report("backspace_on_screen", "vgadump failed")
    elif PROMPT + "echo abc" not in dump[0]:
        checks.report("backspace_on_screen", "no '%secho abc' row on screen: %r" % (PROMPT, dump[0]))
    else:
        checks.report("backspace_on_screen")

    # --- Ctrl-U kills the line, Ctrl-C abandons it, Ctrl-D pushes it ---
    m.expect(PROMPT, 5)
    start = m.pos
    m.type_keys("echo zzz")
    m.key("ctrl", "u")
    m.type_keys("echo ok\n")
    m.expect(PROMPT, 20)
    out = m.text()[start:m.pos]
    m.pos -= len(PROMPT)
    lines = output_lines(out)
    if "ok" not in lines or "zzz" in lines:
        checks.report("ctrl_u_kills_line", "output %r" % out)
    else:
        checks.report("ctrl_u_kills_line")

    m.expect(PROMPT, 5)
    start = m.pos
    m.type_keys("echo never")
    m.key("ctrl", "c")
    m.expect(PROMPT, 20)
    out = m.text()[start:m.pos]
    m.pos -= len(PROMPT)
    if "^C" not in out or "never" in output_lines(out):
        checks.report("ctrl_c_interrupts", "output %r" % out)
    else:
        checks.report("ctrl_c_interrupts")

    m.expect(PROMPT, 5)
    start = m.pos
    m.type_keys("echo pushed")
    m.key("ctrl", "d")
    m.expect(PROMPT, 20)
    out = m.text()[start:m.pos]
    m.pos -= len(PROMPT)
    if "pushed" not in output_lines(out):
        checks.report("ctrl_d_pushes_line", "output %r" % out)
    else:
        checks.report("ctrl_d_pushes_line")

    # --- arrows, Home/End and Delete reach the raw-mode line editor ---
    m.expect(PROMPT, 5)
    m.type_keys("edit\n")
    if m.expect("edit> ", 20) is None:
        checks.report("arrows_line_editor", "no edit> prompt")
    else:
        m.type_keys("abc")
        m.key("left")
        m.key("left")
        m.type_keys("X")
        m.key("end")
        m.type_keys("Y")
        m.key("home")
        m.type_keys("Z")
        m.key("right")
        m.key("right")
        m.key("delete")
        m.type_keys("\n")
        # abc -> aXbc -> aXbcY -> ZaXbcY -> (Delete on the b) ZaXcY
        got = m.expect(re.compile(r'edit: "[^"\n]*"'), 20)
        if got != 'edit: "ZaXcY"':
            checks.report("arrows_line_editor", "got %r, expected 'edit: \"ZaXcY\"'" % got)
        else:
            checks.report("arrows_line_editor")
    m.expect(PROMPT, 5)
    m.type_keys("edit\n")
    if m.expect("edit> ", 20) is None:
        checks.report("up_arrow_history", "no edit> prompt")
    else:
        m.key("up")
        m.type_keys("!\n")
        got = m.expect(re.compile(r'edit: "[^"\n]*"'), 20)
        if got != 'edit: "ZaXcY!"':
            checks.report("up_arrow_history", "got %r" % got)
        else:
            checks.report("up_arrow_history")
    dump = m.vgadump()
    if dump is None or "edit> ZaXcY!" not in dump[0]:
        checks.report("line_editor_on_screen",
                      "no 'edit> ZaXcY!' row: %r" % (dump[0] if dump else None))
    else:
        checks.report("line_editor_on_screen")

    # --- raw mode delivers the escape sequences themselves ---
    m.expect(PROMPT, 5)
    m.type_keys("keys\n")
    m.expect("'q' ends", 20)
    m.key("up")
    m.key("ctrl", "c")
    m.type_keys("q")
    seen = m.expect("keys: 71", 20)
    out = m.text()[:m.pos]
    if seen is None or "keys: 1b 5b 41" not in out or "keys: 03" not in out:
        checks.report("raw_mode_keys", "raw bytes not seen: %r" % out[-200:])
    else:
        checks.report("raw_mode_keys")

    # --- key repeat: a held key sends repeated make codes ---
    m.expect(PROMPT, 5)
    start = m.pos
    m.type_keys("echo ")
    # send-key events are queued with their hold time while input-send-event
    # goes at once: wait for the echo before holding the key down.
    m.expect(PROMPT + "echo ", 20)
    for _ in range(4):
        m.key_event("r", True)
        time.sleep(0.05)
    m.key_event("r", False)
    m.expect("rrrr", 20)
    m.type_keys("\n")
    m.expect(PROMPT, 20)
    out = m.text()[start:m.pos]
    m.pos -= len(PROMPT)
    if "rrrr" not in output_lines(out):
        checks.report("key_repeat", "output %r" % out)
    else:
        checks.report("key_repeat")
    out = command_output(m, "kbdinfo")
    mm = re.search(r"\((\d+) repeats\)", out or "")
    if not mm or int(mm.group(1)) < 3 or "typematic 0x24" not in out:
        checks.report("key_repeat_counted", "kbdinfo %r" % out)
    else:
        checks.report("key_repeat_counted")

    # --- serial input goes through the same TTY, output mirrored to VGA ---
    m.expect(PROMPT, 5)
    start = m.pos
    m.serial_type("echo via serial\r")
    m.expect(PROMPT, 20)
    out = m.text()[start:m.pos]
    m.pos -= len(PROMPT)
    if "via serial" not in output_lines(out):
        checks.report("serial_input", "output %r" % out)
    else:
        checks.report("serial_input")
    dump = m.vgadump()
    if dump is None:
        checks.report("vga_mirror", "vgadump failed")
    else:
        rows, (crow, ccol) = dump
        if PROMPT + "echo via serial" not in rows or "via serial" not in rows:
            checks.report("vga_mirror", "serial session not on screen: %r" % rows)
        else:
            checks.report("vga_mirror")
        # The dump is taken right after "vgadump" + Enter: the cursor sits at
        # the start of the row below the command.
        cmd_rows = [i for i, r in enumerate(rows) if r == PROMPT + "vgadump"]
        if not cmd_rows or (crow, ccol) != (cmd_rows[-1] + 1, 0):
            checks.report("hardware_cursor", "cursor %d,%d, command rows %r" %
                          (crow, ccol, cmd_rows))
        else:
            checks.report("hardware_cursor")

    screenshot(m, checks, "session-screen", args.out)

    # --- halt powers off cleanly ---
    m.expect(PROMPT, 5)
    m.type_keys("halt\n")
    if m.expect("System halted.", 20) is None:
        checks.report("halt", "no 'System halted.'")
    else:
        try:
            status = m.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            status = None
        checks.report("halt", None if status == 0 else "QEMU exit status %r" % status)


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--kernel", default="build/kernel/aetheros.elf")
    p.add_argument("--iso", help="boot this GRUB ISO (multiboot2) instead of -kernel")
    p.add_argument("--out", default="build/console", help="screenshots and serial log")
    p.add_argument("--accel", default=os.environ.get("ACCEL", "tcg"))
    sys.exit(run(p.parse_args()))


if __name__ == "__main__":
    main()
