#!/usr/bin/env python3
"""The live status line on a terminal too narrow for it, seen the way a
person sees it (the pseudo-terminal and screen model of
status_line_test.py): on 40 and 80 columns, and with TERM=dumb, a line too
wide loses whole fields, never part of a number, and every number shown is
the true count (the summary's at exit). Datagrams go to 127.0.0.1, and from
127.0.0.2 for --allow; every wait is bounded. POSIX only.

    python3 narrow_terminal_test.py DGRAM [unittest arguments]
"""
import os
import re
import signal
import socket
import sys
import unittest

import status_line_test
from status_line_test import Terminal, draws

# A number as the status line groups it: "7", "56,823"; never "56," or ",823".
N = r"\d{1,3}(?:,\d{3})*"
DURATION = r"(?:\d+h)?(?:\d+m)?\d+s"
BYTES = r"\d+(?:\.\d)? (?:B|KiB|MiB|GiB|TiB|PiB|EiB)"
LISTEN_FIELD = re.compile(
    rf"(?:{N} datagrams?|{BYTES}|{N}/s|{N} truncated|{N} rejected|(?:at least )?{N} dropped"
    rf"|{N}\+ dropped)")
SEND_FIELD = re.compile(rf"(?:{N} of {N}(?: datagrams?)?|{N} datagrams?|{BYTES}|{N}/s|{DURATION} left)")


def fields_of(line, head, field):
    """The fields of a drawn status line, or an assertion that it is made of
    whole fields: HEAD, then ": FIELD" and ", FIELD", nothing cut."""
    found = re.match(rf"^dgram: {head}(?=:|$)", line)
    if not found:
        raise AssertionError(f"no whole head in {line!r}")
    rest, fields = line[found.end():], []
    while rest:
        separator = ": " if not fields else ", "
        found = re.match(rf"^{separator}({field.pattern})(?=, |$)", rest)
        if not found:
            raise AssertionError(f"a field cut or unknown at {rest!r} in {line!r}")
        fields.append(found.group(1))
        rest = rest[found.end():]
    return fields


def number(text):
    return int(re.search(N, text).group(0).replace(",", ""))


class NarrowTerminal(unittest.TestCase):
    """A line wider than the terminal: whole fields only, every number true."""

    def listen_with_every_count(self, columns, env=None):
        # -m 2 truncates every datagram, --allow rejects 127.0.0.2, and a
        # stopped listener with a small buffer loses datagrams to the kernel.
        terminal = Terminal(["listen", "0", "-4", "-b", "127.0.0.1", "-q", "-m", "2",
                             "--rcvbuf", "4096", "--allow", "127.0.0.1"], env=env, columns=columns)
        port = terminal.port()
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as other:
            other.bind(("127.0.0.2", 0))
            for i in range(300):
                other.sendto(b"rejected %d" % i, ("127.0.0.1", port))
                if i % 20 == 0:
                    terminal.read(0.01)
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            for i in range(1500):
                sock.sendto(b"truncated %d" % i, ("127.0.0.1", port))
                if i % 20 == 0:
                    terminal.read(0.01)
            terminal.process.send_signal(signal.SIGSTOP)
            try:
                for i in range(3000):
                    sock.sendto(b"dropped %d" % i, ("127.0.0.1", port))
            finally:
                terminal.process.send_signal(signal.SIGCONT)
        # Drawn a few times after the queue was read: the counts are final.
        terminal.read_draws(len(draws(terminal.text)) + 4)
        # Ended by the signal itself, after the summary.
        self.assertEqual(terminal.finish(interrupt=True), -signal.SIGINT)
        shown = [line.rstrip(" ") for line in draws(terminal.text)]
        self.assertGreaterEqual(len(shown), 4, terminal.text[-2000:])
        summary = re.search(r"dgram: received (\d+) datagrams?, .*", terminal.text.decode())
        self.assertIsNotNone(summary, terminal.text[-2000:])
        summary = summary.group(0)
        truth = {"datagram": int(summary.split()[2]),
                 "truncated": int(re.search(r", (\d+) truncated", summary).group(1)),
                 "rejected": int(re.search(r", (\d+) rejected by --allow", summary).group(1))}
        dropped = re.search(r", (?:at least )?(\d+) dropped by the kernel", summary)
        if dropped:  # Linux says, other systems do not
            truth["dropped"] = int(dropped.group(1))
        for line in shown:
            self.assertLessEqual(len(line), columns - 1, line)
            fields_of(line, rf"listening {DURATION}", LISTEN_FIELD)
        last = fields_of(shown[-1], rf"listening {DURATION}", LISTEN_FIELD)
        self.assertRegex(last[0], r"datagram")  # the count is the last to go
        for field in last:
            for word, count in truth.items():
                if word in field:
                    self.assertEqual(number(field), count, (field, summary))
        # Fields were left out only if the line did not fit whole. Without the
        # kernel's drop count (the portable build, other systems) an 80-column
        # line may fit: then it is checked as above (whole fields, true
        # numbers), and the 40-column case is the one that leaves fields out.
        whole = (len("dgram: listening 1s: ") + len(f"{truth['datagram']:,} datagrams, 1.2 KiB, 0/s, ")
                 + len(f"{truth['truncated']:,} truncated, {truth['rejected']:,} rejected")
                 + (len(f", at least {truth['dropped']:,} dropped") if dropped else 0))
        if dropped or columns < 80:
            self.assertGreater(whole, columns, summary)
        return last, truth

    def test_listen_at_80_columns_keeps_the_losses(self):
        last, truth = self.listen_with_every_count(80)
        if truth.get("dropped"):
            self.assertTrue(any("dropped" in field for field in last), last)

    def test_listen_at_40_columns(self):
        self.listen_with_every_count(40)

    def test_listen_on_a_dumb_terminal_at_80_columns(self):
        self.listen_with_every_count(80, env=dict(os.environ, TERM="dumb"))

    def test_send_at_40_columns(self):
        receiver = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        receiver.bind(("127.0.0.1", 0))
        self.addCleanup(receiver.close)
        port = str(receiver.getsockname()[1])
        terminal = Terminal(["send", "127.0.0.1", port, "tick", "-n", "2000", "--rate", "1000"],
                            columns=40)
        self.assertEqual(terminal.finish(), 0)
        shown = draws(terminal.text)
        self.assertGreaterEqual(len(shown), 3, terminal.text)
        for line in shown:
            self.assertLessEqual(len(line), 39, line)
            percent = re.match(r"dgram: sending (\d+)%", line)
            self.assertIsNotNone(percent, line)
            fields = fields_of(line, r"sending \d+%", SEND_FIELD)
            self.assertTrue(fields, line)  # 40 columns have room for the count
            sent, planned = (int(n.replace(",", "")) for n in re.findall(N, fields[0])[:2])
            self.assertEqual(planned, 2000, line)
            self.assertEqual(int(percent.group(1)), sent * 100 // planned, line)


if __name__ == "__main__":
    status_line_test.DGRAM = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
