// The json output format: JSON Lines, one object per datagram.
#pragma once

#include <string>

#include "common/records/output_format.hpp"

namespace dgram {

// {"time":…,"from":…,"port":…,"size":…,"truncated":…,"text"|"base64":…}\n
// "text" when the shown bytes are valid UTF-8, otherwise "base64".
void append_json_record(std::string& out, const Record& record);

}  // namespace dgram
