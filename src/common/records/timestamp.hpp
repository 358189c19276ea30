// ISO-8601 UTC timestamps with microseconds, for records.
#pragma once

#include <chrono>
#include <string>

namespace dgram {

using WallClock = std::chrono::system_clock;

// Appends e.g. "2026-11-23T10:00:00.123456Z".
void append_timestamp(std::string& out, WallClock::time_point time);

}  // namespace dgram
