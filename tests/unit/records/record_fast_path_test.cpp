// The fast paths of the records (plain runs appended whole, 8 bytes tested
// at once, the hex dump written in place, its whole lines with the CPU's
// byte shuffles where it has them and byte by byte everywhere, endpoints and the JSON record's
// head remembered from one record to the next) write exactly the bytes of
// the careful byte-at-a-time reference (record_reference.hpp), for random
// payloads of lengths from 0 to 65,535.
#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "common/records/base64.hpp"
#include "common/records/escape.hpp"
#include "common/records/hex_record.hpp"
#include "common/records/output_format.hpp"
#include "record_reference.hpp"

namespace dgram {
namespace {

using Bytes = std::vector<std::uint8_t>;

// Pieces a payload is made of, biased to what the escapes care about: the
// bytes that end a plain run, valid UTF-8 (including the code points that
// must be escaped) and, unless `utf8_only`, bytes that are not UTF-8.
class PayloadMaker {
 public:
  explicit PayloadMaker(std::uint32_t seed) : random_(seed) {}

  Bytes make(std::size_t length, bool utf8_only) {
    Bytes payload;
    while (payload.size() < length) {
      append_piece(payload, utf8_only);
    }
    // A cut sequence at the end is not UTF-8: only where that is wanted.
    payload.resize(length);
    if (utf8_only) trim_to_utf8(payload);
    return payload;
  }

 private:
  std::size_t below(std::size_t bound) {
    return std::uniform_int_distribution<std::size_t>(0, bound - 1)(random_);
  }

