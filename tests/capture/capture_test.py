#!/usr/bin/env python3
"""listen --pcap end to end: the capture as tshark reads it (fields,
lengths, payload bytes, checksums, no warning), a syslog datagram dissected
as syslog, and captures cut by Ctrl+C, a closed pipe and a full
filesystem still readable. The capture of known traffic is compared byte
for byte (timestamps aside) with one this script builds itself, so the
native and the Windows build (under Wine) are held to the same bytes.

Usage: capture_test.py DGRAM [WINE]
Prints "ok: NAME", "skip: NAME: why" or "FAIL: NAME: why" per case and a
closing line; exits 1 if any failed, 77 when tshark is missing. Sends only
to 127.0.0.1 and ::1; every wait is bounded.
"""

import logging
import logging.handlers
import os
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time

EXE = os.path.abspath(sys.argv[1])
WINE = sys.argv[2] if len(sys.argv) > 2 else None
COMMAND = [WINE, EXE] if WINE else [EXE]
ENV = dict(os.environ, WINEDEBUG="-all", LANG="C.UTF-8", LC_ALL="C.UTF-8")
WORK = tempfile.mkdtemp(prefix="dgram-capture-")
SLOW = 60  # bound on every wait; reached only when what is awaited never comes
TSHARK = shutil.which("tshark")
results = []


def check(name, passed, why=""):
    results.append(passed)
    print(f"ok: {name}" if passed else f"FAIL: {name}: {why}", flush=True)


def skip(name, why):
    print(f"skip: {name}: {why}", flush=True)


class Listener:
    """dgram listen 0 ARGS, its stdout and stderr in files."""

    count = 0

    def __init__(self, args, stdout=None):
        Listener.count += 1
        self.err_path = os.path.join(WORK, f"err{Listener.count}")
        self.out_path = os.path.join(WORK, f"out{Listener.count}")
        self.process = subprocess.Popen(
            COMMAND + ["listen", "0"] + args, stdin=subprocess.DEVNULL,
            stdout=stdout if stdout is not None else open(self.out_path, "wb"),
            stderr=open(self.err_path, "wb"), env=ENV)
        self.port = None
        end = time.monotonic() + SLOW
        while time.monotonic() < end and self.process.poll() is None:
            found = re.search(r"listening on .*:(\d+)", self.err())
            if found:
                self.port = int(found.group(1))
                return
            time.sleep(0.02)

    def err(self):
        with open(self.err_path, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def wait_for_records(self, count):
        """Until stdout holds `count` records (one line each with -f json)."""
        end = time.monotonic() + SLOW
        while time.monotonic() < end and self.process.poll() is None:
            with open(self.out_path, "rb") as f:
                if f.read().count(b"\n") >= count:
                    return True
            time.sleep(0.01)
        return False

    def wait(self, timeout=SLOW):
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            return None


def tshark(path, fields, extra=()):
    """tshark's field rows and its stderr, less the warning it prints for root."""
    command = [TSHARK, "-n", "-r", path, "-o", "ip.check_checksum:TRUE",
               "-o", "udp.check_checksum:TRUE", *extra, "-T", "fields", "-E", "separator=|"]
    for field in fields:
        command += ["-e", field]
    run = subprocess.run(command, capture_output=True, timeout=SLOW)
    err = "\n".join(line for line in run.stderr.decode("utf-8", "replace").splitlines()
                    if "Running as user" not in line)
    if run.returncode != 0:
        err += f"\n(tshark exit {run.returncode})"
    rows = [line.split("|") for line in run.stdout.decode().splitlines()]
    return rows, err.strip()


def payload(size, seed=0):
    return bytes((i * 7 + seed) % 251 for i in range(size))


def sender(family, address):
    s = socket.socket(family, socket.SOCK_DGRAM)
    s.bind((address, 0))
    return s


# The capture format, built here independently of dgram: what each record
# must hold, byte for byte, apart from its timestamp.
def checksum(data, total=0):
    if len(data) % 2:
        data += b"\0"
    for i in range(0, len(data), 2):
        total += data[i] << 8 | data[i + 1]
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def expected_record(src, sport, dst, dport, data, size):
    v4 = ":" not in src
    family = socket.AF_INET if v4 else socket.AF_INET6
    s, d = socket.inet_pton(family, src), socket.inet_pton(family, dst)
    udp_length = 8 + size
    udp = struct.pack("!HHHH", sport, dport, udp_length, 0)
    c = checksum(s + d + (struct.pack("!xBH", 17, udp_length) if v4 else
                          struct.pack("!IxxxB", udp_length, 17)) + udp + data)
    udp = struct.pack("!HHHH", sport, dport, udp_length, c or 0xFFFF)
    if v4:
        ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + udp_length, 0, 0, 64, 17, 0, s, d)
        ip = ip[:10] + struct.pack("!H", checksum(ip)) + ip[12:]
    else:
        ip = struct.pack("!IHBB16s16s", 0x60000000, udp_length, 17, 64, s, d)
    packet = ip + udp + data
    return struct.pack("<II", len(packet), len(ip) + udp_length) + packet


