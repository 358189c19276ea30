// The capture readers of `send --replay` (common/send/replay_*.cpp) on
// files built byte by byte here: each link type and IP version, the
// packets that are skipped and why, times in every resolution, pcapng in
// both byte orders, and `listen -f json` records.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/send/replay_capture.hpp"
#include "common/send/replay_json_value.hpp"

namespace dgram {
namespace {

using Bytes = std::string;

Bytes u16be(unsigned v) { return {static_cast<char>(v >> 8), static_cast<char>(v)}; }
Bytes u32(std::uint32_t v, bool big) {
  Bytes b(4, '\0');
  for (std::size_t i = 0; i < 4; ++i) b[big ? 3 - i : i] = static_cast<char>(v >> (8 * i));
  return b;
}

Bytes udp(unsigned from_port, const Bytes& payload) {
  return u16be(from_port) + u16be(9) + u16be(8 + static_cast<unsigned>(payload.size())) + u16be(0) +
         payload;
}
Bytes ipv4(const Bytes& segment, unsigned protocol = 17, unsigned fragment = 0) {
  return Bytes("\x45\x00", 2) + u16be(20 + static_cast<unsigned>(segment.size())) + u16be(1) +
         u16be(fragment) + static_cast<char>(64) + static_cast<char>(protocol) + u16be(0) +
         Bytes("\xc0\x00\x02\x01\xc0\x00\x02\x09", 8) + segment;
}
// 2001:db8::1 to 2001:db8::9, with a hop-by-hop options header first.
Bytes ipv6_hop_by_hop(const Bytes& segment) {
  const Bytes options = Bytes(1, '\x11') + Bytes(7, '\0');  // next: UDP, 8 bytes
  Bytes address(16, '\0');
  address[0] = '\x20', address[1] = '\x0d', address[2] = '\xb8';
  Bytes to = address;
  address[15] = 1, to[15] = 9;
  return Bytes("\x60\0\0\0", 4) + u16be(static_cast<unsigned>(options.size() + segment.size())) +
         Bytes(1, '\0') + Bytes(1, '\x40') + address + to + options + segment;
}

Bytes pcap(std::uint32_t link, const std::vector<Bytes>& frames, bool big = false,
           bool nano = false, std::uint32_t cut_last_original = 0) {
  Bytes out = u32(nano ? 0xa1b23c4d : 0xa1b2c3d4, big) +
              (big ? Bytes("\0\x02\0\x04", 4) : Bytes("\x02\0\x04\0", 4)) + u32(0, big) +
              u32(0, big) + u32(262144, big) + u32(link, big);
  std::uint32_t fraction = 0;
  for (std::size_t i = 0; i < frames.size(); ++i) {
    const auto size = static_cast<std::uint32_t>(frames[i].size());
    const bool cut = cut_last_original > 0 && i + 1 == frames.size();
    out += u32(100, big) + u32(fraction, big) + u32(size, big) +
           u32(cut ? cut_last_original : size, big) + frames[i];
    fraction += 250;
  }
  return out;
}

Result<Capture> read(const Bytes& file) {
  return read_capture(std::as_bytes(std::span(file.data(), file.size())), "test");
}

std::string payload_text(const Capture& capture, std::size_t i) {
  const auto bytes = capture.payload(capture.datagrams.at(i));
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

TEST(ReplayReader, EthernetWithVlanTagsAndPaddingKeepsTheUdpLength) {
  const Bytes macs(12, '\x02');
  const Bytes plain = macs + u16be(0x0800) + ipv4(udp(5000, "hi")) + Bytes(20, '\0');  // padded
  const Bytes tagged = macs + u16be(0x88a8) + u16be(1) + u16be(0x8100) + u16be(2) + u16be(0x0800) +
                       ipv4(udp(5001, "tagged"));
  auto capture = read(pcap(1, {plain, tagged}));
  ASSERT_TRUE(capture) << capture.error().message;
  EXPECT_EQ(capture->format, "pcap");
  ASSERT_EQ(capture->datagrams.size(), 2u);
  EXPECT_EQ(payload_text(*capture, 0), "hi");
  EXPECT_EQ(payload_text(*capture, 1), "tagged");
  EXPECT_EQ(capture->datagrams[1].from.port, 5001);
  EXPECT_EQ(capture->datagrams[1].from.address[0], 192);
  EXPECT_EQ(capture->datagrams[1].time - capture->datagrams[0].time,
            std::chrono::microseconds(250));
}

TEST(ReplayReader, BigEndianNanosecondRawIpv6WithAnExtensionHeader) {
  auto capture = read(pcap(101, {ipv6_hop_by_hop(udp(7000, "six")), ipv4(udp(1, "four"))},
                           /*big=*/true, /*nano=*/true));
  ASSERT_TRUE(capture) << capture.error().message;
  ASSERT_EQ(capture->datagrams.size(), 2u);
  EXPECT_EQ(payload_text(*capture, 0), "six");
  EXPECT_EQ(capture->datagrams[0].from.family, net::Family::ipv6);
  EXPECT_EQ(capture->datagrams[0].from.port, 7000);
  EXPECT_EQ(capture->datagrams[1].time - capture->datagrams[0].time, std::chrono::nanoseconds(250));
}

TEST(ReplayReader, CookedAndLoopbackLinkTypes) {
  const Bytes sll = u16be(0) + u16be(1) + u16be(6) + Bytes(8, '\x02') + u16be(0x0800);
  const Bytes sll2 =
      u16be(0x86dd) + u16be(0) + Bytes(4, '\0') + u16be(1) + Bytes(2, '\0') + Bytes(8, '\0');
  const Bytes null_family = u32(2, false);
  for (const auto& [link, frame] : {std::pair{113u, sll + ipv4(udp(1, "x"))},
                                    {276u, sll2 + ipv6_hop_by_hop(udp(1, "x"))},
                                    {0u, null_family + ipv4(udp(1, "x"))},
                                    {108u, u32(24, true) + ipv6_hop_by_hop(udp(1, "x"))}}) {
    SCOPED_TRACE(link);
    auto capture = read(pcap(link, {frame}));
    ASSERT_TRUE(capture) << capture.error().message;
    ASSERT_EQ(capture->datagrams.size(), 1u);
    EXPECT_EQ(payload_text(*capture, 0), "x");
  }
}

TEST(ReplayReader, OtherProtocolsFragmentsAndCutPacketsAreCountedNotKept) {
  const Bytes whole = ipv4(udp(1, "whole"));
  auto capture =
      read(pcap(101,
                {ipv4(udp(1, "tcp"), 6), ipv4(udp(1, "piece"), 17, 0x2000),
                 ipv4(udp(1, "later piece"), 17, 0x0010), whole.substr(0, 25), whole, whole},
                false, false, /*cut_last_original=*/500));
  ASSERT_TRUE(capture) << capture.error().message;
  ASSERT_EQ(capture->datagrams.size(), 1u);
  EXPECT_EQ(payload_text(*capture, 0), "whole");
  EXPECT_EQ(capture->skipped.not_udp, 1u);
  EXPECT_EQ(capture->skipped.fragments, 2u);
  EXPECT_EQ(capture->skipped.truncated, 2u);  // headers past the bytes; incl_len < orig_len
}

TEST(ReplayReader, BadFilesAreUsageErrorsNamingTheFile) {
  const std::vector<Bytes> bad = {
      "", "plain text\n", pcap(1, {}).substr(0, 20), pcap(147, {}),
      pcap(1, {}) + u32(0, false) + u32(0, false) + u32(1 << 30, false) + u32(1, false)};
  for (const Bytes& file : bad) {
    auto capture = read(file);
    ASSERT_FALSE(capture);
    EXPECT_EQ(capture.error().kind, ErrorKind::usage);
    EXPECT_NE(capture.error().message.find("test"), std::string::npos) << capture.error().message;
  }
}

Bytes block(std::uint32_t type, const Bytes& body, bool big) {
  Bytes padded = body + Bytes((4 - body.size() % 4) % 4, '\0');
  const auto length = static_cast<std::uint32_t>(padded.size() + 12);
  return u32(type, big) + u32(length, big) + padded + u32(length, big);
}

TEST(ReplayReader, PcapngInBothByteOrdersWithItsTimeResolution) {
  for (const bool big : {false, true}) {
    SCOPED_TRACE(big);
    const Bytes section = block(0x0a0d0d0a, u32(0x1a2b3c4d, big) + Bytes(12, '\0'), big);
    // LINKTYPE_RAW, if_tsresol 9 (nanoseconds), end of options.
    const Bytes resolution = (big ? u16be(9) + u16be(1) : Bytes("\x09\0\x01\0", 4)) +
                             Bytes("\x09\0\0\0", 4) + Bytes(4, '\0');
    const Bytes interface = block(
        1, (big ? u16be(101) : Bytes("\x65\0", 2)) + Bytes(2, '\0') + u32(0, big) + resolution,
        big);
    auto packet = [&](std::uint32_t low, const Bytes& data) {
      const auto size = static_cast<std::uint32_t>(data.size());
      return block(
          6, u32(0, big) + u32(0, big) + u32(low, big) + u32(size, big) + u32(size, big) + data,
          big);
    };
    auto capture = read(section + interface + packet(1'000, ipv4(udp(1, "a"))) +
                        block(5, "stats", big) + packet(2'500, ipv4(udp(1, "b"))));
    ASSERT_TRUE(capture) << capture.error().message;
    EXPECT_EQ(capture->format, "pcapng");
    ASSERT_EQ(capture->datagrams.size(), 2u);
    EXPECT_EQ(payload_text(*capture, 1), "b");
    EXPECT_EQ(capture->datagrams[1].time - capture->datagrams[0].time,
              std::chrono::nanoseconds(1'500));
  }
}

TEST(ReplayReader, ListenJsonRecords) {
  const Bytes records =
      R"({"time":"2026-11-23T10:00:00.123456Z","from":"127.0.0.1","port":53000,"size":8,"truncated":false,"text":"h\u00e9\ud83d\ude00\n"})"
      "\n\n"
      R"({"time":"2026-11-23T10:00:01.000000Z","from":"::1","port":1,"size":4,"truncated":false,"base64":"/wBhYg==","exec":{"exit":0,"out":[1,2]}})"
      "\n"
      R"({"time":"2026-11-23T10:00:02Z","from":"fe80::1%nosuchif9","port":2,"size":9,"truncated":true,"text":"cut"})"
      "\n"
      R"({"event":"quiet","sender":"::1"})"
      "\n";
  auto capture = read(records);
  ASSERT_TRUE(capture) << capture.error().message;
  EXPECT_EQ(capture->format, "json");
  ASSERT_EQ(capture->datagrams.size(), 2u);
  EXPECT_EQ(payload_text(*capture, 0), "h\xc3\xa9\xf0\x9f\x98\x80\n");
  EXPECT_EQ(payload_text(*capture, 1), std::string("\xff\0ab", 4));
  EXPECT_EQ(capture->datagrams[0].from.port, 53000);
  EXPECT_EQ(capture->datagrams[1].time - capture->datagrams[0].time,
            std::chrono::microseconds(876'544));
  EXPECT_EQ(capture->skipped.truncated, 1u);
  EXPECT_EQ(capture->skipped.not_udp, 1u);
}

TEST(ReplayReader, Base64) {
  auto decoded = [](std::string_view text) {
    auto bytes = decode_base64(text);
    return bytes ? std::string(reinterpret_cast<const char*>(bytes->data()), bytes->size())
                 : std::string("<invalid>");
  };
  EXPECT_EQ(decoded(""), "");
  EXPECT_EQ(decoded("YQ=="), "a");
  EXPECT_EQ(decoded("YWI="), "ab");
  EXPECT_EQ(decoded("YWJj"), "abc");
  for (const char* bad : {"YQ", "Y===", "YQ=a", "*abc", "YQ==YQ=="}) {
    EXPECT_EQ(decoded(bad), "<invalid>") << bad;
  }
}

}  // namespace
}  // namespace dgram
