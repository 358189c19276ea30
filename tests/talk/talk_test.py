#!/usr/bin/env python3
"""Conversations end to end on the real binary: send --talk against a peer
that answers each line (the answers print while stdin is still open, proven
line by line), send talking at a terminal without being asked, listen --talk
answering two senders in turn, and --all-replies collecting answers from
three hosts' worth of ports. Native, or the Windows build under Wine.

Usage: talk_test.py DGRAM [WINE]
Prints "ok: NAME" or "FAIL: NAME: why" per case and a closing
"talk_test: N passed, N failed"; exits 1 if any failed. Sends only to
127.0.0.1; every wait is bounded.
"""

import fcntl
import os
import pty
import re
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import termios
import threading
import time

EXE = os.path.abspath(sys.argv[1])
WINE = sys.argv[2] if len(sys.argv) > 2 else None
COMMAND = [WINE, EXE] if WINE else [EXE]
ENV = dict(os.environ, WINEDEBUG="-all", LANG="C.UTF-8", LC_ALL="C.UTF-8")
WORK = tempfile.mkdtemp(prefix="dgram-talk-")
# Wine starts a process in a second or more, and much more on a busy
# machine (the suite must pass beside a load average of 20 on 2 cores): the
# bound on every wait for an event, reached only when the event never comes.
SLOW = 60
# How long dgram waits for an answer that comes after its input ended: the
# peer here is a Python thread, which a busy machine can keep waiting for
# seconds.
LATE = "3s"
results = []
# Ctrl+C: the Windows build exits 130; a POSIX one ends by SIGINT itself
# (which a shell reports as 130).
INTERRUPTED = 130 if WINE else -signal.SIGINT


def check(name, passed, why=""):
    results.append(passed)
    print(f"ok: {name}" if passed else f"FAIL: {name}: {why}", flush=True)


