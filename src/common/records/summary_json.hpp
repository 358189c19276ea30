// --summary: the exit summary as text (the default) or as one JSON object on
// one stderr line, for scripts.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace dgram {

enum class SummaryFormat { text, json };
// What --summary takes, in the order of SummaryFormat (help, completion).
inline constexpr std::array<std::string_view, 2> summary_format_names = {"text", "json"};

Result<SummaryFormat> parse_summary_format(std::string_view text);

// One JSON object on one line, written field by field in the order given
// (like the json records: no document is built). Keys are dgram's own and
// need no escaping.
class JsonLine {
 public:
  JsonLine& number(std::string_view key, std::uint64_t value);
  // Fixed-point with `decimals` digits (finite values only).
  JsonLine& decimal(std::string_view key, double value, int decimals);
  JsonLine& boolean(std::string_view key, bool value);
  JsonLine& text(std::string_view key, std::string_view value);
  JsonLine& null(std::string_view key);
  // `json` as it is: an array or object made with JsonLine::object().
  JsonLine& raw(std::string_view key, std::string_view json);
  // The object alone, without a line ending (an element of an array).
  std::string object() &&;
  // The object and its line ending.
  std::string finish() &&;

 private:
  void key(std::string_view name);
  std::string out_ = "{";
};

// How the run ended, as "exit_reason": `success` when it succeeded ("count"
// for listen, "done" for send); otherwise "timeout", "interrupted",
// "output_closed" (the reader of stdout left: exit 0), "usage" or "error".
std::string_view exit_reason(const Status& outcome, std::string_view success);

// "exit_reason", "exit_code" (what dgram exits with) and, when dgram prints
// an error line for it, "error" with that line's message.
void add_exit_fields(JsonLine& line, const Status& outcome, std::string_view success);

}  // namespace dgram
