#include "common/records/summary_json.hpp"

#include <span>

#include <fmt/format.h>

#include "common/records/escape.hpp"

namespace dgram {

Result<SummaryFormat> parse_summary_format(std::string_view text) {
  if (text == "text") return SummaryFormat::text;
  if (text == "json") return SummaryFormat::json;
  return usage_error(fmt::format("invalid --summary '{}': use text or json", text));
}

void JsonLine::key(std::string_view name) {
  if (out_.size() > 1) out_ += ',';
  out_ += '"';
  out_ += name;
  out_ += "\":";
}

JsonLine& JsonLine::number(std::string_view name, std::uint64_t value) {
  key(name);
  fmt::format_to(std::back_inserter(out_), "{}", value);
  return *this;
}

JsonLine& JsonLine::decimal(std::string_view name, double value, int decimals) {
  key(name);
  fmt::format_to(std::back_inserter(out_), "{:.{}f}", value, decimals);
  return *this;
}

JsonLine& JsonLine::boolean(std::string_view name, bool value) {
  key(name);
  out_ += value ? "true" : "false";
  return *this;
}

JsonLine& JsonLine::text(std::string_view name, std::string_view value) {
  key(name);
  out_ += '"';
  const auto bytes = std::as_bytes(std::span(value.data(), value.size()));
  if (!append_json_text(out_, bytes)) {
    // Not UTF-8 (an interface name can be any bytes): escaped as text
    // records are, which leaves ASCII and valid UTF-8.
    std::string escaped;
    append_escaped(escaped, bytes);
    append_json_text(out_, std::as_bytes(std::span(escaped.data(), escaped.size())));
  }
  out_ += '"';
  return *this;
}

JsonLine& JsonLine::null(std::string_view name) {
  key(name);
  out_ += "null";
  return *this;
}

JsonLine& JsonLine::raw(std::string_view name, std::string_view json) {
  key(name);
  out_ += json;
  return *this;
}

std::string JsonLine::object() && {
  out_ += '}';
  return std::move(out_);
}

std::string JsonLine::finish() && {
  out_ += "}\n";
  return std::move(out_);
}

std::string_view exit_reason(const Status& outcome, std::string_view success) {
  if (outcome) return success;
  switch (outcome.error().kind) {
    case ErrorKind::timed_out:
      return "timeout";
    case ErrorKind::interrupted:
      return "interrupted";
    case ErrorKind::output_closed:
      return "output_closed";
    case ErrorKind::usage:
      return "usage";
    default:
      return "error";
  }
}

void add_exit_fields(JsonLine& line, const Status& outcome, std::string_view success) {
  line.text("exit_reason", exit_reason(outcome, success));
  line.number("exit_code", static_cast<std::uint64_t>(
                               outcome ? exit_success : exit_code_for(outcome.error().kind)));
  // As report() has it: an interrupt or a reader that left is no error.
  if (!outcome && outcome.error().kind != ErrorKind::interrupted &&
      outcome.error().kind != ErrorKind::output_closed) {
    line.text("error", outcome.error().message);
  }
}

}  // namespace dgram
