#!/usr/bin/env python3
"""The process boundary, tried the way users and hostile environments break it.

Each test runs the real dgram binary (argv[1]) with what a parent can hand
it: closed or non-blocking standard descriptors, a reader that stops
reading, one signal, a terminal, an outsider that floods it. Datagrams go to
loopback only, or inside a network namespace the test creates. Every wait is
bounded. POSIX only (the Windows build's boundary is tested under Wine by
tests/wine/).

    python3 hostile_test.py DGRAM [unittest arguments, e.g. Signals]
"""
import fcntl
import os
import pty
import re
import resource
import select
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import termios
import time
import unittest

DGRAM = None


def udp_socket(family=socket.AF_INET, address="127.0.0.1"):
    sock = socket.socket(family, socket.SOCK_DGRAM)
    sock.bind((address, 0))
    sock.settimeout(5)
    return sock


def start_listener(*args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, **kwargs):
    """`dgram listen 0 -4 ARGS`, with its port read from the start line."""
    process = subprocess.Popen([DGRAM, "listen", "0", "-4", *args], stdin=stdin, stdout=stdout,
                               stderr=subprocess.PIPE, **kwargs)
    line = read_line_within(process.stderr, 60)  # a busy machine starts it slowly
    if "listening on" not in line:
        process.kill()
        raise AssertionError(f"no start line: {line!r}")
    return process, int(line.rsplit(":", 1)[1].split()[0])


def read_line_within(stream, seconds):
    """One line of `stream`, or what came within `seconds`."""
    deadline = time.monotonic() + seconds
    line = b""
    while not line.endswith(b"\n") and time.monotonic() < deadline:
        ready, _, _ = select.select([stream], [], [], max(0, deadline - time.monotonic()))
        if not ready:
            break
        byte = os.read(stream.fileno(), 1)
        if not byte:
            break
        line += byte
    return line.decode(errors="replace")


def send_datagrams(port, payloads, pause=0.0, family=socket.AF_INET, host="127.0.0.1"):
    with socket.socket(family, socket.SOCK_DGRAM) as sock:
        for payload in payloads:
            sock.sendto(payload, (host, port))
            if pause:
                time.sleep(pause)


def wait_exit(process, seconds):
    """The exit code and the seconds it took, killing the process after `seconds`."""
    start = time.monotonic()
    try:
        code = process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        raise AssertionError(f"dgram still ran after {seconds} s")
    return code, time.monotonic() - start


def run(args, stdin_data=None, **kwargs):
    kwargs.setdefault("timeout", 20)
    return subprocess.run([DGRAM, *args], input=stdin_data, capture_output=True, **kwargs)


def child_cpu_seconds(process):
    """CPU time of an exited child that was reaped by os.wait4."""
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return usage.ru_utime + usage.ru_stime


def wait_until_blocked(process, signal_number, seconds=60):
    """Waits until `process` catches `signal_number` (its handler is
    installed: SigCgt in /proc) and sleeps in the kernel, i.e. it waits on
    something; without /proc, a pause instead."""
    if not os.path.exists(f"/proc/{process.pid}/status"):
        time.sleep(0.5)
        return
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with open(f"/proc/{process.pid}/status") as status:
                fields = dict(line.split(":", 1) for line in status if ":" in line)
        except OSError:
            return
        caught = int(fields.get("SigCgt", "0").strip(), 16)
        if caught & (1 << (signal_number - 1)) and fields.get("State", "").strip().startswith("S"):
            return
        time.sleep(0.01)


def wait_until_full(reader, seconds=60):
    """Waits until the pipe `reader` reads from holds at least half its
    capacity: its writer, with more to write than fits, is blocked on it."""
    capacity = fcntl.fcntl(reader, getattr(fcntl, "F_GETPIPE_SZ", 1032))
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        queued = struct.unpack("i", fcntl.ioctl(reader, termios.FIONREAD, b"\0" * 4))[0]
        if queued >= capacity // 2:
            return
        time.sleep(0.01)


