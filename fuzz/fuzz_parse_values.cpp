// The command-line value parsers (parse.hpp, parse_output_format): they never
// throw, every accepted value is in its documented range, and a value printed
// back parses to itself.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <string>
#include <string_view>

#include "common/parse.hpp"
#include "common/records/output_format.hpp"
#include "fuzz_check.hpp"

namespace {

bool is_decimal(std::string_view text) {
  return !text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos;
}

void check_ports(std::string_view text) {
  const auto port = dgram::parse_port(text, /*allow_zero=*/false);
  const auto port_or_zero = dgram::parse_port(text, /*allow_zero=*/true);
  if (port) {
    FUZZ_CHECK(*port >= 1);  // and <= 65535 by its type
    FUZZ_CHECK(is_decimal(text));
    const auto again = dgram::parse_port(std::to_string(*port), false);
    FUZZ_CHECK(again.ok() && *again == *port);
  } else {
    FUZZ_CHECK(port.error().kind == dgram::ErrorKind::usage);
  }
  // allow_zero widens the range by exactly 0.
  FUZZ_CHECK(!port || (port_or_zero.ok() && *port_or_zero == *port));
  if (port_or_zero) {
    FUZZ_CHECK(port.ok() || *port_or_zero == 0);
    const auto again = dgram::parse_port(std::to_string(*port_or_zero), true);
    FUZZ_CHECK(again.ok() && *again == *port_or_zero);
  }
}

void check_duration(std::string_view text) {
  using namespace std::chrono;
  const auto duration = dgram::parse_duration(text, "--interval");
  const auto timeout = dgram::parse_timeout(text, "--timeout");
  if (!duration) {
    FUZZ_CHECK(duration.error().kind == dgram::ErrorKind::usage);
    FUZZ_CHECK(!timeout.ok() && timeout.error().kind == dgram::ErrorKind::usage);
    return;
  }
  FUZZ_CHECK(duration->count() > 0);
  FUZZ_CHECK(*duration <= days(366));
  // Exact: the value written back to the nanosecond parses to itself.
  const auto ns = static_cast<std::uint64_t>(duration->count());
  const std::string exact = std::to_string(ns / 1'000'000) + "." +
                            std::string(6 - std::to_string(ns % 1'000'000).size(), '0') +
                            std::to_string(ns % 1'000'000) + "ms";
  const auto again = dgram::parse_duration(exact, "--interval");
  FUZZ_CHECK(again.ok() && *again == *duration);
  // A bare number is seconds.
  if (!text.ends_with('s') && !text.ends_with('m')) {
    const auto seconds = dgram::parse_duration(std::string(text) + "s", "--interval");
    FUZZ_CHECK(seconds.ok() && *seconds == *duration);
  }
  // A timeout is the same duration when it is whole milliseconds, and
  // refused (never rounded) when it is not.
  FUZZ_CHECK(timeout.ok() == (*duration % milliseconds(1) == nanoseconds(0)));
  FUZZ_CHECK(!timeout.ok() || nanoseconds(*timeout) == *duration);
}

void check_positive(std::string_view text) {
  const auto value = dgram::parse_positive(text, "--count");
  if (!value) {
    FUZZ_CHECK(value.error().kind == dgram::ErrorKind::usage);
    return;
  }
  FUZZ_CHECK(*value > 0);
  FUZZ_CHECK(is_decimal(text));
  const auto again = dgram::parse_positive(std::to_string(*value), "--count");
  FUZZ_CHECK(again.ok() && *again == *value);
  // A port is a positive number too, where it fits.
  if (*value <= 65535) {
    const auto port = dgram::parse_port(text, false);
    FUZZ_CHECK(port.ok() && *port == *value);
  }
}

void check_output_format(std::string_view text) {
  const auto format = dgram::parse_output_format(text);
  if (!format) {
    FUZZ_CHECK(format.error().kind == dgram::ErrorKind::usage);
    FUZZ_CHECK(text != "text" && text != "hex" && text != "json" && text != "raw");
    return;
  }
  using dgram::OutputFormat;
  FUZZ_CHECK((*format == OutputFormat::text && text == "text") ||
             (*format == OutputFormat::hex && text == "hex") ||
             (*format == OutputFormat::json && text == "json") ||
             (*format == OutputFormat::raw && text == "raw"));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  // An exception would escape main() as a crash without saying which parser.
  try {
    check_ports(text);
    check_duration(text);
    check_positive(text);
    check_output_format(text);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "exception: %s\n", e.what());
    dgram_fuzz::property_failed("no parser throws", __FILE__, __LINE__);
  }
  return 0;
}
