#include "common/parse.hpp"

#include <charconv>
#include <cmath>
#include <limits>

#include <fmt/format.h>

namespace dgram {
namespace {

bool all_digits(std::string_view text) {
  return !text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos;
}

// Whole decimal digits only: no sign, no spaces, no trailing junk.
bool parse_digits(std::string_view text, std::uint64_t& value) {
  if (!all_digits(text)) return false;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc() && end == text.data() + text.size();
}

}  // namespace

Result<std::uint16_t> parse_port(std::string_view text, bool allow_zero) {
  const std::uint64_t lowest = allow_zero ? 0 : 1;
  std::uint64_t value = 0;
  if (!parse_digits(text, value) || value < lowest || value > 65535) {
    return usage_error(
        fmt::format("invalid port '{}': use a number from {} to 65535", text, lowest));
  }
  return static_cast<std::uint16_t>(value);
}

Result<std::chrono::milliseconds> parse_duration(std::string_view text, std::string_view option) {
  auto bad = [&] {
    return usage_error(fmt::format(
        "invalid duration '{}' for {}: use a positive number with an optional unit ms, s or m "
        "(500ms, 2s, 1.5)",
        text, option));
  };
  std::string_view number = text;
  double scale = 1000.0;  // a bare number is seconds
  if (number.ends_with("ms")) {
    number.remove_suffix(2);
    scale = 1.0;
  } else if (number.ends_with('s')) {
    number.remove_suffix(1);
  } else if (number.ends_with('m')) {
    number.remove_suffix(1);
    scale = 60'000.0;
  }
  // from_chars for double would accept "inf", "nan" and exponents; a duration
  // is digits with at most one decimal point.
  if (number.empty() || number.find_first_not_of("0123456789.") != std::string_view::npos ||
      number.find('.') != number.rfind('.') || number == ".") {
    return bad();
  }
  double value = 0;
  const auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), value);
  if (error != std::errc() || end != number.data() + number.size()) return bad();
  const double millis = std::ceil(value * scale);
  // Over a year is surely a typo; it would also overflow some OS wait calls.
  if (millis <= 0 || millis > 366.0 * 24 * 3600 * 1000) return bad();
  return std::chrono::milliseconds(static_cast<std::int64_t>(millis));
}

Result<std::uint64_t> parse_positive(std::string_view text, std::string_view option) {
  std::uint64_t value = 0;
  if (!parse_digits(text, value) || value == 0) {
    return usage_error(
        fmt::format("invalid value '{}' for {}: use a positive whole number", text, option));
  }
  return value;
}

std::string strip_brackets(std::string_view host) {
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host.remove_prefix(1);
    host.remove_suffix(1);
  }
  return std::string(host);
}

}  // namespace dgram
