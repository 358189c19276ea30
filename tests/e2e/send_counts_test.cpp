// dgram send counts every datagram that left, also when the destination then
// refuses: the summary's "sent" is what went out, not what was answered.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/loopback.hpp"
#include "support/run_dgram.hpp"

namespace dgram::test {
namespace {

TEST(SendCounts, AClosedPortStillCountsTheDatagramThatLeft) {
  std::uint16_t closed_port = 0;
  {
    auto gone = bound_loopback_socket(net::Family::ipv4);
    closed_port = port_of(gone);
  }
  const auto result = run_dgram(
      {"send", "127.0.0.1", std::to_string(closed_port), "x", "-n", "5", "--summary", "json"});
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_NE(result.err.find("nothing is listening on 127.0.0.1:"), std::string::npos) << result.err;
  nlohmann::json summary;
  for (const std::string& line : lines_of(result.err)) {
    if (line.starts_with("{")) summary = nlohmann::json::parse(line);
  }
  ASSERT_TRUE(summary.is_object()) << result.err;
  // The first datagram went out; the refusal it met stopped the other four.
  EXPECT_EQ(summary["sent"], 1) << summary.dump();
  EXPECT_EQ(summary["bytes"], 1) << summary.dump();
  EXPECT_EQ(summary["planned"], 5) << summary.dump();
  EXPECT_EQ(summary["exit_code"], 1) << summary.dump();
}

}  // namespace
}  // namespace dgram::test