def records(blob):
    """The file header and each record's header (less its time) and packet."""
    header, rest, out = blob[:24], blob[24:], []
    while len(rest) >= 16:
        held = struct.unpack("<I", rest[8:12])[0]
        out.append(rest[8:16 + held])
        rest = rest[16 + held:]
    return header, out, rest


def capture_known_traffic(name, family, address):
    """Datagrams of 0, 1, 1,472 and the family's largest size, and one cut
    by -m, from a known sender to a listener bound to `address`."""
    largest = 65507 if family == socket.AF_INET else 65527
    path = os.path.join(WORK, f"{name}.pcap")
    # One datagram at a time, each sent once the last one's record is out:
    # a burst of the largest ones could overflow a busy listener's buffer.
    listener = Listener(["-b", address, "-m", str(largest), "-n", "6", "-f", "json",
                         "--pcap", path])
    cut = Listener(["-b", address, "-m", "100", "-n", "1", "-q", "--pcap", path + ".cut"])
    if listener.port is None or cut.port is None:
        check(name, False, "no start line: " + listener.err() + cut.err())
        return None
    s = sender(family, address)
    sizes = [0, 1, 1472, largest, 300, 2]
    for i, size in enumerate(sizes):
        s.sendto(payload(size, i), (address, listener.port))
        listener.wait_for_records(i + 1)
    s.sendto(payload(1000, 9), (address, cut.port))
    codes = listener.wait(), cut.wait()
    sport = s.getsockname()[1]
    expected = b"".join(expected_record(address, sport, address, listener.port,
                                        payload(size, i), size)
                        for i, size in enumerate(sizes))
    with open(path, "rb") as f:
        blob = f.read()
    header, got, rest = records(blob)
    want_header = struct.pack("<IHHiIII", 0xA1B23C4D, 2, 4, 0, 0, 262144, 101)
    # `expected` holds records without their times: split it by length.
    want, at = [], 0
    while at < len(expected):
        held = struct.unpack("<I", expected[at:at + 4])[0]
        want.append(expected[at:at + 8 + held])
        at += 8 + held
    same = codes == (0, 0) and header == want_header and got == want and rest == b""
    check(f"{name}: the capture's bytes are the ones built here, timestamps aside", same,
          f"exit {codes}, header {header.hex()}, {len(got)} records vs {len(want)}, "
          f"first difference at record "
          f"{next((i for i, (a, b) in enumerate(zip(got, want)) if a != b), None)}")
    with open(path + ".cut", "rb") as f:
        _, cut_records, _ = records(f.read())
    cut_want = expected_record(address, sport, address, cut.port, payload(100, 9), 1000)
    check(f"{name}: a datagram cut by -m keeps its true length", cut_records == [cut_want],
          f"{[r[:8].hex() for r in cut_records]} vs {cut_want[:8].hex()}")
    return path, sport, listener.port, sizes


