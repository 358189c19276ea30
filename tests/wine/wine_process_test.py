#!/usr/bin/env python3
"""The Windows dgram.exe under Wine, driven from Linux where the Windows test
harness cannot reach it: Ctrl+C (SIGINT to the Unix pid of a process under
Wine reaches its console control handler) while dgram waits on a pipe that
stays open or full and in its first moments, a console (a pseudo-terminal,
which Wine turns into a Windows console; also the live status line there),
and a pipe reader that goes away.
(The plain Ctrl+C cases run in the GoogleTest suites, whose harness sends
SIGINT under Wine too.)

Usage: wine_process_test.py DGRAM_EXE [WINE]
Prints "ok: NAME" or "FAIL: NAME: why" per case; exits 1 if any failed.
Sends only to 127.0.0.1.
"""

import fcntl
import os
import pty
import re
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

EXE = os.path.abspath(sys.argv[1])
WINE = sys.argv[2] if len(sys.argv) > 2 else shutil.which("wine64") or "/usr/lib/wine/wine64"
ENV = dict(os.environ, WINEDEBUG="-all", LANG="C.UTF-8", LC_ALL="C.UTF-8")
WORK = tempfile.mkdtemp(prefix="dgram-wine-")
results = []


def check(name, passed, why=""):
    results.append(passed)
    print(f"ok: {name}" if passed else f"FAIL: {name}: {why}", flush=True)


