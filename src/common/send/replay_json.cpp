// `dgram listen -f json` records as a capture: one object a line with
// "time" (ISO-8601 UTC, microseconds), "from", "port", "size",
// "truncated" and the payload in "text" or "base64". Other fields ("exec",
// ...) are passed over; a line that is not an object is an error.
#include <chrono>
#include <optional>
#include <string>

#include <fmt/format.h>

#include "common/send/replay_capture.hpp"
#include "common/send/replay_json_value.hpp"

namespace dgram {
namespace {

// "2026-11-23T10:00:00.123456Z": nanoseconds since the Unix epoch.
std::optional<std::chrono::nanoseconds> parse_time(std::string_view text) {
  auto number = [&](std::size_t at, std::size_t digits) -> std::optional<int> {
    if (at + digits > text.size()) return std::nullopt;
    int value = 0;
    for (std::size_t i = at; i < at + digits; ++i) {
      if (text[i] < '0' || text[i] > '9') return std::nullopt;
      value = value * 10 + (text[i] - '0');
    }
    return value;
  };
  const auto year = number(0, 4), month = number(5, 2), day = number(8, 2);
  const auto hour = number(11, 2), minute = number(14, 2), second = number(17, 2);
  if (!year || !month || !day || !hour || !minute || !second || text.size() < 20 ||
      text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' || text[16] != ':') {
    return std::nullopt;
  }
  const std::chrono::year_month_day date{std::chrono::year(*year),
                                         std::chrono::month(static_cast<unsigned>(*month)),
                                         std::chrono::day(static_cast<unsigned>(*day))};
  if (!date.ok()) return std::nullopt;
  std::int64_t fraction = 0;
  std::size_t at = 19;
  if (text[at] == '.') {
    std::int64_t scale = 100'000'000;
    for (++at; at < text.size() && text[at] >= '0' && text[at] <= '9'; ++at) {
      fraction += (text[at] - '0') * scale;
      scale /= 10;
    }
  }
  if (at + 1 != text.size() || text[at] != 'Z') return std::nullopt;
  return std::chrono::sys_days(date).time_since_epoch() + std::chrono::hours(*hour) +
         std::chrono::minutes(*minute) + std::chrono::seconds(*second) +
         std::chrono::nanoseconds(fraction);
}

// What a line's record says, or why it is not one.
struct JsonRecord {
  std::optional<std::string> time, from, text, base64;
  std::optional<std::uint64_t> port, size;
  bool truncated = false;
};

}  // namespace

Result<Capture> read_json_records(std::span<const std::byte> file, std::string_view name) {
  const std::string_view all(reinterpret_cast<const char*>(file.data()), file.size());
  Capture capture;
  capture.format = "json";
  std::size_t line_number = 0;
  for (std::size_t start = 0; start < all.size();) {
    const std::size_t end = std::min(all.find('\n', start), all.size());
    const std::string_view line = all.substr(start, end - start);
    start = end + 1;
    ++line_number;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    auto bad = [&](std::string_view why) {
      return usage_error(fmt::format(
          "{}: line {} {}; replay takes the records of 'dgram listen -f json' (nothing was sent)",
          name, line_number, why));
    };
    JsonRecord record;
    auto parsed = for_each_json_field(line, [&](std::string_view key, const JsonValue& value) {
      if (key == "time") record.time = value.string;
      if (key == "from") record.from = value.string;
      if (key == "text") record.text = value.string;
      if (key == "base64") record.base64 = value.string;
      if (key == "port") record.port = value.number;
      if (key == "size") record.size = value.number;
      if (key == "truncated") record.truncated = value.boolean.value_or(false);
    });
    if (!parsed) return bad(fmt::format("is not a JSON object ({})", parsed.error().message));
    if (!record.text && !record.base64) {
      ++capture.skipped.not_udp;  // an object of another kind: no datagram in it
      continue;
    }
    if (record.truncated) {
      ++capture.skipped.truncated;
      continue;
    }
    if (!record.time) return bad("has no \"time\"");
    const auto time = parse_time(*record.time);
    if (!time)
      return bad(fmt::format("has a \"time\" that is not ISO-8601 UTC: '{}'", *record.time));
    auto from = record.from ? net::parse_address(*record.from) : std::nullopt;
    if (!from && record.from) {
      // A scope names an interface of the capturing host, perhaps not this one's.
      from = net::parse_address(record.from->substr(0, record.from->find('%')));
    }
    if (!from) return bad("has no sender address in \"from\"");
    if (!record.port || *record.port > 65535) return bad("has no sender port in \"port\"");
    from->port = static_cast<std::uint16_t>(*record.port);
    std::vector<std::byte> payload;
    if (record.text) {
      const auto* bytes = reinterpret_cast<const std::byte*>(record.text->data());
      payload.assign(bytes, bytes + record.text->size());
    } else if (auto decoded = decode_base64(*record.base64)) {
      payload = std::move(*decoded);
    } else {
      return bad("has a \"base64\" that is not base64");
    }
    if (record.size && *record.size != payload.size()) {
      return bad(fmt::format("says \"size\":{} but holds {} bytes", *record.size, payload.size()));
    }
    capture.add(*time, *from, payload);
  }
  return capture;
}

}  // namespace dgram
