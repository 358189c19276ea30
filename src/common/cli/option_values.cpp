#include "common/cli/option_values.hpp"

#include "common/error.hpp"
#include "common/limits.hpp"
#include "common/parse.hpp"

namespace dgram {

Error pointing_to_help(Error error, std::string_view command) {
  if (error.kind == ErrorKind::usage) {
    error.message += "; see 'dgram ";
    error.message += command;
    error.message += " --help'";
  }
  return error;
}

net::FamilyPreference family_preference(bool ipv4, bool ipv6) {
  if (ipv4) return net::FamilyPreference::ipv4_only;
  if (ipv6) return net::FamilyPreference::ipv6_only;
  return net::FamilyPreference::any;
}

Result<std::size_t> parse_max_size(const std::optional<std::string>& text) {
  if (!text) return default_max_size;
  auto value = parse_positive(*text, "--max-size");
  if (!value) return value.take_error();
  // Only keeps the number in range of size_t.
  if (*value > max_ipv6_payload) return check_max_size(*value, net::Family::ipv6).take_error();
  return static_cast<std::size_t>(*value);
}

Result<RecordStyle> parse_record_style(std::string_view format, bool timestamps) {
  auto parsed = parse_output_format(format);
  if (!parsed) return parsed.take_error();
  if (timestamps && *parsed == OutputFormat::raw) {
    return usage_error(
        "--timestamps cannot mark raw output (payload bytes only); use text, hex or json");
  }
  return RecordStyle{*parsed, timestamps};
}

}  // namespace dgram