class Signals(unittest.TestCase):
    """One SIGINT, SIGTERM or SIGHUP ends dgram at once (well within the 2 s a
    busy machine may need), whatever it waits on."""

    def assert_one_signal_ends(self, process, signal_number, settle=0.0):
        wait_until_blocked(process, signal_number)
        time.sleep(settle)
        self.assertIsNone(process.poll(), "dgram ended before the signal")
        process.send_signal(signal_number)
        code, seconds = wait_exit(process, 20)
        # Ended by the signal itself, after its summary: the shell says 128+N.
        self.assertEqual(code, -signal_number)
        self.assertLess(seconds, 2)
        return process.stderr.read().decode(errors="replace")

    def test_listener_blocked_on_a_reader_that_stops_reading(self):
        for signal_number in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            with self.subTest(signal=signal_number.name):
                # The pipe is never read: 100 records of 2000 bytes fill it.
                reader, writer = os.pipe()
                listener, port = start_listener("-m", "2000", stdout=writer)
                os.close(writer)
                send_datagrams(port, [b"a" * 2000] * 100)
                wait_until_full(reader)
                err = self.assert_one_signal_ends(listener, signal_number)
                os.close(reader)
                self.assertIn("dgram: received", err)
                self.assertIn("not written (output blocked or failed)", err)

    def test_output_and_stderr_on_one_pipe_nobody_reads(self):
        # `dgram listen P >pipe 2>&1` with the pipe's reader stopped: the
        # records fill it, then the summary has nowhere to go. One signal
        # still ends it: the records, then the summary, each get the grace
        # after an interrupt (src/common/system.hpp), no more.
        for signal_number in (signal.SIGINT, signal.SIGTERM):
            with self.subTest(signal=signal_number.name):
                reader, writer = os.pipe()
                listener = subprocess.Popen([DGRAM, "listen", "0", "-4", "-m", "2000"],
                                            stdin=subprocess.DEVNULL, stdout=writer,
                                            stderr=writer)
                os.close(writer)
                line = read_line_within(open(reader, "rb", buffering=0, closefd=False), 10)
                self.assertIn("listening on", line)
                port = int(line.rsplit(":", 1)[1].split()[0])
                send_datagrams(port, [b"a" * 2000] * 100)
                time.sleep(0.5)
                self.assertIsNone(listener.poll(), "dgram ended before the signal")
                listener.send_signal(signal_number)
                code, seconds = wait_exit(listener, 5)
                os.close(reader)
                self.assertEqual(code, -signal_number)
                self.assertLess(seconds, 1.0)

    def test_summary_reaches_a_stderr_whose_reader_comes_back_within_the_grace(self):
        # stderr's pipe is full when the signal comes and its reader drains
        # it 0.12 s later, within the grace (0.2 s): the summary waits for
        # it, and is not lost to a timer's EINTR (a 0.1 s tick once did that).
        reader, writer = os.pipe()
        listener = subprocess.Popen([DGRAM, "listen", "0", "-4"], stdin=subprocess.DEVNULL,
                                    stdout=subprocess.DEVNULL, stderr=writer)
        line = read_line_within(open(reader, "rb", buffering=0, closefd=False), 10)
        self.assertIn("listening on", line)
        # The test fills the pipe itself through its own copy of the write end.
        os.set_blocking(writer, False)
        try:
            while True:
                os.write(writer, b"f" * 4096)
        except BlockingIOError:
            pass
        os.close(writer)
        listener.send_signal(signal.SIGINT)
        time.sleep(0.12)
        os.set_blocking(reader, False)
        drained = b""
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            try:
                chunk = os.read(reader, 65536)
            except BlockingIOError:
                if listener.poll() is not None:
                    break
                time.sleep(0.005)
                continue
            if not chunk:
                break
            drained += chunk
        code, _ = wait_exit(listener, 5)
        os.close(reader)
        self.assertEqual(code, -signal.SIGINT)
        self.assertIn(b"dgram: received 0 datagrams", drained.replace(b"f", b""))

    def test_send_blocked_reading_stdin(self):
        receiver = udp_socket()
        for extra in ([], ["--lines"]):
            with self.subTest(args=extra):
                # A writer that keeps stdin open and writes nothing.
                sender = subprocess.Popen(
                    [DGRAM, "send", "127.0.0.1", str(receiver.getsockname()[1]), *extra],
                    stdin=subprocess.PIPE, stderr=subprocess.PIPE)
                self.assert_one_signal_ends(sender, signal.SIGTERM)
                sender.stdin.close()

    def test_send_in_a_pause(self):
        receiver = udp_socket()
        sender = subprocess.Popen(
            [DGRAM, "send", "127.0.0.1", str(receiver.getsockname()[1]), "x", "-n", "2", "-i",
             "10s"], stdin=subprocess.DEVNULL, stderr=subprocess.PIPE)
        receiver.settimeout(60)
        self.assertEqual(receiver.recv(100), b"x")  # the first is out: the pause has begun
        self.assert_one_signal_ends(sender, signal.SIGTERM)

    def test_send_waiting_for_a_reply(self):
        receiver = udp_socket()
        sender = subprocess.Popen(
            [DGRAM, "send", "127.0.0.1", str(receiver.getsockname()[1]), "x", "-r", "-t", "10s"],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        receiver.settimeout(60)
        self.assertEqual(receiver.recv(100), b"x")  # sent: now it waits for the reply
        self.assert_one_signal_ends(sender, signal.SIGHUP)

    def test_signal_at_start(self):
        # However early the signal comes, dgram ends by it: its default
        # action before main runs, the same after the summary (never 0).
        codes = set()
        # The later delays let even a slow (sanitizer) build install it first.
        for delay in (0.0, 0.005, 0.01, 0.02, 0.05, 0.5, 1.5):
            listener = subprocess.Popen([DGRAM, "listen", "0", "-4", "-t", "5s"],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(delay)
            listener.send_signal(signal.SIGINT)
            codes.add(wait_exit(listener, 30)[0])
        self.assertNotIn(0, codes)
        # And once the handler is surely in place, however slow the machine.
        listener = subprocess.Popen([DGRAM, "listen", "0", "-4", "-t", "60s"],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_until_blocked(listener, signal.SIGINT)
        listener.send_signal(signal.SIGINT)
        codes.add(wait_exit(listener, 30)[0])
        self.assertEqual(codes, {-signal.SIGINT})


class ClosedDescriptors(unittest.TestCase):
    """Each of stdin, stdout and stderr closed, for each command."""

    def spawn(self, args, close, **kwargs):
        """dgram with the descriptors in `close` closed (not redirected)."""
        def close_them():
            for fd in close:
                os.close(fd)
        return subprocess.Popen([DGRAM, *args], preexec_fn=close_them, **kwargs)

    def test_listen_without_stdout_refuses_at_start(self):
        # At start: long before its 60 s timeout, even on a busy machine.
        listener = self.spawn(["listen", "0", "-t", "60"], close=(0, 1), stderr=subprocess.PIPE)
        code, seconds = wait_exit(listener, 90)
        self.assertEqual(code, 2)
        self.assertLess(seconds, 20)
        self.assertEqual(listener.stderr.read().decode(),
                         "dgram: error: standard output is closed, so every record would be lost; "
                         "redirect it (> FILE) or add -q to only count\n")

    def test_quiet_listener_without_stdin_and_stdout_counts_and_honours_timeout(self):
        listener = self.spawn(["listen", "0", "-4", "-q", "-t", "1"], close=(0, 1),
                              stderr=subprocess.PIPE)
        line = read_line_within(listener.stderr, 60)
        port = int(line.rsplit(":", 1)[1].split()[0])
        send_datagrams(port, [b"one datagram"])
        start = time.monotonic()
        cpu = child_cpu_seconds(listener)
        self.assertEqual(listener.returncode, 3)
        self.assertLess(time.monotonic() - start, 10)  # -t 1, on a busy machine
        self.assertLess(cpu, 0.5, "a busy loop")
        self.assertIn("received 1 datagram,", listener.stderr.read().decode())

    def test_listen_without_stdin_or_stderr(self):
        for closed in ((0,), (2,), (0, 2)):
            with self.subTest(closed=closed):
                with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
                    probe.bind(("127.0.0.1", 0))
                    port = probe.getsockname()[1]
                # The port was free a moment ago; the listener takes it.
                listener = self.spawn(["listen", str(port), "-4", "-n", "1", "-t", "5"],
                                      close=closed, stdout=subprocess.PIPE)
                deadline = time.monotonic() + 5
                while listener.poll() is None and time.monotonic() < deadline:
                    send_datagrams(port, [b"hello"])
                    if select.select([listener.stdout], [], [], 0.1)[0]:
                        break
                code, _ = wait_exit(listener, 5)
                self.assertEqual(code, 0)
                self.assertTrue(listener.stdout.read().decode().endswith(" hello\n"))
        timeout = self.spawn(["listen", "0", "-t", "100ms"], close=(2,), stdout=subprocess.PIPE)
        self.assertEqual(wait_exit(timeout, 5)[0], 3)

    def test_send_without_stdin(self):
        receiver = udp_socket()
        port = str(receiver.getsockname()[1])
        for args in (["send", "127.0.0.1", port], ["send", "127.0.0.1", port, "-"],
                     ["send", "127.0.0.1", port, "--lines"]):
            with self.subTest(args=args):
                sender = self.spawn(args, close=(0,), stderr=subprocess.PIPE)
                self.assertEqual(wait_exit(sender, 5)[0], 2)
                self.assertEqual(sender.stderr.read().decode(),
                                 "dgram: error: standard input is closed, so there is no payload; "
                                 "give MESSAGE or --file (nothing was sent)\n")
        # --talk refuses --file: the advice offers what it takes.
        talk = self.spawn(["send", "127.0.0.1", port, "--talk"], close=(0,),
                          stderr=subprocess.PIPE)
        self.assertEqual(wait_exit(talk, 5)[0], 2)
        self.assertEqual(talk.stderr.read().decode(),
                         "dgram: error: standard input is closed, so --talk has no lines to send; "
                         "give it a terminal or a pipe, or send MESSAGE without --talk (nothing "
                         "was sent)\n")
        sender = self.spawn(["send", "127.0.0.1", port, "given"], close=(0,))
        self.assertEqual(wait_exit(sender, 5)[0], 0)
        self.assertEqual(receiver.recv(100), b"given")
        receiver.settimeout(0.3)
        with self.assertRaises(socket.timeout):
            receiver.recv(100)  # nothing from the refused runs

    def test_send_without_stdout_or_stderr(self):
        receiver = udp_socket()
        port = str(receiver.getsockname()[1])
        sender = self.spawn(["send", "127.0.0.1", port, "out closed"], close=(1,))
        self.assertEqual(wait_exit(sender, 5)[0], 0)
        self.assertEqual(receiver.recv(100), b"out closed")
        reply = self.spawn(["send", "127.0.0.1", port, "x", "--reply"], close=(1,),
                           stderr=subprocess.PIPE)
        self.assertEqual(wait_exit(reply, 5)[0], 2)
        self.assertIn("standard output is closed, so the reply would be lost",
                      reply.stderr.read().decode())
        for args, code in ((["send", "127.0.0.1", port, "err closed"], 0),
                           (["send", "127.0.0.1", "0", "x"], 2),
                           (["send", "127.0.0.1", port, "x", "-r", "-t", "100ms"], 3)):
            with self.subTest(args=args):
                sender = self.spawn(args, close=(2,), stdout=subprocess.DEVNULL)
                self.assertEqual(wait_exit(sender, 5)[0], code)
        self.assertEqual(receiver.recv(100), b"err closed")


    @unittest.skipUnless(hasattr(os, "O_PATH"), "O_PATH is Linux's")
    def test_an_open_stream_poll_calls_invalid_is_not_taken_for_closed(self):
        # poll() answers POLLNVAL for an O_PATH descriptor, as for a closed
        # one: dgram asks again, so it is an open stream dgram cannot use.
        receiver = udp_socket()
        port = str(receiver.getsockname()[1])
        path_only = os.open(os.devnull, os.O_PATH)
        try:
            sender = subprocess.Popen([DGRAM, "send", "127.0.0.1", port], stdin=path_only,
                                      stderr=subprocess.PIPE)
            self.assertEqual(wait_exit(sender, 5)[0], 2)
            err = sender.stderr.read().decode()
            self.assertNotIn("standard input is closed", err)
            self.assertIn("cannot read standard input", err)
            listener = subprocess.Popen([DGRAM, "listen", "0", "-t", "100ms"], stdout=path_only,
                                        stderr=subprocess.PIPE)
            code, _ = wait_exit(listener, 5)
            self.assertNotIn("standard output is closed", listener.stderr.read().decode())
            self.assertNotEqual(code, 2)  # no usage error: the stream is there
        finally:
            os.close(path_only)


class NonBlockingStdio(unittest.TestCase):
    """An event loop hands dgram non-blocking pipes: they are waited on."""

    def test_listener_waits_for_a_full_non_blocking_stdout(self):
        reader, writer = os.pipe()
        os.set_blocking(writer, False)
        # 40 records of 3 KB: twice what the pipe holds, well within the
        # socket's receive buffer while the listener waits.
        listener, port = start_listener("-n", "40", "-m", "3000", stdout=writer)
        os.close(writer)
        send_datagrams(port, [b"%04d" % i + b"x" * 2996 for i in range(40)], pause=0.001)
        time.sleep(1)  # the pipe (64 KiB) fills; dgram must wait, not fail
        self.assertIsNone(listener.poll())
        received = b""
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if select.select([reader], [], [], 0.5)[0]:
                chunk = os.read(reader, 65536)
                if not chunk:
                    break
                received += chunk
        os.close(reader)
        code, _ = wait_exit(listener, 5)
        self.assertEqual(code, 0, listener.stderr.read().decode())
        lines = received.decode().splitlines()
        self.assertEqual([line.split(" ")[1][:4] for line in lines], ["%04d" % i for i in range(40)])

    def test_send_lines_waits_for_a_non_blocking_stdin(self):
        receiver = udp_socket()
        reader, writer = os.pipe()
        os.set_blocking(reader, False)
        sender = subprocess.Popen(
            [DGRAM, "send", "127.0.0.1", str(receiver.getsockname()[1]), "--lines"],
            stdin=reader, stderr=subprocess.PIPE)
        os.close(reader)
        for i in range(3):
            time.sleep(0.2)
            os.write(writer, b"line %d\n" % i)
        os.close(writer)
        code, _ = wait_exit(sender, 5)
        self.assertEqual(code, 0, sender.stderr.read().decode())
        self.assertEqual([receiver.recv(100) for _ in range(3)], [b"line 0", b"line 1", b"line 2"])

    def test_send_reads_a_whole_non_blocking_stdin(self):
        receiver = udp_socket()
        reader, writer = os.pipe()
        os.set_blocking(reader, False)
        sender = subprocess.Popen(
            [DGRAM, "send", "127.0.0.1", str(receiver.getsockname()[1])], stdin=reader,
            stderr=subprocess.PIPE)
        os.close(reader)
        time.sleep(0.3)
        os.write(writer, b"late ")
        time.sleep(0.2)
        os.write(writer, b"payload")
        os.close(writer)
        self.assertEqual(wait_exit(sender, 5)[0], 0, sender.stderr.read().decode())
        self.assertEqual(receiver.recv(100), b"late payload")


class Outsiders(unittest.TestCase):
    """What a remote sender can do to a listener."""

    # Outsiders keep sending for 20 s: a listener they kept alive ends after
    # that, one that ignores them after its -t (well under 10 s, even on a
    # busy machine).
    def test_rejected_datagrams_do_not_keep_a_timeout_listener_alive(self):
        listener, port = start_listener("-t", "1", "--allow", "10.0.0.0/8")
        start = time.monotonic()
        while listener.poll() is None and time.monotonic() - start < 20:
            send_datagrams(port, [b"outsider"])
            time.sleep(0.2)
        code, _ = wait_exit(listener, 5)
        self.assertEqual(code, 3)
        self.assertLess(time.monotonic() - start, 10)
        err = listener.stderr.read().decode()
        self.assertIn("received 0 datagrams", err)
        self.assertRegex(err, r"[1-9]\d* rejected by --allow")

    def test_a_flood_of_rejected_datagrams_does_not_either(self):
        listener, port = start_listener("-q", "-t", "500ms", "--allow", "10.0.0.0/8")
        start = time.monotonic()
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            while listener.poll() is None and time.monotonic() - start < 20:
                for _ in range(100):
                    sock.sendto(b"x", ("127.0.0.1", port))
        self.assertEqual(wait_exit(listener, 5)[0], 3)
        self.assertLess(time.monotonic() - start, 10)

    def test_count_counts_accepted_datagrams_only(self):
        listener, port = start_listener("-n", "1", "-t", "1", "--allow", "10.0.0.0/8")
        send_datagrams(port, [b"rejected"] * 5)
        self.assertEqual(wait_exit(listener, 5)[0], 3)
        self.assertEqual(listener.stdout.read(), b"")

    def test_oversize_warnings_are_rate_limited(self):
        # Whatever a slow build loses to the kernel, every datagram it takes
        # is oversize: the summary's counts agree, the warnings stay few.
        listener, port = start_listener("-m", "10", "-t", "1", "--rcvbuf", "4194304",
                                        stdout=subprocess.DEVNULL)
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            for i in range(5000):
                sock.sendto(b"y" * 100, ("127.0.0.1", port))
                if i % 200 == 0:
                    time.sleep(0.002)  # the listener's buffer keeps up
        code, _ = wait_exit(listener, 20)
        err = listener.stderr.read().decode()
        self.assertEqual(code, 3, err[-500:])
        warnings = [line for line in err.splitlines() if line.startswith("dgram: warning:")]
        self.assertLessEqual(len(warnings), 20, "\n".join(warnings[:30]))
        self.assertEqual(len([w for w in warnings if "is 100 bytes, over --max-size 10" in w]), 5)
        self.assertRegex(err, r"dgram: warning: \d+ more oversize datagrams \(not shown one by one")
        received = re.search(r"received (\d+) datagrams, (\d+) bytes .* (\d+) truncated", err)
        self.assertIsNotNone(received, err[-500:])
        count, size, truncated = map(int, received.groups())
        self.assertGreater(count, 100)
        self.assertEqual((size, truncated), (100 * count, count))


class Advice(unittest.TestCase):
    """Every message is true and its advice possible."""

    def send_stream(self, args, data):
        receiver = udp_socket()
        result = run(["send", "127.0.0.1", str(receiver.getsockname()[1]), *args], data)
        receiver.settimeout(0.2)
        got = []
        try:
            while True:
                got.append(receiver.recv(70000))
        except socket.timeout:
            pass
        return result, got

    def test_an_endless_first_line(self):
        result, got = self.send_stream(["--lines"], b"z" * 3000)
        self.assertEqual(result.returncode, 2)
        self.assertEqual(result.stderr.decode(),
                         "dgram: error: line 1 is over 1024 bytes, over the limit of --max-size "
                         "1024; raise --max-size or split it with --chunk (nothing was sent)\n")
        self.assertEqual(got, [])
        result, got = self.send_stream(["--lines"], b"ok\n" + b"z" * 3000)
        self.assertIn("line 2 is over 1024 bytes", result.stderr.decode())
        self.assertIn("(earlier lines were sent)", result.stderr.decode())
        self.assertEqual(got, [b"ok"])

    def test_an_endless_line_with_chunk_does_not_suggest_chunk(self):
        # 64 MiB and a byte, without a line end: the cap of one line.
        result, got = self.send_stream(["--lines", "--chunk", "-m", "65507"],
                                       b"z" * (64 * 1024 * 1024 + 2))
        self.assertEqual(result.returncode, 2)
        err = result.stderr.decode()
        self.assertEqual(err, "dgram: error: line 1 is over 64 MiB, more than dgram reads as one "
                              "line; split the input (nothing was sent)\n")
        self.assertEqual(got, [])

    def test_hex_lines_count_characters(self):
        result, _ = self.send_stream(["--lines", "-x", "-m", "4"], b"41" * 100)  # no line end yet
        self.assertEqual(result.returncode, 2)
        self.assertIn("line 1 has over 80 characters, more hex than --max-size 4 bytes can hold",
                      result.stderr.decode())

    def test_bad_hex_on_a_later_line(self):
        result, got = self.send_stream(["--lines", "-x"], b"41 42\n4z\n")
        self.assertEqual(result.returncode, 2)
        self.assertEqual(result.stderr.decode(),
                         "dgram: error: line 2: invalid hex at position 2: 'z' is not a hex digit; "
                         "--hex takes 0-9, a-f, spaces, tabs, line breaks and colons "
                         "(earlier lines were sent)\n")
        self.assertEqual(got, [b"AB"])
        result, got = self.send_stream(["--lines", "-x", "--file", "/dev/stdin"], b"41 42\n4z\n")
        self.assertIn("line 2: invalid hex", result.stderr.decode())
        self.assertIn("(nothing was sent)", result.stderr.decode())
        self.assertEqual(got, [])

    def test_tiny_rcvbuf_names_the_minimum(self):
        listener, _ = start_listener("--rcvbuf", "1", "-t", "100ms")
        self.assertEqual(wait_exit(listener, 5)[0], 3)
        err = listener.stderr.read().decode()
        self.assertRegex(err, r"--rcvbuf 1 asked, the OS granted \d+ bytes \(its minimum\)")
        self.assertNotIn("rmem_max", err)

    def test_terminal_input_is_announced(self):
        receiver = udp_socket()
        # At a terminal send talks unasked (issue 14), --lines included; an
        # option made for one message (-n) keeps it reading one message.
        talk_hint = "each line you type is sent as you end it, and answers print as they come"
        for args, hint in ((["-n", "1"], "type the message, then Ctrl+D to send it"),
                           ([], talk_hint), (["--lines", "-t", "100ms"], talk_hint)):
            with self.subTest(args=args):
                main, secondary = pty.openpty()
                sender = subprocess.Popen(
                    [DGRAM, "send", "127.0.0.1", str(receiver.getsockname()[1]), *args],
                    stdin=secondary, stderr=subprocess.PIPE)
                os.close(secondary)
                self.assertIn(hint, read_line_within(sender.stderr, 5))
                os.write(main, b"typed\n")
                time.sleep(0.2)
                os.write(main, b"\x04")  # Ctrl+D at the start of a line: end of input
                code, _ = wait_exit(sender, 5)
                os.close(main)
                self.assertEqual(code, 0)
                self.assertIn(receiver.recv(100), (b"typed\n", b"typed"))


def in_namespace_with_localhost_v6_first():
    """True when this process may create a network namespace (root, ip)."""
    return os.geteuid() == 0 and shutil.which("ip") is not None


@unittest.skipUnless(in_namespace_with_localhost_v6_first(), "needs root and iproute2")
class LocalhostFallback(unittest.TestCase):
    """`localhost` is ::1 then 127.0.0.1 on Debian, Ubuntu and Windows; an
    IPv4-only server must still get the message. A namespace of the test's
    own has that /etc/hosts (ip netns exec lays /etc/netns/NAME/hosts over it)."""

    name = f"dgram-hostile-{os.getpid()}"

    @classmethod
    def setUpClass(cls):
        subprocess.run(["ip", "netns", "add", cls.name], check=True)
        os.makedirs(f"/etc/netns/{cls.name}", exist_ok=True)
        with open(f"/etc/netns/{cls.name}/hosts", "w") as hosts:
            hosts.write("::1 localhost\n127.0.0.1 localhost\n")
        subprocess.run(["ip", "netns", "exec", cls.name, "ip", "link", "set", "lo", "up"],
                       check=True)

    @classmethod
    def tearDownClass(cls):
        subprocess.run(["ip", "netns", "delete", cls.name])
        shutil.rmtree(f"/etc/netns/{cls.name}", ignore_errors=True)

    def in_namespace(self, script):
        """Runs a Python script in the namespace; its stdout lines."""
        result = subprocess.run(["ip", "netns", "exec", self.name, sys.executable, "-c", script,
                                 DGRAM], capture_output=True, timeout=60, text=True)
        self.assertEqual(result.returncode, 0, result.stderr)
        return result.stdout

    def test_ipv4_only_server_gets_every_form_of_send(self):
        script = r'''
import socket, subprocess, sys
dgram = sys.argv[1]
server = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
server.bind(("", 8081))  # the seed recipe's own server: IPv4 only
server.settimeout(0.3)
cases = [(["plain"], b""), (["-n", "3", "counted"], b""), (["--lines"], b"l1\nl2\n"),
         (["--chunk", "-m", "3", "abcdefg"], b""), (["-x", "68 69"], b""),
         (["paced", "-n", "2", "-i", "10ms"], b"")]
for args, data in cases:
    result = subprocess.run([dgram, "send", "localhost", "8081", *args], input=data,
                            capture_output=True, timeout=10)
    got = []
    try:
        while True:
            got.append(server.recv(100))
    except socket.timeout:
        pass
    print(repr((args, result.returncode, result.stderr.decode(), got)))
# --reply: the server answers; the reply comes from the address that took it.
reply = subprocess.Popen([dgram, "send", "localhost", "8081", "ping", "-r"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
server.settimeout(30)  # the question comes when dgram has started, however busy the machine
data, peer = server.recvfrom(100)
server.sendto(b"pong", peer)
out, err = reply.communicate(timeout=10)
print(repr((["ping", "-r"], reply.returncode, err.decode(), [data, out])))
'''
        note = ("dgram: nothing is listening on [::1]:8081; sending to 127.0.0.1:8081, "
                "localhost's next address\n")
        results = [eval(line) for line in self.in_namespace(script).splitlines()]
        expected = {
            "plain": [b"plain"], "counted": [b"counted"] * 3, "--lines": [b"l1", b"l2"],
            "abcdefg": [b"abc", b"def", b"g"], "68 69": [b"hi"], "paced": [b"paced"] * 2,
        }
        for args, code, err, got in results[:-1]:
            with self.subTest(args=args):
                self.assertEqual(code, 0, err)
                self.assertEqual(err, note)
                key = next(k for k in expected if k in args)
                self.assertEqual(got, expected[key])  # nothing twice
        args, code, err, (data, out) = results[-1]
        self.assertEqual((code, err, data), (0, note, b"ping"))
        self.assertRegex(out, rb"^127\.0\.0\.1:8081 pong\n$")

    def test_all_replies_says_it_asked_only_the_first_address(self):
        # --all-replies does not fall back (its socket is not connected): the
        # exit-3 error names the one address asked and the way to the other.
        script = r'''
import subprocess, sys
result = subprocess.run([sys.argv[1], "send", "localhost", "8082", "x", "--all-replies", "-t",
                         "300ms"], capture_output=True, timeout=10)
print(repr((result.returncode, result.stderr.decode())))
'''
        code, err = eval(self.in_namespace(script))
        self.assertEqual(code, 3, err)
        self.assertEqual(err, "dgram: error: no answer from any host within 300 ms (--timeout); "
                              "only [::1]:8082 was asked, the first of localhost's addresses; "
                              "add -4 to ask its IPv4 address instead\n")

    def test_the_first_address_that_takes_it_keeps_it(self):
        script = r'''
import socket, subprocess, sys
dgram = sys.argv[1]
server = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
server.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
server.bind(("::1", 8082))
server.settimeout(2)
result = subprocess.run([dgram, "send", "localhost", "8082", "v6", "-n", "2"],
                        capture_output=True, timeout=10)
print(repr((result.returncode, result.stderr.decode(), server.recv(100), server.recv(100))))
nobody = subprocess.run([dgram, "send", "localhost", "8083", "nobody"], capture_output=True,
                        timeout=10)
print(repr((nobody.returncode, nobody.stderr.decode())))
'''
        first, nobody = [eval(line) for line in self.in_namespace(script).splitlines()]
        self.assertEqual(first, (0, "", b"v6", b"v6"))
        self.assertEqual(nobody[0], 1)
        self.assertEqual(nobody[1],
                         "dgram: nothing is listening on [::1]:8083; sending to 127.0.0.1:8083, "
                         "localhost's next address\n"
                         "dgram: error: nothing is listening on 127.0.0.1:8083 (ICMP port "
                         "unreachable)\n")


if __name__ == "__main__":
    DGRAM = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
