// The json output format: JSON Lines, one object per datagram.
#pragma once

#include <string>

#include "common/records/output_format.hpp"

namespace dgram {

// {"time":…,"from":…,"port":…,"size":…,"truncated":…,"text"|"base64":…}\n
// "text" when the shown bytes are valid UTF-8, otherwise "base64".
void append_json_record(std::string& out, const Record& record);

// A json record up to its payload, `…,"truncated":…,"text":"`: the same for
// every datagram of one size from one sender that arrived together. A
// payload that is plain ASCII (no quote, backslash or control byte) follows
// as it is, then `"}\n` ends the record (with no extra fields).
void append_json_head(std::string& out, const Record& record);

}  // namespace dgram
