#!/usr/bin/env python3
"""Writes the pcap files tests/e2e/replay_test.cpp replays, with Python's
struct module and nothing of dgram's, so that dgram's reader is held to the
format as another writer reads it. Run it to regenerate tests/data/replay/:

    python3 tests/tools/make_replay_pcaps.py tests/data/replay
"""
import ipaddress
import struct
import sys
from pathlib import Path


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def ipv4(src, dst, proto, payload, flags_fragment=0):
    header = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), 1, flags_fragment, 64,
                         proto, 0, ipaddress.IPv4Address(src).packed,
                         ipaddress.IPv4Address(dst).packed)
    header = header[:10] + struct.pack("!H", checksum(header)) + header[12:]
    return header + payload


def ipv6(src, dst, next_header, payload):
    return struct.pack("!IHBB16s16s", 6 << 28, len(payload), next_header, 64,
                       ipaddress.IPv6Address(src).packed, ipaddress.IPv6Address(dst).packed) + payload


def udp(sport, dport, payload):
    return struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload


def tcp(sport, dport, payload):
    return struct.pack("!HHIIBBHHH", sport, dport, 1, 0, 5 << 4, 0x18, 65535, 0, 0) + payload


def ethernet(ethertype, packet, vlan=None):
    head = b"\x02\0\0\0\0\x01" + b"\x02\0\0\0\0\x02"
    if vlan is not None:
        head += struct.pack("!HH", 0x8100, vlan)
    frame = head + struct.pack("!H", ethertype) + packet
    return frame + b"\0" * max(0, 60 - len(frame))  # Ethernet's minimum frame: padding


def sll(ethertype, packet):
    return struct.pack("!HHH8sH", 0, 1, 6, b"\x02\0\0\0\0\x01\0\0", ethertype) + packet


def pcap(records, link_type, order="<", nano=False):
    magic = 0xA1B23C4D if nano else 0xA1B2C3D4
    out = struct.pack(order + "IHHiIII", magic, 2, 4, 0, 0, 262144, link_type)
    for seconds, fraction, data, original in records:
        out += struct.pack(order + "IIII", seconds, fraction, len(data), original) + data
    return out


T0 = 1_700_000_000


def ethernet_capture():
    """Three UDP datagrams (IPv4, IPv4 in a VLAN, IPv6), 50 ms apart, among
    a TCP segment, an IPv4 fragment and a record cut by the snapshot length."""
    one = ethernet(0x0800, ipv4("192.0.2.1", "192.0.2.9", 17, udp(5000, 9, b"one")))
    two = ethernet(0x0800, ipv4("192.0.2.2", "192.0.2.9", 17, udp(6000, 9, b"two")), vlan=7)
    three = ethernet(0x86DD, ipv6("2001:db8::1", "2001:db8::9", 17, udp(7000, 9, b"three")))
    segment = ethernet(0x0800, ipv4("192.0.2.1", "192.0.2.9", 6, tcp(5000, 80, b"GET /")))
    fragment = ethernet(0x0800, ipv4("192.0.2.1", "192.0.2.9", 17, udp(5000, 9, b"piece"),
                                     flags_fragment=0x2000))
    cut = ethernet(0x0800, ipv4("192.0.2.1", "192.0.2.9", 17, udp(5000, 9, b"x" * 100)))
    return pcap([(T0, 0, one, len(one)),
                 (T0, 10_000, segment, len(segment)),
                 (T0, 50_000, two, len(two)),
                 (T0, 60_000, fragment, len(fragment)),
                 (T0, 70_000, cut[:60], len(cut)),
                 (T0, 100_000, three, len(three))], 1)


def raw_big_endian_nano():
    """LINKTYPE_RAW, big-endian, nanosecond times: two datagrams 20 ms apart."""
    a = ipv4("198.51.100.1", "198.51.100.9", 17, udp(4000, 9, b"raw-a"))
    b = ipv6("2001:db8::5", "2001:db8::9", 17, udp(4001, 9, b"raw-b"))
    return pcap([(T0, 999_000_000, a, len(a)), (T0 + 1, 19_000_000, b, len(b))], 101, ">", True)


def linux_cooked():
    """LINKTYPE_LINUX_SLL (tcpdump -i any): one datagram."""
    a = sll(0x0800, ipv4("203.0.113.1", "203.0.113.9", 17, udp(3000, 9, b"cooked")))
    return pcap([(T0, 0, a, len(a))], 113)


def main():
    out = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    out.mkdir(parents=True, exist_ok=True)
    (out / "ethernet.pcap").write_bytes(ethernet_capture())
    (out / "raw_be_nano.pcap").write_bytes(raw_big_endian_nano())
    (out / "linux_sll.pcap").write_bytes(linux_cooked())


if __name__ == "__main__":
    main()
