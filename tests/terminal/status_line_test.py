#!/usr/bin/env python3
"""The live status line, seen the way a person sees it: dgram (argv[1]) runs
with a pseudo-terminal as stderr (and for some cases as stdout too), and what
it wrote is replayed on a small terminal model (\\r, \\n, ESC[K, overwriting)
to get the screen. Checked: the line appears, updates a few times a second
(also while nothing arrives, and during a long --interval), is erased before
the summary and before records on a shared terminal, and never shows where
stderr is a pipe unless --progress asks (then plain lines, a second apart).
Datagrams go to 127.0.0.1 only; every wait is bounded. POSIX only.
(narrow_terminal_test.py: a line wider than the terminal.)

    python3 status_line_test.py DGRAM [unittest arguments]
"""
import fcntl
import json
import os
import pty
import re
import select
import signal
import socket
import struct
import subprocess
import sys
import termios
import time
import unittest

DGRAM = None
STATUS = re.compile(r"dgram: (listening|sending) \d")


def screen(transcript):
    """The lines a terminal shows after `transcript`, and the line the
    cursor is on (not ended yet). Fails on any escape but ESC[K."""
    text = transcript.decode("utf-8", "replace")
    lines, line, column, i = [], [], 0, 0
    while i < len(text):
        if text.startswith("\x1b[K", i):
            del line[column:]
            i += 3
            continue
        c = text[i]
        if c == "\x1b":
            raise AssertionError(f"unexpected escape sequence {text[i:i + 8]!r}")
        if c == "\r":
            column = 0
        elif c == "\n":
            lines.append("".join(line).rstrip(" "))
            line, column = [], 0
        else:
            if column < len(line):
                line[column] = c
            else:
                line.append(c)
            column += 1
        i += 1
    return lines, "".join(line).rstrip(" ")


def draws(transcript):
    """The status lines drawn, in order (each starts with \\r)."""
    text = transcript.decode("utf-8", "replace")
    return [m.group(1) for m in re.finditer(r"\r(dgram: (?:listening|sending) [^\r\n\x1b]*)", text)]


class Terminal:
    """dgram with a pseudo-terminal as stderr (and stdout when `shared`)."""

    def __init__(self, args, shared=False, env=None, stdin=subprocess.DEVNULL, columns=None):
        self.main, secondary = pty.openpty()
        if columns:  # a pty starts at 0 columns: "not known"
            fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
        self.process = subprocess.Popen(
            [DGRAM, *args], stdin=stdin, stdout=secondary if shared else subprocess.PIPE,
            stderr=secondary, env=env)
        os.close(secondary)
        self.text = b""

    def read(self, seconds, until=None):
        end = time.monotonic() + seconds
        while time.monotonic() < end and not (until and re.search(until, self.text)):
            ready, _, _ = select.select([self.main], [], [], 0.02)
            if ready:
                try:
                    chunk = os.read(self.main, 65536)
                except OSError:  # the child closed its end
                    break
                if not chunk:
                    break
                self.text += chunk
        return self.text

    def read_draws(self, count, seconds=60):
        """Reads until the status line was drawn `count` times (the wait a
        busy machine needs, not a fixed pause)."""
        end = time.monotonic() + seconds
        while len(draws(self.text)) < count and time.monotonic() < end:
            if self.process.poll() is not None:
                break
            self.read(0.05)
        return self.text

    def port(self):
        found = re.search(rb"listening on 127\.0\.0\.1:(\d+)", self.read(60, rb"listening on [^\n]*\n"))
        if not found:
            self.process.kill()
            raise AssertionError(f"no start line: {self.text!r}")
        return int(found.group(1))

    def finish(self, interrupt=False, timeout=60):
        if interrupt:
            self.process.send_signal(signal.SIGINT)
        end = time.monotonic() + timeout
        while self.process.poll() is None and time.monotonic() < end:
            self.read(0.05)
        if self.process.poll() is None:
            self.process.kill()
            raise AssertionError(f"dgram still ran after {timeout} s: {self.text!r}")
        self.read(0.3)
        os.close(self.main)
        return self.process.wait()


