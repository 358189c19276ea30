#include "common/parse.hpp"

#include <charconv>
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

// Over a year is surely a typo; it would also overflow some OS wait calls.
// Said in the largest unit dgram takes (m).
constexpr std::uint64_t longest_ns = 366ull * 24 * 3600 * 1'000'000'000;
constexpr std::string_view over_a_year = "that is over a year; use at most 527040m (366 days)";

// `examples`: values the caller accepts, so the advice never offers one it
// would refuse.
Result<std::chrono::nanoseconds> parse_duration_as(std::string_view text, std::string_view option,
                                                   std::string_view examples) {
  auto bad = [&](std::string_view why) {
    return usage_error(fmt::format("invalid duration '{}' for {}: {}", text, option, why));
  };
  const std::string expected =
      fmt::format("use a positive number with an optional unit ms, s or m ({})", examples);
  // One unit is `mantissa` times 10 to the `exponent` nanoseconds.
  std::string_view number = text;
  std::uint64_t mantissa = 1;
  int exponent = 9;  // a bare number is seconds
  if (number.ends_with("ms")) {
    number.remove_suffix(2);
    exponent = 6;
  } else if (number.ends_with('s')) {
    number.remove_suffix(1);
  } else if (number.ends_with('m')) {
    number.remove_suffix(1);
    mantissa = 6;
    exponent = 10;
  }
  // Digits with at most one decimal point, computed exactly in whole
  // nanoseconds: no floating point, so nothing is rounded behind the user's
  // back ("inf", "nan" and exponents are not durations either).
  const std::size_t point = number.find('.');
  const std::string_view whole = number.substr(0, point);
  std::string_view fraction =
      point == std::string_view::npos ? std::string_view() : number.substr(point + 1);
  if ((whole.empty() && fraction.empty()) || (!whole.empty() && !all_digits(whole)) ||
      (!fraction.empty() && !all_digits(fraction))) {
    return bad(expected);
  }
  while (fraction.ends_with('0')) fraction.remove_suffix(1);
  std::uint64_t unit = mantissa;
  for (int i = 0; i < exponent; ++i) unit *= 10;
  std::uint64_t units = 0;
  if (!whole.empty() &&
      (whole.size() > 18 || !parse_digits(whole, units) || units > longest_ns / unit)) {
    return bad(over_a_year);
  }
  // The fraction's nanoseconds: digits / 10^k units, exact or refused.
  const auto digits = static_cast<int>(fraction.size());
  std::uint64_t fraction_value = 0;
  if (!fraction.empty() && (digits > exponent + 1 || !parse_digits(fraction, fraction_value))) {
    return bad("that is finer than 1 ns, the finest step dgram can keep");
  }
  std::uint64_t fraction_ns = fraction_value * mantissa;
  if (digits <= exponent) {
    for (int i = digits; i < exponent; ++i) fraction_ns *= 10;
  } else if (fraction_ns % 10 != 0) {  // one digit past the unit's nanoseconds
    return bad("that is finer than 1 ns, the finest step dgram can keep");
  } else {
    fraction_ns /= 10;
  }
  const std::uint64_t total = units * unit + fraction_ns;
  if (total == 0) return bad(expected);
  if (total > longest_ns) return bad(over_a_year);
  return std::chrono::nanoseconds(static_cast<std::int64_t>(total));
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

Result<std::chrono::nanoseconds> parse_duration(std::string_view text, std::string_view option) {
  return parse_duration_as(text, option, "500ms, 2s, 1.5, 0.25ms");
}

Result<std::chrono::milliseconds> parse_timeout(std::string_view text, std::string_view option) {
  auto duration = parse_duration_as(text, option, "500ms, 2s, 1.5, 1ms");
  if (!duration) return duration.take_error();
  using std::chrono::milliseconds;
  const auto whole = std::chrono::floor<milliseconds>(*duration);
  if (whole == *duration) return whole;
  if (whole.count() == 0) {
    return usage_error(fmt::format(
        "invalid duration '{}' for {}: a timeout counts whole milliseconds; use 1ms or more", text,
        option));
  }
  return usage_error(fmt::format(
      "invalid duration '{}' for {}: a timeout counts whole milliseconds; use {}ms or {}ms", text,
      option, whole.count(), whole.count() + 1));
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
