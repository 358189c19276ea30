// What the record formatters receive besides the payload, drawn from the
// fuzzer's bytes: the sender, the true datagram size and the arrival time.
#pragma once

#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "common/records/output_format.hpp"

namespace dgram_fuzz {

inline dgram::net::Endpoint consume_endpoint(FuzzedDataProvider& data) {
  dgram::net::Endpoint from;
  from.family = data.ConsumeBool() ? dgram::net::Family::ipv6 : dgram::net::Family::ipv4;
  // IPv4 uses the first 4 bytes only; the rest stays zero, as the OS gives it.
  const std::size_t length = from.family == dgram::net::Family::ipv6 ? 16 : 4;
  for (std::size_t i = 0; i < length; ++i) from.address[i] = data.ConsumeIntegral<std::uint8_t>();
  from.port = data.ConsumeIntegral<std::uint16_t>();
  if (from.family == dgram::net::Family::ipv6) {
    // Small scopes: some name real interfaces ("%lo"), others none ("%7").
    from.scope_id = data.ConsumeIntegralInRange<std::uint32_t>(0, 7);
  }
  return from;
}

// Takes the sender, size and time from the end of the data and the payload
// from what is left, so a seed file is mostly its own payload.
struct RecordInput {
  std::vector<std::uint8_t> payload;
  dgram::Record record;
  bool timestamps = false;

  explicit RecordInput(FuzzedDataProvider& data) {
    record.from = consume_endpoint(data);
    timestamps = data.ConsumeBool();
    record.time = dgram::WallClock::time_point(
        dgram::WallClock::duration(data.ConsumeIntegral<dgram::WallClock::rep>()));
    // The true size is at least what is shown: cut datagrams are longer.
    const bool truncated = data.ConsumeBool();
    const auto extra = truncated ? data.ConsumeIntegralInRange<std::size_t>(1, 70000) : 0;
    payload = data.ConsumeRemainingBytes<std::uint8_t>();
    record.shown = std::as_bytes(std::span(payload));
    record.size = payload.size() + extra;
  }
};

inline std::string timestamp_text(dgram::WallClock::time_point time) {
  std::string text;
  dgram::append_timestamp(text, time);
  return text;
}

inline std::span<const std::byte> bytes_of(const std::string& text) {
  return std::as_bytes(std::span(text.data(), text.size()));
}

}  // namespace dgram_fuzz