class Dgram:
    """dgram with stdin a pipe, stdout and stderr in files (a Wine helper
    that inherits a pipe could keep it open after dgram exits)."""

    count = 0

    def __init__(self, args, stdin=subprocess.PIPE):
        Dgram.count += 1
        self.err_path = os.path.join(WORK, f"err{Dgram.count}")
        self.out_path = os.path.join(WORK, f"out{Dgram.count}")
        self.process = subprocess.Popen(
            COMMAND + args,
            stdin=stdin,
            stdout=open(self.out_path, "wb"),
            stderr=open(self.err_path, "wb"),
            env=ENV,
        )

    def err(self):
        with open(self.err_path, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def out(self):
        with open(self.out_path, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def wait_for(self, read, pattern, timeout=SLOW):
        end = time.monotonic() + timeout
        while True:
            found = re.search(pattern, read())
            if found or time.monotonic() > end or self.process.poll() is not None:
                return found or re.search(pattern, read())
            time.sleep(0.02)

    def write(self, data):
        self.process.stdin.write(data)
        self.process.stdin.flush()

    def close_input(self):
        self.process.stdin.close()

    def wait(self, timeout=SLOW):
        """The exit code; None when it did not exit in time (then killed)."""
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            return None


class Console:
    """dgram with a pseudo-terminal as its controlling terminal and its
    three standard streams (under Wine: a Windows console)."""

    def __init__(self, args):
        self.master, slave = pty.openpty()

        def controlling_terminal():
            os.setsid()
            fcntl.ioctl(0, termios.TIOCSCTTY, 0)

        self.process = subprocess.Popen(
            COMMAND + args, stdin=slave, stdout=slave, stderr=slave, env=ENV,
            preexec_fn=controlling_terminal)
        os.close(slave)
        self.text = b""

    def read(self, seconds, until=None):
        end = time.monotonic() + seconds
        while time.monotonic() < end and not (until and until in self.text):
            ready, _, _ = select.select([self.master], [], [], 0.05)
            if ready:
                try:
                    self.text += os.read(self.master, 4096)
                except OSError:
                    break
        return self.text

    def type(self, keys):
        os.write(self.master, keys)

    def wait(self, timeout=SLOW):
        try:
            code = self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            code = None
        self.read(0.3)
        os.close(self.master)
        return code


def udp(port=0):
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", port))
    return sock


def receive(sock, timeout):
    sock.settimeout(timeout)
    try:
        return sock.recvfrom(65535)
    except socket.timeout:
        return None, None


class Peer:
    """Answers every datagram with 're: ' + it, until stopped (or 60 s)."""

    def __init__(self):
        self.sock = udp()
        self.port = self.sock.getsockname()[1]
        self.heard = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self):
        end = time.monotonic() + 60
        self.sock.settimeout(0.05)
        while not self.stop.is_set() and time.monotonic() < end:
            try:
                data, sender = self.sock.recvfrom(65535)
            except socket.timeout:
                continue
            self.heard.append(data)
            self.sock.sendto(b"re: " + data, sender)

    def close(self):
        self.stop.set()
        self.thread.join(5)
        self.sock.close()


def test_send_talk_interleaves():
    name = "send --talk: each answer prints before the next line is written; a late one too; exit 0"
    peer = Peer()
    dgram = Dgram(["send", "127.0.0.1", str(peer.port), "--talk", "-t", LATE])
    timeline = []
    for word in ("one", "two", "three"):
        dgram.write(word.encode() + b"\n")
        # stdin stays open: the answer must show before the next line.
        got = dgram.wait_for(dgram.out, rf"127\.0\.0\.1:{peer.port} re: {word}\n")
        timeline.append((word, bool(got)))
    # An answer that comes after the input ended, within --timeout.
    dgram.write(b"last")
    dgram.close_input()
    code = dgram.wait()
    peer.close()
    out = dgram.out()
    check(name,
          all(got for _, got in timeline) and code == 0 and
          peer.heard == [b"one", b"two", b"three", b"last"] and
          out.endswith(f"127.0.0.1:{peer.port} re: last\n") and dgram.err() == "",
          f"timeline {timeline}, exit {code}, peer heard {peer.heard}, out {out!r}, "
          f"err {dgram.err()!r}")


def test_send_talk_message_first_and_json():
    name = "send --talk MESSAGE: MESSAGE goes first, answers in --format json"
    peer = Peer()
    dgram = Dgram(["send", "127.0.0.1", str(peer.port), "hello", "--talk", "-f", "json",
                   "-t", LATE])
    got = dgram.wait_for(dgram.out, r"re: hello")
    dgram.write(b"next\n")
    dgram.close_input()
    code = dgram.wait()
    peer.close()
    out = dgram.out()
    check(name,
          bool(got) and code == 0 and peer.heard == [b"hello", b"next"] and
          out.count('"time":') == 2 and '"text":"re: next"' in out,
          f"exit {code}, heard {peer.heard}, out {out!r}, err {dgram.err()!r}")


def test_send_talk_chunk_and_hex():
    name = "send --talk --chunk splits a long line; --talk -x sends each line's bytes"
    peer = Peer()
    chunked = Dgram(["send", "127.0.0.1", str(peer.port), "--talk", "--chunk", "-m", "4",
                     "-t", LATE])
    chunked.write(b"abcdefghij\n")
    chunked.close_input()
    chunk_code = chunked.wait()
    hexed = Dgram(["send", "127.0.0.1", str(peer.port), "--talk", "-x", "-t", LATE])
    hexed.write(b"68 69\n")
    hexed.close_input()
    hex_code = hexed.wait()
    peer.close()
    check(name,
          chunk_code == 0 and hex_code == 0 and peer.heard == [b"abcd", b"efgh", b"ij", b"hi"] and
          # -m 4 also bounds what is shown of the 6- and 8-byte answers.
          chunked.out().count("[truncated: 4 of ") == 3 and "re: hi" in hexed.out(),
          f"exit {chunk_code} and {hex_code}, heard {peer.heard}, out {chunked.out()!r} "
          f"{hexed.out()!r}")


def test_send_talk_line_too_long():
    name = "send --talk: a line over --max-size ends it with exit 2 naming the line"
    peer = Peer()
    dgram = Dgram(["send", "127.0.0.1", str(peer.port), "--talk", "-m", "10"])
    dgram.write(b"short\n")
    answered = dgram.wait_for(dgram.out, r"re: short")
    dgram.write(b"x" * 20 + b"\n")
    code = dgram.wait()
    peer.close()
    err = dgram.err()
    check(name,
          bool(answered) and code == 2 and "line 2 is 20 bytes, over the limit of 10" in err and
          "earlier lines were sent" in err and peer.heard == [b"short"],
          f"exit {code}, heard {peer.heard}, err {err!r}")


def test_send_talk_refused():
    name = "send --talk to a closed port: exit 1, nothing is listening"
    if WINE:
        # Wine 8 keeps the ICMP port unreachable of a connected UDP socket
        # from recv() and select(), and no later send fails either.
        print(f"skip: {name}: Wine does not surface ICMP port unreachable", flush=True)
        return
    closed = udp()
    port = closed.getsockname()[1]
    closed.close()
    dgram = Dgram(["send", "127.0.0.1", str(port), "--talk"])
    # Windows (and Wine) report the ICMP error on a later call: a few lines.
    for i in range(10):
        if dgram.process.poll() is not None:
            break
        try:
            dgram.write(b"anyone %d\n" % i)
        except BrokenPipeError:
            break
        time.sleep(0.3)
    code = dgram.wait()
    err = dgram.err()
    check(name, code == 1 and f"nothing is listening on 127.0.0.1:{port}" in err,
          f"exit {code}, err {err!r}")


def test_send_talk_interrupt():
    name = "send --talk: Ctrl+C (SIGINT) while both wait ends it with 130"
    peer = Peer()
    dgram = Dgram(["send", "127.0.0.1", str(peer.port), "--talk"])
    dgram.write(b"ping\n")
    got = dgram.wait_for(dgram.out, r"re: ping")
    time.sleep(0.3)
    dgram.process.send_signal(signal.SIGINT)
    code = dgram.wait()
    peer.close()
    check(name, bool(got) and code == INTERRUPTED, f"exit {code}, err {dgram.err()!r}")


def test_send_talks_at_a_terminal():
    name = "send at a terminal without MESSAGE talks unasked: answer shown, end of input, exit 0"
    peer = Peer()
    console = Console(["send", "127.0.0.1", str(peer.port), "-t", "300ms"])
    hint = console.read(SLOW, until=b"each line you type is sent")
    console.read(0.3)
    console.type(b"ping\r")
    answered = console.read(SLOW, until=b"re: ping")
    # The end of input: Ctrl+D on a POSIX terminal, Ctrl+Z then Enter in a
    # Windows console (the pseudo-terminal must not take Ctrl+Z for SIGTSTP).
    if WINE:
        attributes = termios.tcgetattr(console.master)
        attributes[6][termios.VSUSP] = b"\x00"
        termios.tcsetattr(console.master, termios.TCSANOW, attributes)
    console.type(b"\x1a\r" if WINE else b"\x04")
    code = console.wait()
    peer.close()
    text = console.text.decode("utf-8", "replace")
    check(name,
          b"and answers print as they come" in hint and b"re: ping" in answered and
          code == 0 and peer.heard == [b"ping"],
          f"exit {code}, heard {peer.heard}, console {text!r}")


def start_listener(args):
    dgram = Dgram(["listen", "0", "-4", "-b", "127.0.0.1", "--talk"] + args)
    found = dgram.wait_for(dgram.err, r"listening on 127\.0\.0\.1:(\d+)")
    return dgram, int(found.group(1)) if found else None


def test_listen_talk_two_senders():
    name = ("listen --talk: a line before anyone spoke is refused; lines go to the sender "
            "heard last, A then B; the summary says so")
    dgram, port = start_listener(["-n", "3"])
    if port is None:
        dgram.wait(1)
        return check(name, False, f"no start line: {dgram.err()!r}")
    a, b = udp(), udp()
    a_port, b_port = a.getsockname()[1], b.getsockname()[1]
    dgram.write(b"too early\n")
    refused = dgram.wait_for(dgram.err, r"line 1 not sent: no one has spoken yet")
    a.sendto(b"hi from a", ("127.0.0.1", port))
    noted_a = dgram.wait_for(dgram.err, rf"typed lines now go to 127\.0\.0\.1:{a_port}")
    dgram.write(b"to a\n")
    to_a, _ = receive(a, SLOW)
    b.sendto(b"hi from b", ("127.0.0.1", port))
    noted_b = dgram.wait_for(dgram.err, rf"typed lines now go to 127\.0\.0\.1:{b_port}")
    dgram.write(b"to b\n")
    to_b, _ = receive(b, SLOW)
    more_for_a, _ = receive(a, 0.3)
    # The end of input: the listener goes on until its third datagram.
    dgram.close_input()
    time.sleep(0.3)
    a.sendto(b"still there?", ("127.0.0.1", port))
    code = dgram.wait()
    err, out = dgram.err(), dgram.out()
    check(name,
          bool(refused and noted_a and noted_b) and to_a == b"to a" and to_b == b"to b" and
          more_for_a is None and code == 0 and "still there?" in out and
          f"2 typed lines sent (last to 127.0.0.1:{b_port}), 1 not sent" in err,
          f"refused {bool(refused)}, notes {bool(noted_a)} {bool(noted_b)}, A got {to_a!r} "
          f"then {more_for_a!r}, B got {to_b!r}, exit {code}, out {out!r}, err {err!r}")


def test_listen_talk_line_over_ipv4_limit():
    name = "listen --talk: a line over what an IPv4 datagram carries is refused, the next one goes"
    dgram, port = start_listener(["-n", "2", "-q"])
    if port is None:
        dgram.wait(1)
        return check(name, False, f"no start line: {dgram.err()!r}")
    a = udp()
    a.sendto(b"hi", ("127.0.0.1", port))
    dgram.wait_for(dgram.err, r"typed lines now go to")
    dgram.write(b"x" * 65508 + b"\nfits\n")
    got, _ = receive(a, SLOW)
    dgram.close_input()
    a.sendto(b"bye", ("127.0.0.1", port))
    code = dgram.wait()
    err = dgram.err()
    check(name,
          got == b"fits" and code == 0 and "line 1 is 65508 bytes, over the 65507" in err,
          f"got {got!r}, exit {code}, err {err!r}")


class Relay:
    """One question, three answers from three ports: the responder at
    `port` answers and passes the question, with the asker's address, to two
    others, which answer the asker directly from their own sockets."""

    def __init__(self):
        self.first = udp()
        self.others = [udp(), udp()]
        self.port = self.first.getsockname()[1]
        self.ports = [self.port] + [s.getsockname()[1] for s in self.others]
        self.stop = threading.Event()
        self.threads = [threading.Thread(target=self.serve_first, daemon=True)] + [
            threading.Thread(target=self.serve_other, args=(s,), daemon=True)
            for s in self.others]
        for thread in self.threads:
            thread.start()

    def serve_first(self):
        end = time.monotonic() + 60
        self.first.settimeout(0.05)
        while not self.stop.is_set() and time.monotonic() < end:
            try:
                data, (host, port) = self.first.recvfrom(65535)
            except socket.timeout:
                continue
            self.first.sendto(b"here: first", (host, port))
            for other in self.others:
                self.first.sendto(b"%d %s" % (port, data), ("127.0.0.1", other.getsockname()[1]))

    def serve_other(self, sock):
        end = time.monotonic() + 60
        sock.settimeout(0.05)
        while not self.stop.is_set() and time.monotonic() < end:
            try:
                data, _ = sock.recvfrom(65535)
            except socket.timeout:
                continue
            port = int(data.split(b" ")[0])
            time.sleep(0.2)  # answers come late, and each from its own port
            sock.sendto(b"here: %d" % sock.getsockname()[1], ("127.0.0.1", port))

    def close(self):
        self.stop.set()
        for thread in self.threads:
            thread.join(5)


def test_all_replies_from_three():
    name = "send --all-replies: three answers from three ports within --timeout, exit 0"
    relay = Relay()
    # 5 s: the answers come 0.2 s late from Python threads, later on a busy machine.
    dgram = Dgram(["send", "127.0.0.1", str(relay.port), "who is there?", "--all-replies",
                   "-t", "5s"], stdin=subprocess.DEVNULL)
    start = time.monotonic()
    code = dgram.wait()
    took = time.monotonic() - start
    relay.close()
    out = dgram.out()
    senders = sorted(int(p) for p in re.findall(r"^127\.0\.0\.1:(\d+) here: ", out, re.M))
    check(name, code == 0 and senders == sorted(relay.ports) and took >= 5,
          f"exit {code} after {took:.2f} s, answers from {senders}, ports {relay.ports}, "
          f"out {out!r}, err {dgram.err()!r}")


def test_all_replies_none():
    name = "send --all-replies with no answer: exit 3 after --timeout, also from a closed port"
    silent = udp()
    closed = udp()
    closed_port = closed.getsockname()[1]
    closed.close()
    codes, errors = [], []
    for port in (silent.getsockname()[1], closed_port):
        dgram = Dgram(["send", "127.0.0.1", str(port), "anyone?", "--all-replies",
                       "-t", "300ms"], stdin=subprocess.DEVNULL)
        codes.append(dgram.wait())
        errors.append(dgram.err())
    check(name,
          codes == [3, 3] and all("no answer from any host within 300 ms" in e for e in errors),
          f"exit codes {codes}, errors {errors!r}")


def test_listen_talk_names_the_target_before_a_line():
    name = ("listen --talk: after more changes of sender than the notes show, a typed line "
            "names its target before it goes")
    dgram, port = start_listener(["-n", "9"])
    if port is None:
        dgram.wait(1)
        return check(name, False, f"no start line: {dgram.err()!r}")
    senders = [udp() for _ in range(8)]
    for i, sender in enumerate(senders):
        sender.sendto(f"from {i}".encode(), ("127.0.0.1", port))
        # In order, so that the last one is heard most recently.
        dgram.wait_for(dgram.out, f"from {i}")
    last_port = senders[-1].getsockname()[1]
    dgram.write(b"to the last\n")
    got, _ = receive(senders[-1], SLOW)
    err = dgram.err()
    named = f"typed lines now go to 127.0.0.1:{last_port}" in err
    dgram.close_input()
    senders[0].sendto(b"bye", ("127.0.0.1", port))
    code = dgram.wait()
    check(name, got == b"to the last" and named and code == 0,
          f"got {got!r}, named {named}, exit {code}, err {err!r}")


def main():
    tests = [
        test_send_talk_interleaves,
        test_send_talk_message_first_and_json,
        test_send_talk_chunk_and_hex,
        test_send_talk_line_too_long,
        test_send_talk_refused,
        test_send_talk_interrupt,
        test_send_talks_at_a_terminal,
        test_listen_talk_two_senders,
        test_listen_talk_line_over_ipv4_limit,
        test_listen_talk_names_the_target_before_a_line,
        test_all_replies_from_three,
        test_all_replies_none,
    ]
    only = os.environ.get("TALK_TEST_ONLY")
    for test in tests:
        if only and only not in test.__name__:
            continue
        try:
            test()
        except Exception as error:  # one broken case must not hide the others
            check(test.__name__, False, repr(error))
    shutil.rmtree(WORK, ignore_errors=True)
    failed = results.count(False)
    print(f"talk_test: {len(results) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