def test_tshark_fields(family, address):
    name = "IPv4" if family == socket.AF_INET else "IPv6"
    captured = capture_known_traffic(name, family, address)
    if not captured:
        return
    path, sport, dport, sizes = captured
    ip = "ip" if family == socket.AF_INET else "ipv6"
    rows, err = tshark(path, [f"{ip}.src", "udp.srcport", f"{ip}.dst", "udp.dstport",
                              "udp.length", "frame.len", "frame.cap_len", "udp.checksum.status",
                              "data.data"])
    ok = err == "" and len(rows) == len(sizes)
    why = err
    for row, size, i in zip(rows, sizes, range(len(sizes))):
        expect = [address, str(sport), address, str(dport), str(8 + size)]
        if row[:5] != expect or row[7] != "1" or row[8] != payload(size, i).hex():
            ok, why = False, f"row {i}: {row[:8]} vs {expect} (checksum status 1)"
    check(f"{name}: tshark reads 0, 1, 1,472 and the largest datagram without a warning", ok,
          why)
    rows, err = tshark(path + ".cut", ["frame.len", "frame.cap_len", "udp.length"])
    extra = 20 if ip == "ip" else 40
    check(f"{name}: tshark sees the cut datagram's true length",
          err == "" and rows == [[str(extra + 8 + 1000), str(extra + 8 + 100), "1008"]],
          f"{rows} {err}")


def test_wildcard_destination():
    """A listener on [::] names the address each datagram was sent to."""
    path = os.path.join(WORK, "wildcard.pcap")
    listener = Listener(["-n", "2", "--pcap", path])
    if listener.port is None:
        return check("wildcard", False, listener.err())
    for family, address in ((socket.AF_INET, "127.0.0.1"), (socket.AF_INET6, "::1")):
        sender(family, address).sendto(b"hi", (address, listener.port))
    code = listener.wait()
    rows, err = tshark(path, ["ip.dst", "ipv6.dst", "udp.dstport"])
    with open(listener.out_path, "rb") as f:
        shown = f.read().decode()
    got = sorted(r[0] or r[1] for r in rows)
    want = ["127.0.0.1", "::1"]
    check("a wildcard listener's capture names each destination; records go on",
          code == 0 and err == "" and got == want and shown.count("hi") == 2,
          f"exit {code}, {rows}, {err!r}, records {shown!r}")


def test_syslog():
    path = os.path.join(WORK, "syslog.pcap")
    listener = Listener(["-b", "127.0.0.1", "-n", "1", "-q", "--pcap", path])
    if listener.port is None:
        return check("syslog", False, listener.err())
    handler = logging.handlers.SysLogHandler(address=("127.0.0.1", listener.port))
    logger = logging.getLogger("capture-test")
    logger.addHandler(handler)
    logger.warning("disk almost full")
    handler.close()
    code = listener.wait()
    port = listener.port
    rows, err = tshark(path, ["syslog.level", "syslog.msg"], ["-d", f"udp.port=={port},syslog"])
    check("a SysLogHandler datagram is dissected as syslog",
          code == 0 and err == "" and len(rows) == 1 and rows[0][0] == "4"
          and "disk almost full" in rows[0][1], f"exit {code}, {rows}, {err!r}")


class Burst:
    """A sender thread: datagrams of `size` to 127.0.0.1:port until stopped."""

    def __init__(self, port, size=200):
        self.stop = False
        self.sent = 0
        self.thread = threading.Thread(target=self.run, args=(port, size), daemon=True)
        self.thread.start()

    def run(self, port, size):
        s = sender(socket.AF_INET, "127.0.0.1")
        while not self.stop:
            try:
                s.sendto(payload(size, self.sent % 200), ("127.0.0.1", port))
                self.sent += 1
            except OSError:
                time.sleep(0.001)
            if self.sent % 64 == 0:
                time.sleep(0.0005)

    def end(self):
        self.stop = True
        self.thread.join(SLOW)


