// What the replay tests share: captures written for them (dgram's own JSON
// records, or the pcap files tests/tools/make_replay_pcaps.py wrote), and
// datagrams received with the time they came.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "common/records/base64.hpp"
#include "common/records/timestamp.hpp"
#include "support/loopback.hpp"
#include "support/process.hpp"

namespace dgram::test {

// A fixture beside the test binary (copied there from tests/data/replay).
inline std::string replay_fixture(const std::string& name) {
  return (std::filesystem::path(dgram_executable()).parent_path() / "replay_data" / name).string();
}

struct Recorded {
  std::chrono::microseconds time;  // after the capture's first datagram
  std::vector<std::byte> payload;
};

// `listen -f json` records of `datagrams`, the first at a fixed wall time:
// binary payloads in "base64", others in "text" (letters only: no escapes).
inline std::string json_capture(const std::vector<Recorded>& datagrams) {
  const auto first = WallClock::time_point(std::chrono::seconds(1'700'000'000));
  std::string out;
  for (const Recorded& datagram : datagrams) {
    out += R"({"time":")";
    append_timestamp(out, first + datagram.time);
    out += R"(","from":"127.0.0.1","port":5000,"size":)";
    out += std::to_string(datagram.payload.size());
    bool letters = true;
    for (const std::byte b : datagram.payload) {
      const auto c = std::to_integer<char>(b);
      letters = letters && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
    }
    if (letters) {
      out += R"(,"truncated":false,"text":")";
      out.append(reinterpret_cast<const char*>(datagram.payload.data()), datagram.payload.size());
    } else {
      out += R"(,"truncated":false,"base64":")";
      append_base64(out, datagram.payload);
    }
    out += "\"}\n";
  }
  return out;
}

// A file in the temporary directory holding `content`, removed at the end.
class TempFile {
 public:
  TempFile(const std::string& name, const std::string& content)
      : path_(std::filesystem::temp_directory_path() / name) {
    std::ofstream(path_, std::ios::binary) << content;
  }
  ~TempFile() {
    std::error_code ignored;
    std::filesystem::remove(path_, ignored);
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  std::string path() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

struct Arrival {
  std::chrono::steady_clock::time_point at;
  Datagram datagram;
};

// Up to `count` datagrams, each with the time it was read, until one takes
// longer than `gap` to come.
inline std::vector<Arrival> receive_timed(net::UdpSocket& socket, std::size_t count,
                                          std::chrono::milliseconds gap = 10s) {
  std::vector<Arrival> arrivals;
  while (arrivals.size() < count) {
    auto datagram = receive(socket, gap);
    if (!datagram) break;
    arrivals.push_back({std::chrono::steady_clock::now(), std::move(*datagram)});
  }
  return arrivals;
}

}  // namespace dgram::test
