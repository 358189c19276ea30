#!/usr/bin/env python3
"""What a person types at a terminal, as dgram (argv[1]) sees it: dgram runs
on a pseudo-terminal that is its controlling terminal and its three standard
streams. Checked: a line longer than the terminal driver keeps (Linux: 4095
bytes) reaches dgram cut, and dgram says so (send --talk, a typed message);
after Ctrl+D, send --talk says it waits for late answers and how long;
Ctrl+C during a read of --file /dev/tty ends dgram by SIGINT with nothing
sent. Datagrams go to 127.0.0.1 only; every wait is bounded. Linux only (the
driver's limit is Linux's).

    python3 typed_input_test.py DGRAM [unittest arguments]
"""
import fcntl
import os
import pty
import re
import signal
import socket
import subprocess
import sys
import termios
import time
import unittest

from status_line_test import Terminal

DGRAM = None
LIMIT = 4095  # N_TTY keeps 4095 bytes of a line, and the newline
WARNING = rb"warning: line 1 reached the terminal's limit of 4095 bytes a line"


class Console(Terminal):
    """dgram with a pseudo-terminal as its controlling terminal and stdio
    (read as status_line_test's Terminal reads it)."""

    def __init__(self, args):
        self.main, secondary = pty.openpty()

        def controlling_terminal():
            os.setsid()
            fcntl.ioctl(0, termios.TIOCSCTTY, 0)

        self.process = subprocess.Popen([DGRAM, *args], stdin=secondary, stdout=secondary,
                                        stderr=secondary, preexec_fn=controlling_terminal)
        os.close(secondary)
        self.text = b""

    def type(self, keys):
        """Types `keys`, reading the echo meanwhile so that it never fills."""
        for i in range(0, len(keys), 512):
            os.write(self.main, keys[i:i + 512])
            self.read(0.01)

    def wait(self, seconds=60):
        end = time.monotonic() + seconds
        while self.process.poll() is None and time.monotonic() < end:
            self.read(0.05)
        if self.process.poll() is None:
            self.process.kill()
            raise AssertionError(f"dgram still ran after {seconds} s: {self.text[-2000:]!r}")
        self.read(0.3)
        os.close(self.main)
        return self.process.wait()


def peer(test):
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    test.addCleanup(sock.close)
    sock.bind(("127.0.0.1", 0))
    sock.settimeout(60)
    return sock


def without_echo(text):
    """What dgram wrote, without the echo of long typed lines."""
    return re.sub(rb"[ab]{100,}", b"", text)


class TypedInput(unittest.TestCase):
    def test_talk_line_cut_by_the_terminal_is_said_then_the_wait_for_late_answers(self):
        receiver = peer(self)
        port = receiver.getsockname()[1]
        console = Console(["send", "127.0.0.1", str(port), "--talk", "-m", "8000", "-t", "1500ms"])
        console.read(60, rb"each line you type")
        console.type(b"a" * 5000 + b"\n")
        got = receiver.recv(65536)
        console.read(10, WARNING)
        console.type(b"\x04")  # Ctrl+D
        console.read(10, rb"late answers")
        code = console.wait()
        shown = without_echo(console.text)
        self.assertEqual(got, b"a" * LIMIT)  # what the driver let through
        self.assertEqual(code, 0, shown)
        self.assertEqual(len(re.findall(rb"limit of", shown)), 1, shown)
        self.assertRegex(shown, WARNING + rb": anything typed beyond it was dropped by the "
                         rb"terminal before dgram saw it; to send longer lines, pipe the text in")
        self.assertIn(b"dgram: end of input; waiting 1500 ms for late answers (--timeout), "
                      b"Ctrl+C ends", shown)

    def test_short_lines_draw_no_warning_and_the_wait_is_said_in_seconds(self):
        receiver = peer(self)
        port = receiver.getsockname()[1]
        console = Console(["send", "127.0.0.1", str(port), "--talk", "-m", "8000", "-t", "1s"])
        console.read(60, rb"each line you type")
        console.type(b"a" * (LIMIT - 1) + b"\n")
        got = receiver.recv(65536)
        console.type(b"\x04")
        console.read(10, rb"late answers")
        code = console.wait()
        shown = without_echo(console.text)
        self.assertEqual(got, b"a" * (LIMIT - 1))
        self.assertEqual(code, 0, shown)
        self.assertNotIn(b"limit of", shown)
        self.assertIn(b"waiting 1 s for late answers", shown)

    def test_typed_message_with_a_cut_line_is_said(self):
        receiver = peer(self)
        port = receiver.getsockname()[1]
        # -n 1: a message read whole (typed at a terminal, send would talk).
        console = Console(["send", "127.0.0.1", str(port), "-", "-m", "8000", "-n", "1"])
        console.read(60, rb"type the message")
        console.type(b"b" * 5000 + b"\n")
        console.type(b"\x04")
        got = receiver.recv(65536)
        code = console.wait()
        shown = without_echo(console.text)
        self.assertEqual(got, b"b" * LIMIT + b"\n")
        self.assertEqual(code, 0, shown)
        self.assertRegex(shown, WARNING + rb".*pipe the text in or give it with --file")

    def test_ctrl_c_while_reading_file_dev_tty_ends_by_sigint_with_nothing_sent(self):
        receiver = peer(self)
        receiver.settimeout(0.5)
        port = receiver.getsockname()[1]
        console = Console(["send", "127.0.0.1", str(port), "--file", "/dev/tty"])
        # dgram blocks in the read of the terminal: its handler is in place
        # and it sleeps in the kernel.
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with open(f"/proc/{console.process.pid}/status") as status:
                fields = dict(line.split(":", 1) for line in status if ":" in line)
            caught = int(fields["SigCgt"].strip(), 16) & (1 << (signal.SIGINT - 1))
            if caught and fields["State"].strip().startswith("S"):
                break
            time.sleep(0.02)
        console.type(b"partial")  # no newline: nothing reaches dgram yet
        console.process.send_signal(signal.SIGINT)
        code = console.wait()
        self.assertEqual(code, -signal.SIGINT, console.text)
        self.assertNotIn(b"error", console.text)
        with self.assertRaises(socket.timeout):
            receiver.recv(100)


if __name__ == "__main__":
    DGRAM = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
