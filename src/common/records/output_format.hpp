// The output formats of `listen` and `send --reply`: one
// datagram is always exactly one record.
#pragma once

#include <array>
#include <cstddef>
#include <span>
#include <string>
#include <string_view>

#include "common/net.hpp"
#include "common/records/timestamp.hpp"
#include "common/result.hpp"

namespace dgram {

enum class OutputFormat { text, hex, json, raw };

// What -f/--format accepts, for shell completion (a test parses each).
inline constexpr std::array<std::string_view, 4> output_format_names = {"text", "hex", "json",
                                                                        "raw"};

Result<OutputFormat> parse_output_format(std::string_view text);

struct RecordStyle {
  OutputFormat format = OutputFormat::text;
  bool timestamps = false;  // text and hex: prefix the record with the time
};

// One received datagram as a record needs it.
struct Record {
  net::Endpoint from;                // as shown: IPv4 senders unmapped
  std::span<const std::byte> shown;  // the part within --max-size
  std::size_t size = 0;              // the datagram's true size
  WallClock::time_point time;
  // listen --exec: what the datagram's handler did. `note` (text and hex) is
  // a marker where it failed ("exit 1"), empty where it did not; `json` is
  // the record's extra fields, each with its leading comma.
  std::string_view note;
  std::string_view json;
};

void append_record(std::string& out, const Record& record, const RecordStyle& style);
// The time a text or hex record starts with under --timestamps, and a space;
// nothing otherwise.
void append_record_stamp(std::string& out, WallClock::time_point time, const RecordStyle& style);

}  // namespace dgram