  void append_piece(Bytes& out, bool utf8_only) {
    static const std::array<std::string_view, 16> specials = {
        "\n",
        "\r",
        "\t",
        "\\",
        "\"",
        "[",
        std::string_view("\0", 1),
        "\x1b[31m",
        "\x7f",
        "\x01",
        "\xc2\x85",           // U+0085, a C1 control
        "\xe2\x80\xae",       // U+202E, right-to-left override
        "\xe2\x80\xa8",       // U+2028, line separator
        "\xd8\x9c",           // U+061C, arabic letter mark
        "\xe2\x81\xa6",       // U+2066, left-to-right isolate
        "\xf0\x9f\x98\x80"};  // U+1F600
    static const std::array<std::string_view, 5> text = {
        "Gr\xc3\xbc\xc3\x9f"
        "e",
        "\xe2\x9c\x93", "\xe6\x97\xa5\xe6\x9c\xac", "\xc3\xa9", "\xef\xbf\xbd"};
    const std::size_t kind = below(utf8_only ? 8 : 10);
    if (kind < 4) {  // a run of printable ASCII, often longer than 8
      const std::size_t run = below(kind == 0 ? 40 : 12) + 1;
      for (std::size_t i = 0; i < run; ++i)
        out.push_back(static_cast<std::uint8_t>(0x20 + below(95)));
    } else if (kind < 6) {
      add(out, specials[below(specials.size())]);
    } else if (kind < 8) {
      add(out, text[below(text.size())]);
    } else if (kind == 8) {  // any byte at all
      out.push_back(static_cast<std::uint8_t>(below(256)));
    } else {  // a sequence gone wrong: lone continuation, overlong, surrogate, cut
      static const std::array<std::string_view, 6> broken = {
          "\x80", "\xc0\x80", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xe2\x9c", "\xff"};
      add(out, broken[below(broken.size())]);
    }
  }

  static void add(Bytes& out, std::string_view piece) {
    out.insert(out.end(), piece.begin(), piece.end());
  }

  // Drops a sequence that resize() cut short.
  static void trim_to_utf8(Bytes& payload) {
    while (!is_valid_utf8(std::as_bytes(std::span(payload)))) payload.pop_back();
  }

  std::mt19937 random_;
};

std::span<const std::byte> bytes_of(const Bytes& payload) {
  return std::as_bytes(std::span(payload));
}

// All of 0..300, then random lengths up to 65,535 and the edges around
// powers of two, the block sizes of the fast paths and the datagram limits.
std::vector<std::size_t> lengths() {
  std::vector<std::size_t> result;
  for (std::size_t length = 0; length <= 300; ++length) result.push_back(length);
  for (const int edge : {511, 512, 513, 1023, 1024, 1025, 1400, 1472, 4095, 4096, 4097, 8191, 8192,
                         65507, 65527, 65534, 65535}) {
    result.push_back(static_cast<std::size_t>(edge));
  }
  std::mt19937 random(7);
  for (int i = 0; i < 60; ++i)
    result.push_back(std::uniform_int_distribution<std::size_t>(301, 65535)(random));
  return result;
}

// What `append` writes after what an output holds already.
std::string appended(void (*append)(std::string&, std::span<const std::byte>),
                     std::span<const std::byte> bytes) {
  std::string out = "prefix ";
  append(out, bytes);
  return out;
}

TEST(RecordFastPath, EscapesAndEncodingsMatchTheByteAtATimeReference) {
  PayloadMaker maker(1);
  for (const std::size_t length : lengths()) {
    for (const bool utf8_only : {false, true}) {
      const Bytes payload = maker.make(length, utf8_only);
      const auto bytes = bytes_of(payload);
      ASSERT_EQ(appended(append_escaped, bytes), appended(reference::append_escaped, bytes))
          << "append_escaped, length " << length;
      std::string fast = "{";
      std::string careful = "{";
      const bool fast_text = append_json_text(fast, bytes);
      ASSERT_EQ(fast_text, reference::append_json_text(careful, bytes)) << "length " << length;
      ASSERT_EQ(fast, careful) << "append_json_text, length " << length;
      ASSERT_EQ(appended(append_base64, bytes), appended(reference::append_base64, bytes))
          << "append_base64, length " << length;
      const std::string careful_dump = appended(reference::append_hex_dump, bytes);
      ASSERT_EQ(appended(append_hex_dump, bytes), careful_dump)
          << "append_hex_dump, length " << length;
      ASSERT_EQ(appended(append_hex_dump_byte_at_a_time, bytes), careful_dump)
          << "append_hex_dump_byte_at_a_time, length " << length;
    }
  }
}

net::Endpoint endpoint(net::Family family, std::array<std::uint8_t, 16> address, std::uint16_t port,
                       std::uint32_t scope = 0) {
  net::Endpoint result;
  result.family = family;
  result.address = address;
  result.port = port;
  result.scope_id = scope;
  return result;
}

// Whole records, one after another into one output as a listener writes
// them, so that what is remembered from the last record (the sender's
// text, the time, the JSON record's head) must change exactly when the
// sender or the time does: the same sender in runs, the same address with
// another port, the same port from another address, IPv4 and IPv6.
TEST(RecordFastPath, RecordsMatchTheReferenceInEveryFormat) {
  const std::array<net::Endpoint, 5> senders = {
      endpoint(net::Family::ipv4, {127, 0, 0, 1}, 53000),
      endpoint(net::Family::ipv4, {127, 0, 0, 1}, 53001),
      endpoint(net::Family::ipv4, {10, 1, 2, 3}, 53001),
      endpoint(net::Family::ipv6, {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, 53000),
      endpoint(net::Family::ipv6, {0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, 9, 1)};
  const std::array<std::string_view, 3> notes = {"", "exit 1", "timed out"};
  const std::array<std::string_view, 3> extras = {"", R"(,"exit":1)", R"(,"signal":9,"x":"]")"};
  PayloadMaker maker(2);
  std::mt19937 random(3);
  const auto below = [&](std::size_t bound) {
    return std::uniform_int_distribution<std::size_t>(0, bound - 1)(random);
  };
  auto time = WallClock::time_point(std::chrono::seconds(1'795'000'000));
  const Record blank;
  for (const OutputFormat format :
       {OutputFormat::text, OutputFormat::hex, OutputFormat::json, OutputFormat::raw}) {
    std::string fast;
    std::size_t sender = 0;
    for (const std::size_t length : lengths()) {
      const Bytes payload = maker.make(length, below(2) == 0);
      if (below(4) == 0) sender = below(senders.size());               // runs from one sender
      if (below(8) == 0) time += std::chrono::microseconds(below(3));  // the same micro often
      Record record = blank;
      record.from = senders[sender];
      record.time = time;
      // Truncated: a shown part under the true size (--max-size).
      const std::size_t shown = below(5) == 0 ? below(length + 1) : length;
      record.shown = bytes_of(payload).first(shown);
      record.size = shown < length ? length : shown;
      if (below(3) == 0) record.note = notes[below(notes.size())];
      if (below(3) == 0) record.json = extras[below(extras.size())];
      const RecordStyle style{format, below(2) == 0};
      const std::size_t start = fast.size();
      append_record(fast, record, style);
      ASSERT_EQ(fast.substr(start), reference::record(record, style))
          << "format " << static_cast<int>(format) << ", length " << length << ", shown " << shown
          << ", sender " << sender;
      if (fast.size() > (1u << 20)) fast.clear();
    }
  }
}

}  // namespace
}  // namespace dgram
