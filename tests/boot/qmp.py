"""Minimal QMP client for the QEMU tests: keyboard input and screenshots.

    q = Qmp("/tmp/x/qmp.sock")        # waits for QEMU to open the socket
    q.send_combo("shift-a")           # one key press, as HMP's sendkey writes it
    q.screendump_png("build/x.png")   # PPM from QEMU, PNG through pnmtopng
"""
import json
import os
import socket
import subprocess
import time


class QmpError(RuntimeError):
    pass


class Qmp:
    def __init__(self, path, timeout=20):
        deadline = time.monotonic() + timeout
        while True:
            self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                self.sock.connect(path)
                break
            except OSError:
                self.sock.close()
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        self.file = self.sock.makefile("rwb")
        self._read()  # the greeting
        self.cmd("qmp_capabilities")

    def _read(self):
        line = self.file.readline()
        if not line:
            raise QmpError("QMP connection closed")
        return json.loads(line)

    def cmd(self, name, **args):
        msg = {"execute": name}
        if args:
            msg["arguments"] = args
        self.file.write(json.dumps(msg).encode() + b"\n")
        self.file.flush()
        while True:
            r = self._read()
            if "return" in r:
                return r["return"]
            if "error" in r:
                raise QmpError("QMP %s: %s" % (name, r["error"].get("desc", r["error"])))
            # Asynchronous events (RESET, SHUTDOWN, ...) are skipped.

    def send_keys(self, qcodes, hold_ms=30):
        """Presses the keys together (in order), holds them, releases them."""
        keys = [{"type": "qcode", "data": q} for q in qcodes]
        self.cmd("send-key", keys=keys, **{"hold-time": hold_ms})

    def send_combo(self, combo, hold_ms=30):
        """A key combination written as HMP's sendkey does: "a", "shift-a", "ctrl-c"."""
        self.send_keys(combo.split("-") if combo != "-" else ["minus"], hold_ms)

    def key_event(self, qcode, down):
        """One key transition, sent at once (send-key presses are queued)."""
        self.cmd("input-send-event", events=[
            {"type": "key", "data": {"down": down, "key": {"type": "qcode", "data": qcode}}}])

    def screendump(self, ppm, timeout=10):
        """Writes the screen to a PPM file; returns True once the file is there."""
        if os.path.exists(ppm):
            os.unlink(ppm)
        self.cmd("screendump", filename=os.path.abspath(ppm))
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if os.path.exists(ppm) and os.path.getsize(ppm) > 0:
                return True
            time.sleep(0.05)
        return False

    def screendump_png(self, png):
        """Screenshot as PNG (netpbm's pnmtopng); the PPM is kept beside it."""
        ppm = os.path.splitext(png)[0] + ".ppm"
        if not self.screendump(ppm):
            raise QmpError("screendump wrote no file")
        with open(png, "wb") as f:
            r = subprocess.run(["pnmtopng", ppm], stdout=f, stderr=subprocess.PIPE)
        if r.returncode != 0:
            raise QmpError("pnmtopng: %s" % r.stderr.decode().strip())
        return png


# Characters to key combinations (US layout), for typing text.
_SHIFTED = {"!": "1", "@": "2", "#": "3", "$": "4", "%": "5", "^": "6", "&": "7", "*": "8",
            "(": "9", ")": "0", "_": "minus", "+": "equal", '"': "apostrophe", ":": "semicolon",
            "?": "slash", "<": "comma", ">": "dot", "{": "bracket_left", "}": "bracket_right",
            "|": "backslash", "~": "grave_accent"}
_PLAIN = {" ": "spc", "-": "minus", "=": "equal", ".": "dot", ",": "comma", "/": "slash",
          ";": "semicolon", "'": "apostrophe", "[": "bracket_left", "]": "bracket_right",
          "\\": "backslash", "`": "grave_accent", "\n": "ret", "\t": "tab"}


def qcodes_for(ch):
    """The keys to press together for one character."""
    if ch.isdigit() or "a" <= ch <= "z":
        return [ch]
    if "A" <= ch <= "Z":
        return ["shift", ch.lower()]
    if ch in _PLAIN:
        return [_PLAIN[ch]]
    if ch in _SHIFTED:
        return ["shift", _SHIFTED[ch]]
    raise ValueError("no key for %r" % ch)


def type_text(qmp, text, hold_ms=30):
    for ch in text:
        qmp.send_keys(qcodes_for(ch), hold_ms)