# A burst's record in the file: record header, IPv4 and UDP headers, payload.
BURST_RECORD = 16 + 20 + 8 + 200


def wait_for_size(path, least):
    end = time.monotonic() + SLOW
    while time.monotonic() < end:
        if os.path.exists(path) and os.path.getsize(path) >= least:
            return True
        time.sleep(0.02)
    return False


def readable_whole(path, size=200):
    rows, err = tshark(path, ["udp.length", "frame.len", "frame.cap_len"])
    whole = all(r == [str(8 + size), str(28 + size), str(28 + size)] for r in rows)
    return err == "" and whole, len(rows), err


def test_interrupt():
    if WINE:
        return skip("Ctrl+C mid-burst", "Wine: tests/wine covers Ctrl+C; native only here")
    path = os.path.join(WORK, "interrupt.pcap")
    listener = Listener(["-q", "--pcap", path])
    if listener.port is None:
        return check("interrupt", False, listener.err())
    burst = Burst(listener.port)
    grown = wait_for_size(path, 24 + 200 * BURST_RECORD)
    listener.process.send_signal(signal.SIGINT)
    code = listener.wait()
    burst.end()
    ok, count, err = readable_whole(path)
    check("a capture ended by Ctrl+C mid-burst is readable to its last datagram",
          grown and code == -signal.SIGINT and ok and count >= 200,
          f"grown {grown}, exit {code}, {count} records, {err!r}")


def test_closed_pipe():
    """--pcap - into a reader that takes whole records, then leaves."""
    path = os.path.join(WORK, "pipe.pcap")
    read_end, write_end = os.pipe()
    listener = Listener(["--pcap", "-"], stdout=write_end)
    os.close(write_end)
    if listener.port is None:
        os.close(read_end)
        return check("closed pipe", False, listener.err())
    burst = Burst(listener.port)
    want = 24 + 100 * BURST_RECORD
    got = b""
    reader = os.fdopen(read_end, "rb", buffering=0)
    while len(got) < want:
        chunk = reader.read(want - len(got))
        if not chunk:
            break
        got += chunk
    reader.close()
    code = listener.wait()
    burst.end()
    with open(path, "wb") as f:
        f.write(got)
    ok, count, err = readable_whole(path)
    check("--pcap - whose reader leaves: exit 0, what it read is whole records",
          code == 0 and ok and count == 100 and "error" not in listener.err(),
          f"exit {code}, {count} records, {err!r}, {listener.err()!r}")


def test_full_disk():
    if WINE:
        return skip("full filesystem", "the native build covers it")
    mount = os.path.join(WORK, "small")
    os.mkdir(mount)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", mount],
                             capture_output=True)
    if mounted.returncode != 0:
        return skip("full filesystem", "cannot mount a tmpfs here (needs root): "
                    + mounted.stderr.decode().strip())
    try:
        path = os.path.join(mount, "full.pcap")
        listener = Listener(["-q", "--pcap", path])
        if listener.port is None:
            return check("full disk", False, listener.err())
        burst = Burst(listener.port)
        code = listener.wait()
        burst.end()
        errors = [line for line in listener.err().splitlines() if "error" in line]
        ok, count, err = readable_whole(path)
        check("a full filesystem: exit 1, one error line, the capture readable",
              code == 1 and len(errors) == 1 and "No space left" in errors[0] and ok
              and count > 100, f"exit {code}, {errors}, {count} records, {err!r}")
    finally:
        subprocess.run(["umount", mount])


def main():
    if not TSHARK:
        print("skip: tshark is not installed (Debian: apt-get install tshark)")
        return 77
    test_tshark_fields(socket.AF_INET, "127.0.0.1")
    test_tshark_fields(socket.AF_INET6, "::1")
    test_wildcard_destination()
    test_syslog()
    test_interrupt()
    test_closed_pipe()
    test_full_disk()
    failed = results.count(False)
    print(f"capture_test: {len(results) - failed} passed, {failed} failed")
    if not failed:
        shutil.rmtree(WORK, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