def send_for(port, seconds, per_second, payload=lambda i: b"tick %d" % i, terminal=None):
    """Datagrams to 127.0.0.1:port at a steady pace, reading the terminal meanwhile."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        count = int(seconds * per_second)
        for i in range(count):
            sock.sendto(payload(i), ("127.0.0.1", port))
            if terminal:
                terminal.read(1 / per_second)
            else:
                time.sleep(1 / per_second)
        return count


def counts(lines, pattern):
    return [int(m.group(1).replace(",", "")) for m in (re.search(pattern, l) for l in lines) if m]


class ListenStatus(unittest.TestCase):
    def test_quiet_listener_updates_while_idle_and_busy_then_erases_it(self):
        terminal = Terminal(["listen", "0", "-4", "-b", "127.0.0.1", "-q"])
        port = terminal.port()
        terminal.read_draws(2)  # idle: the wait ends in time for each update
        idle = draws(terminal.text)
        sent = send_for(port, 1.0, 40, terminal=terminal)
        terminal.read(60, until=rb"listening \d+s: 40 datagrams")
        code = terminal.finish(interrupt=True)
        shown = draws(terminal.text)
        self.assertEqual(code, -signal.SIGINT)  # ended by it, after the summary
        self.assertGreaterEqual(len(idle), 2, terminal.text)
        self.assertTrue(all(" 0 datagrams," in line for line in idle), idle)
        numbers = counts(shown, r"listening \d+s: ([\d,]+) datagram")
        self.assertEqual(numbers, sorted(numbers), shown)
        self.assertEqual(numbers[-1], sent, shown)
        self.assertRegex(shown[-1], r"^dgram: listening \d+s: 40 datagrams, 270 B, \d+/s, 0 truncated")
        lines, current = screen(terminal.text)
        self.assertEqual(current, "")  # nothing left on the cursor's line
        self.assertEqual(len(lines), 2, lines)
        self.assertRegex(lines[0], r"^dgram: listening on 127\.0\.0\.1:\d+$")
        self.assertRegex(lines[1], r"^dgram: received 40 datagrams, 270 bytes in ")
        # Erased in one write right before the summary.
        self.assertIn(b"\x1b[K\r\x1b[Kdgram: received", terminal.text)

    def test_records_on_the_same_terminal_are_never_mixed_with_it(self):
        terminal = Terminal(["listen", "0", "-4", "-b", "127.0.0.1"], shared=True)
        port = terminal.port()
        sent = send_for(port, 1.5, 60, payload=lambda i: b"record %d" % i, terminal=terminal)
        terminal.read(60, until=rb"record %d\r?\n" % (sent - 1))
        terminal.read_draws(3)
        code = terminal.finish(interrupt=True)
        self.assertEqual(code, -signal.SIGINT)  # ended by it, after the summary
        self.assertGreaterEqual(len(draws(terminal.text)), 3, terminal.text[-2000:])
        lines, current = screen(terminal.text)
        self.assertEqual(current, "")
        self.assertRegex(lines[0], r"^dgram: listening on ")
        self.assertRegex(lines[-1], rf"^dgram: received {sent} datagrams")
        records = lines[1:-1]
        self.assertEqual([re.sub(r"^127\.0\.0\.1:\d+ ", "", r) for r in records],
                         [f"record {i}" for i in range(sent)])

    def test_timeout_erases_it_before_the_summary_and_the_error(self):
        # 2 s: several updates (one each 250 ms) even when a busy machine delays some.
        terminal = Terminal(["listen", "0", "-4", "-b", "127.0.0.1", "-q", "-t", "2s"])
        terminal.port()
        code = terminal.finish()
        self.assertEqual(code, 3)
        self.assertGreaterEqual(len(draws(terminal.text)), 2, terminal.text)
        lines, current = screen(terminal.text)
        self.assertEqual(current, "")
        self.assertEqual(len(lines), 3, lines)
        self.assertRegex(lines[1], r"^dgram: received 0 datagrams")
        self.assertRegex(lines[2], r"^dgram: error: no datagram arrived within 2000 ms")

    def test_a_pipe_gets_none(self):
        result = subprocess.run([DGRAM, "listen", "0", "-4", "-q", "-t", "800ms"],
                                capture_output=True, timeout=20)
        self.assertEqual(result.returncode, 3)
        self.assertNotRegex(result.stderr, rb"[\r\x1b]|listening \d")
        self.assertEqual(len(result.stderr.splitlines()), 3, result.stderr)

    def test_progress_to_a_pipe_writes_a_plain_line_a_second(self):
        # The lines at 1 s and 2 s, with half a second to spare for a busy machine.
        result = subprocess.run([DGRAM, "listen", "0", "-4", "-q", "-t", "2500ms", "--progress"],
                                capture_output=True, timeout=60)
        self.assertEqual(result.returncode, 3)
        self.assertNotRegex(result.stderr, rb"[\r\x1b]")
        lines = result.stderr.decode().splitlines()
        status = [line for line in lines if STATUS.match(line)]
        self.assertEqual(len(status), 2, lines)
        self.assertRegex(status[0], r"^dgram: listening 1s: 0 datagrams, 0 B, 0/s, 0 truncated")
        self.assertRegex(status[1], r"^dgram: listening 2s: 0 datagrams")
        self.assertRegex(lines[-2], r"^dgram: received 0 datagrams")

    def test_no_progress_on_a_terminal(self):
        terminal = Terminal(["listen", "0", "-4", "-b", "127.0.0.1", "-q", "-t", "800ms",
                             "--no-progress"])
        terminal.port()
        self.assertEqual(terminal.finish(), 3)
        self.assertEqual(draws(terminal.text), [])
        self.assertNotIn(b"\x1b", terminal.text)

    def test_a_dumb_terminal_gets_spaces_instead_of_escape_sequences(self):
        terminal = Terminal(["listen", "0", "-4", "-b", "127.0.0.1", "-q", "-t", "2s"],
                            env=dict(os.environ, TERM="dumb"))
        terminal.port()
        self.assertEqual(terminal.finish(), 3)
        self.assertNotIn(b"\x1b", terminal.text)
        self.assertGreaterEqual(len(draws(terminal.text)), 2, terminal.text)
        lines, current = screen(terminal.text)
        self.assertEqual(current, "")
        self.assertRegex(lines[1], r"^dgram: received 0 datagrams")


class SendStatus(unittest.TestCase):
    def receiver(self):
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        sock.bind(("127.0.0.1", 0))
        sock.settimeout(5)
        self.addCleanup(sock.close)
        return sock, str(sock.getsockname()[1])

    def test_a_paced_count_shows_progress_and_time_left_then_erases_it(self):
        sock, port = self.receiver()
        terminal = Terminal(["send", "127.0.0.1", port, "tick", "-n", "15", "--rate", "10"])
        code = terminal.finish()
        self.assertEqual(code, 0)
        shown = draws(terminal.text)
        self.assertGreaterEqual(len(shown), 4, terminal.text)
        percents = counts(shown, r"sending (\d+)%")
        self.assertEqual(percents, sorted(percents), shown)
        self.assertTrue(all(re.search(r"of 15 datagrams, .*, \d+/s, \d+s left$", s) for s in shown),
                        shown)
        self.assertEqual(screen(terminal.text), ([], ""))
        self.assertEqual(len([sock.recv(100) for _ in range(15)]), 15)

    def test_a_long_interval_still_updates_it(self):
        _, port = self.receiver()
        terminal = Terminal(["send", "127.0.0.1", port, "tick", "-n", "2", "-i", "2500ms"])
        self.assertEqual(terminal.finish(), 0)
        shown = draws(terminal.text)
        # During the one pause: updates every 250 ms, the time left going down.
        self.assertGreaterEqual(len(shown), 5, shown)
        self.assertTrue(all("1 of 2 datagrams" in s for s in shown), shown)
        left = counts(shown, r"(\d)s left$")
        self.assertEqual(left, sorted(left, reverse=True), shown)
        self.assertEqual((left[0], left[-1]), (3, 1), shown)
        self.assertEqual(screen(terminal.text), ([], ""))

    def test_short_or_single_sends_show_none(self):
        _, port = self.receiver()
        for args in (["one"], ["many", "-n", "1000"]):
            with self.subTest(args=args):
                terminal = Terminal(["send", "127.0.0.1", port, *args])
                self.assertEqual(terminal.finish(), 0)
                self.assertEqual(terminal.text, b"")

    def test_the_json_summary_follows_on_a_clean_line(self):
        _, port = self.receiver()
        terminal = Terminal(["send", "127.0.0.1", port, "tick", "-n", "6", "-i", "100ms",
                             "--summary", "json"])
        self.assertEqual(terminal.finish(), 0)
        self.assertGreaterEqual(len(draws(terminal.text)), 1, terminal.text)
        lines, current = screen(terminal.text)
        self.assertEqual(current, "")
        self.assertEqual(len(lines), 1, lines)
        summary = json.loads(lines[0])
        self.assertEqual((summary["sent"], summary["planned"], summary["exit_reason"]),
                         (6, 6, "done"))

    def test_progress_to_a_pipe_writes_plain_lines(self):
        _, port = self.receiver()
        result = subprocess.run([DGRAM, "send", "127.0.0.1", port, "x", "-n", "3", "-i", "1s",
                                 "--progress"], capture_output=True, timeout=20)
        self.assertEqual(result.returncode, 0)
        self.assertNotRegex(result.stderr, rb"[\r\x1b]")
        lines = result.stderr.decode().splitlines()
        # One a second over the 2 s it takes (the second can fall on the
        # moment the third datagram leaves), then the last one at 100%.
        self.assertIn(len(lines), (2, 3), lines)
        for line in lines[:-1]:
            self.assertRegex(line, r"^dgram: sending \d+%: [1-3] of 3 datagrams, [1-3] B, \d+/s, "
                                   r"[0-2]s left$")
        self.assertRegex(lines[-1], r"^dgram: sending 100%: 3 of 3 datagrams, 3 B, \d+/s$")

    def test_typing_at_the_terminal_gets_none(self):
        # The line would be drawn over what the person types.
        _, port = self.receiver()
        main, secondary = pty.openpty()
        sender = subprocess.Popen([DGRAM, "send", "127.0.0.1", port, "--lines"], stdin=secondary,
                                  stdout=secondary, stderr=secondary)
        os.close(secondary)
        text = b""
        # The hint first (however long a busy machine takes), then the typed
        # line, then 1.2 s in which a status line would have been drawn.
        end = time.monotonic() + 60
        while time.monotonic() < end:
            ready, _, _ = select.select([main], [], [], 0.05)
            if ready:
                text += os.read(main, 4096)
            if b"each line you type" in text and b"typed" not in text:
                os.write(main, b"typed\n")
                end = time.monotonic() + 1.2
        os.write(main, b"\x04")
        try:
            code = sender.wait(60)
        finally:
            if sender.poll() is None:
                sender.kill()
        os.close(main)
        self.assertEqual(code, 0)
        self.assertIn(b"typed", text)
        self.assertEqual(draws(text), [], text)

if __name__ == "__main__":
    DGRAM = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
