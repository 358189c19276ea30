#include "common/records/output_format.hpp"

#include <fmt/format.h>

#include "common/records/hex_record.hpp"
#include "common/records/json_record.hpp"
#include "common/records/text_record.hpp"

namespace dgram {

Result<OutputFormat> parse_output_format(std::string_view text) {
  if (text == "text") return OutputFormat::text;
  if (text == "hex") return OutputFormat::hex;
  if (text == "json") return OutputFormat::json;
  if (text == "raw") return OutputFormat::raw;
  return usage_error(
      fmt::format("invalid format '{}' for --format: use text, hex, json or raw", text));
}

void append_record_stamp(std::string& out, WallClock::time_point time, const RecordStyle& style) {
  if (style.timestamps &&
      (style.format == OutputFormat::text || style.format == OutputFormat::hex)) {
    append_timestamp(out, time);
    out += ' ';
  }
}

void append_record(std::string& out, const Record& record, const RecordStyle& style) {
  append_record_stamp(out, record.time, style);
  switch (style.format) {
    case OutputFormat::text:
      append_text_record(out, record.from, record.shown, record.size, record.note);
      return;
    case OutputFormat::hex:
      append_hex_record(out, record.from, record.shown, record.size, record.note);
      return;
    case OutputFormat::json:
      append_json_record(out, record);
      return;
    case OutputFormat::raw:
      out.append(reinterpret_cast<const char*>(record.shown.data()), record.shown.size());
      return;
  }
}

}  // namespace dgram
