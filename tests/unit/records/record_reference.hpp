// The records as they were written before the fast paths: byte at a time,
// through fmt, nothing remembered from one record to the next. Kept for
// record_fast_path_test, which checks that the fast paths write the same
// bytes.
#pragma once

#include <cstddef>
#include <span>
#include <string>

#include "common/records/output_format.hpp"

namespace dgram::reference {

void append_escaped(std::string& out, std::span<const std::byte> bytes);
bool append_json_text(std::string& out, std::span<const std::byte> bytes);
void append_base64(std::string& out, std::span<const std::byte> bytes);
void append_hex_dump(std::string& out, std::span<const std::byte> bytes);
std::string endpoint_text(const net::Endpoint& endpoint);
std::string record(const Record& record, const RecordStyle& style);

}  // namespace dgram::reference
