// Numbers for people to read at a glance: the live status line.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace dgram {

// 1234567 → "1,234,567".
std::string grouped(std::uint64_t value);

// "1 ICMP error", "2 ICMP errors": the count and the word that fits it.
std::string counted(std::uint64_t count, std::string_view one, std::string_view many);

// 1536 → "1.5 KiB"; below 1024: "512 B".
std::string human_bytes(std::uint64_t bytes);

// 5 → "5s", 125 → "2m05s", 3725 → "1h02m05s", whole seconds, rounded up.
std::string human_duration(std::chrono::duration<double> duration);

}  // namespace dgram