class Dgram:
    """dgram.exe under Wine with stdout and stderr in files: a Wine helper
    that inherits a pipe could keep it open after dgram exits, files cannot
    hang the test."""

    count = 0

    def __init__(self, args, stdin=subprocess.DEVNULL, stdout=None):
        Dgram.count += 1
        self.err_path = os.path.join(WORK, f"err{Dgram.count}")
        self.out_path = os.path.join(WORK, f"out{Dgram.count}")
        self.process = subprocess.Popen(
            [WINE, EXE] + args,
            stdin=stdin,
            stdout=stdout if stdout is not None else open(self.out_path, "wb"),
            stderr=open(self.err_path, "wb"),
            env=ENV,
        )

    def err(self):
        with open(self.err_path, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def out(self):
        with open(self.out_path, "rb") as f:
            return f.read()

    def wait_for_err(self, pattern, timeout=60):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            found = re.search(pattern, self.err())
            if found:
                return found
            if self.process.poll() is not None:
                return re.search(pattern, self.err())
            time.sleep(0.02)
        return None

    def port(self):
        found = self.wait_for_err(r"listening on [^\n]*:(\d+)[^\n]*\n")
        return int(found.group(1)) if found else None

    def interrupt(self):
        self.process.send_signal(signal.SIGINT)

    def wait(self, timeout=60):
        """The exit code; None when it did not exit in time (then killed)."""
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            return None


def receiver():
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    return sock, sock.getsockname()[1]


def receive(sock, timeout):
    sock.settimeout(timeout)
    try:
        return sock.recv(65535)
    except socket.timeout:
        return None


# Ctrl+C ends dgram at once: within QUICK seconds, what Wine on a busy
# machine needs (the defects these tests catch make dgram hang until killed).
QUICK = 5


def interrupt_timed(dgram, timeout=60):
    start = time.monotonic()
    dgram.interrupt()
    code = dgram.wait(timeout)
    return code, time.monotonic() - start


def unread_bytes(pipe):
    return struct.unpack("i", fcntl.ioctl(pipe.fileno(), termios.FIONREAD, b"\0" * 4))[0]


def wait_until_full(read_end, timeout=60):
    """True once the pipe `read_end` reads from holds half its capacity or
    more: its writer, with more to write than fits, waits on it."""
    capacity = fcntl.fcntl(read_end, getattr(fcntl, "F_GETPIPE_SZ", 1032))
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        queued = struct.unpack("i", fcntl.ioctl(read_end, termios.FIONREAD, b"\0" * 4))[0]
        if queued >= capacity // 2:
            return True
        time.sleep(0.02)
    return False


def wait_until_read(pipe, timeout=60):
    """True once the other end has taken everything written to `pipe`."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if unread_bytes(pipe) == 0:
            return True
        time.sleep(0.02)
    return False


def test_send_interrupt_blocked_stdin():
    name = "send -: Ctrl+C while a pipe's writer stays open exits 130 at once, sends nothing"
    sock, port = receiver()
    dgram = Dgram(["send", "127.0.0.1", str(port), "-"], stdin=subprocess.PIPE)
    dgram.process.stdin.write(b"unfinished payload")
    dgram.process.stdin.flush()
    # Once the pipe is drained, dgram waits in its next read.
    if not wait_until_read(dgram.process.stdin):
        dgram.wait(1)
        return check(name, False, f"dgram never read its input: {dgram.err()!r}")
    time.sleep(0.3)
    code, took = interrupt_timed(dgram)
    got = receive(sock, 0.5)
    check(
        name,
        code == 130 and took < QUICK and dgram.err() == "" and got is None,
        f"exit {code} after {took:.2f} s, stderr {dgram.err()!r}, sent {got!r}",
    )
    dgram.process.stdin.close()


def test_send_lines_interrupt_keeps_partial_line():
    name = "send --lines: Ctrl+C sends the whole lines, never the unfinished one"
    sock, port = receiver()
    dgram = Dgram(["send", "127.0.0.1", str(port), "--lines"], stdin=subprocess.PIPE)
    dgram.process.stdin.write(b"first\nunfinish")
    dgram.process.stdin.flush()
    first = receive(sock, 60)
    wait_until_read(dgram.process.stdin)
    time.sleep(0.3)
    code, took = interrupt_timed(dgram)
    rest = receive(sock, 0.5)
    check(
        name,
        first == b"first" and rest is None and code == 130 and dgram.err() == "",
        f"got {first!r} then {rest!r}, exit {code} after {took:.2f} s, stderr {dgram.err()!r}",
    )
    dgram.process.stdin.close()


def test_listen_interrupt_blocked_stdout():
    name = "listen: Ctrl+C while stdout's reader does not read exits 130 at once"
    read_end, write_end = os.pipe()
    dgram = Dgram(["listen", "0", "-4", "-b", "127.0.0.1"], stdout=write_end)
    os.close(write_end)
    port = dgram.port()
    if port is None:
        dgram.wait(1)
        os.close(read_end)
        return check(name, False, f"no start line: {dgram.err()!r}")
    sock, _ = receiver()
    # About 400 KiB of records into a 64 KiB pipe nobody reads.
    for i in range(2000):
        sock.sendto(b"x" * 200, ("127.0.0.1", port))
        if i % 50 == 0:
            time.sleep(0.005)
    wait_until_full(read_end)
    time.sleep(0.3)  # from the full pipe to dgram's wait on it: nothing to observe
    code, took = interrupt_timed(dgram)
    os.close(read_end)
    err = dgram.err()
    check(
        name,
        code == 130 and took < QUICK and "dgram: received" in err and "error" not in err,
        f"exit {code} after {took:.2f} s, stderr {err!r}",
    )


def test_listen_interrupt_output_and_stderr_on_one_blocked_pipe():
    name = "listen >pipe 2>&1, the pipe never read: Ctrl+C exits 130 within the grace"
    read_end, write_end = os.pipe()
    process = subprocess.Popen([WINE, EXE, "listen", "0", "-4", "-b", "127.0.0.1", "-m", "2000"],
                               stdin=subprocess.DEVNULL, stdout=write_end, stderr=write_end,
                               env=ENV)
    os.close(write_end)
    start = b""
    end = time.monotonic() + 20
    while b"\n" not in start and time.monotonic() < end:
        ready, _, _ = select.select([read_end], [], [], 0.1)
        if ready:
            start += os.read(read_end, 1)
    found = re.search(rb"127\.0\.0\.1:(\d+)", start)
    if not found:
        process.kill()
        process.wait()
        os.close(read_end)
        return check(name, False, f"no start line: {start!r}")
    sock, _ = receiver()
    # About 200 KiB of records into a pipe nobody reads: it fills, and the
    # summary that follows Ctrl+C has nowhere to go either.
    for i in range(100):
        sock.sendto(b"a" * 2000, ("127.0.0.1", int(found.group(1))))
        time.sleep(0.002)
    time.sleep(1)
    start_time = time.monotonic()
    process.send_signal(signal.SIGINT)
    try:
        code = process.wait(5)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        code = None
    took = time.monotonic() - start_time
    os.close(read_end)
    check(name, code == 130 and took < 1.5, f"exit {code} after {took:.2f} s")


def test_console_raw_output_keeps_its_last_bytes():
    name = "console: raw output cut inside a UTF-8 sequence shows U+FFFD at exit"
    console = Console(["listen", "0", "-4", "-b", "127.0.0.1", "--format", "raw", "-n", "1"])
    found = re.search(rb"127\.0\.0\.1:(\d+)", console.read(20, until=b"listening on"))
    if not found:
        console.wait()
        return check(name, False, f"no start line: {console.text!r}")
    console.read(0.3)
    sock, _ = receiver()
    sock.sendto(b"tail ok\xe2\x9c", ("127.0.0.1", int(found.group(1))))
    code = console.wait(20)
    # Wine's console hides and shows its cursor around each write.
    text = re.sub(r"\x1b\[\?25[hl]", "", console.text.decode("utf-8", "replace"))
    check(
        name,
        code == 0 and "tail ok\ufffd" in text,
        f"exit {code}, console {console.text!r}",
    )


def test_early_interrupts():
    name = "Ctrl+C in the first moments always exits 130"
    # How long a listener takes to say it listens; Ctrl+C then comes at 30
    # moments spread over that time and a little beyond.
    probe = Dgram(["listen", "0", "-t", "20s"])
    start = time.monotonic()
    ready = probe.port() is not None
    startup = time.monotonic() - start
    probe.interrupt()
    probe.wait()
    if not ready:
        return check(name, False, f"no start line: {probe.err()!r}")
    outcomes = {}
    early = 0
    for i in range(30):
        dgram = Dgram(["listen", "0", "-t", "20s"])
        time.sleep(startup * 1.3 * i / 29)
        before_start_line = "listening on" not in dgram.err()
        dgram.interrupt()
        code = dgram.wait()
        # -2: the signal came while the process was still Wine's Unix loader,
        # before Windows code (dgram's or any) could run: the same as on
        # POSIX before main, and not dgram's to handle.
        outcomes[code] = outcomes.get(code, 0) + 1
        if code == 130 and before_start_line:
            early += 1
    handled = outcomes.get(130, 0)
    others = {code: n for code, n in outcomes.items() if code not in (130, -signal.SIGINT)}
    check(
        name,
        not others and handled >= 15 and early >= 3,
        f"start-up {startup:.2f} s; exit codes {outcomes}; {early} sent before the start line",
    )


def test_reader_goes_away():
    name = "listen | a reader that leaves: exit 0, no error"
    read_end, write_end = os.pipe()
    dgram = Dgram(["listen", "0", "-4", "-b", "127.0.0.1", "-t", "20s"], stdout=write_end)
    os.close(write_end)
    port = dgram.port()
    if port is None:
        os.close(read_end)
        dgram.wait(1)
        return check(name, False, f"no start line: {dgram.err()!r}")
    sock, _ = receiver()
    sock.sendto(b"first", ("127.0.0.1", port))
    ready, _, _ = select.select([read_end], [], [], 60)
    first = os.read(read_end, 1000) if ready else b""
    os.close(read_end)  # as `| head -1` does after one line
    for i in range(200):
        if dgram.process.poll() is not None:
            break
        sock.sendto(b"more %d" % i, ("127.0.0.1", port))
        time.sleep(0.02)
    code = dgram.wait()
    err = dgram.err()
    check(
        name,
        b"first" in first and code == 0 and "error" not in err and "dgram: received" in err,
        f"read {first!r}, exit {code}, stderr {err!r}",
    )


class Console:
    """dgram.exe with a pseudo-terminal as its controlling terminal and its
    three standard streams: Wine gives it a Windows console there, typed
    Ctrl+C included (the terminal's SIGINT)."""

    def __init__(self, args):
        self.master, slave = pty.openpty()

        def controlling_terminal():
            os.setsid()
            fcntl.ioctl(0, termios.TIOCSCTTY, 0)

        self.process = subprocess.Popen(
            [WINE, EXE] + args,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=ENV,
            preexec_fn=controlling_terminal,
        )
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

    def wait(self, timeout=60):
        try:
            code = self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            code = None
        self.read(0.3)
        os.close(self.master)
        return code


def test_console_input_and_ctrl_c():
    name = "console: typed UTF-8 goes out as UTF-8, Ctrl+C mid-line sends nothing more, exit 130"
    sock, port = receiver()
    console = Console(["send", "127.0.0.1", str(port), "--lines"])
    # Typed only once dgram reads the console: the hint it prints first says
    # so (keys typed before Wine's console takes the terminal are cooked by
    # the terminal itself, and Enter arrives as a bare ^J).
    console.read(60, until=b"each line you type")
    console.read(0.3)
    console.type("Grüße ✓\r".encode())
    line = receive(sock, 60)
    console.type(b"unfinished")
    console.read(0.5)
    console.type(b"\x03")  # Ctrl+C at the keyboard
    code = console.wait()
    rest = receive(sock, 0.5)
    check(
        name,
        line == "Grüße ✓".encode() and rest is None and code == 130,
        f"sent {line!r} then {rest!r}, exit {code}, console {console.text!r}",
    )


def test_console_file_con_ctrl_c():
    name = "send --file CON: Ctrl+C during the read is an interrupt (130), not a read error"
    sock, port = receiver()
    console = Console(["send", "127.0.0.1", str(port), "--file", "CON"])
    # Wine's console takes the terminal (echo off: it echoes itself), then
    # echoes what is typed while a read of it is under way: dgram is then
    # blocked in its read of CON.
    end = time.monotonic() + 60
    while termios.tcgetattr(console.master)[3] & termios.ECHO and time.monotonic() < end:
        time.sleep(0.02)
    console.type(b"abc")
    console.read(60, until=b"abc")
    console.type(b"\x03")  # Ctrl+C at the keyboard
    code = console.wait()
    rest = receive(sock, 0.5)
    text = console.text.decode("utf-8", "replace")
    check(name, code == 130 and rest is None and "error" not in text,
          f"exit {code}, sent {rest!r}, console {text!r}")


def test_console_output():
    name = "console: records and the summary show as UTF-8, one line each"
    console = Console(["listen", "0", "-4", "-b", "127.0.0.1"])
    found = re.search(rb"127\.0\.0\.1:(\d+)", console.read(60, until=b"listening on"))
    if not found:
        console.wait()
        return check(name, False, f"no start line: {console.text!r}")
    console.read(0.3)
    sock, _ = receiver()
    sock.sendto("Grüße ✓ \x1b[31m".encode(), ("127.0.0.1", int(found.group(1))))
    console.read(60, until="✓".encode())
    console.type(b"\x03")
    code = console.wait()
    text = console.text.decode("utf-8", "replace")
    check(
        name,
        "Grüße ✓ \\x1b[31m" in text and "received 1 datagram" in text and code == 130,
        f"exit {code}, console {console.text!r}",
    )


def console_screen(transcript):
    """The lines Wine's console leaves on the terminal and the cursor's line:
    its cursor hiding and showing dropped, then \r, \n and ESC[K applied."""
    text = re.sub(r"\x1b\[\?25[hl]", "", transcript.decode("utf-8", "replace"))
    lines, line, column, i = [], [], 0, 0
    while i < len(text):
        if text.startswith("\x1b[K", i):
            del line[column:]
            i += 3
            continue
        c = text[i]
        if c == "\r":
            column = 0
        elif c == "\n":
            lines.append("".join(line).rstrip(" "))
            line, column = [], 0
        else:
            line[column:column + 1] = [c]
            column += 1
        i += 1
    return lines, "".join(line).rstrip(" ")


def test_console_status_line():
    name = "console: listen -q shows a status line, updated while idle and on datagrams, erased at exit"
    console = Console(["listen", "0", "-4", "-b", "127.0.0.1", "-q"])
    found = re.search(rb"127\.0\.0\.1:(\d+)", console.read(60, until=b"listening on"))
    if not found:
        console.wait()
        return check(name, False, f"no start line: {console.text!r}")
    # Drawn while nothing arrives (the socket wait ends for each update)...
    idle = b"dgram: listening 1s: 0 datagrams" in console.read(30, until=b"listening 1s: 0 datagrams")
    sock, _ = receiver()
    for i in range(5):
        sock.sendto(b"x%d" % i, ("127.0.0.1", int(found.group(1))))
    # ... and updated when datagrams come.
    updated = b" 5 datagrams, 10 B," in console.read(30, until=b" 5 datagrams, 10 B,")
    console.type(b"\x03")
    code = console.wait()
    lines, current = console_screen(console.text)
    shown = [line for line in lines + [current] if re.search(r"dgram: listening \d", line)]
    check(
        name,
        idle and updated and code == 130 and not shown and current == ""
        and re.match(r"dgram: received 5 datagrams, 10 bytes in ", lines[-1]) is not None,
        f"idle {idle}, updated {updated}, exit {code}, screen {lines!r} + {current!r}, "
        f"console {console.text[-600:]!r}",
    )


def main():
    tests = [
        test_send_interrupt_blocked_stdin,
        test_send_lines_interrupt_keeps_partial_line,
        test_listen_interrupt_blocked_stdout,
        test_listen_interrupt_output_and_stderr_on_one_blocked_pipe,
        test_console_raw_output_keeps_its_last_bytes,
        test_reader_goes_away,
        test_console_input_and_ctrl_c,
        test_console_file_con_ctrl_c,
        test_console_output,
        test_console_status_line,
        test_early_interrupts,
    ]
    for test in tests:
        try:
            test()
        except Exception as error:  # one broken case must not hide the others
            check(test.__name__, False, repr(error))
    shutil.rmtree(WORK, ignore_errors=True)
    failed = results.count(False)
    print(f"wine_process_test: {len(results) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
