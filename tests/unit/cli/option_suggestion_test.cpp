#include "common/cli/option_suggestion.hpp"

#include <gtest/gtest.h>

namespace dgram {
namespace {

const std::vector<std::string> send_options = {
    "--help", "-h",           "--file",      "--max-size",    "-m", "--chunk",    "-4", "-6",
    "--hex",  "-x",           "--lines",     "--count",       "-n", "--interval", "-i", "--rate",
    "--ttl",  "--bind",       "-b",          "--reply",       "-r", "--timeout",  "-t", "--format",
    "-f",     "--timestamps", "--broadcast", "--source-port", "-p"};

using Names = std::vector<std::string>;

TEST(NearestNames, APrefixNamesTheOption) {
  EXPECT_EQ(nearest_names("--cou", send_options), Names{"--count"});
  EXPECT_EQ(nearest_names("--cou=5", send_options), Names{"--count"});
  EXPECT_EQ(nearest_names("--max", send_options), Names{"--max-size"});
  EXPECT_EQ(nearest_names("--time", send_options), (Names{"--timeout", "--timestamps"}));
  EXPECT_EQ(nearest_names("--re", send_options), Names{"--reply"});
  EXPECT_EQ(nearest_names("--ra", send_options), Names{"--rate"});
}

TEST(NearestNames, SlipsOfTypingAreForgiven) {
  EXPECT_EQ(nearest_names("--tiemout", send_options), Names{"--timeout"});  // a swap
  EXPECT_EQ(nearest_names("--formt", send_options), Names{"--format"});     // a deletion
  EXPECT_EQ(nearest_names("--max-szie", send_options), Names{"--max-size"});
  EXPECT_EQ(nearest_names("--brodcast", send_options), Names{"--broadcast"});
  EXPECT_EQ(nearest_names("-count", send_options), Names{"--count"});  // one dash
  EXPECT_EQ(nearest_names("--chunks", send_options), Names{"--chunk"});
}

TEST(NearestNames, NothingNearIsNothing) {
  EXPECT_TRUE(nearest_names("--verbose", send_options).empty());
  EXPECT_TRUE(nearest_names("--bogus", send_options).empty());
  EXPECT_TRUE(nearest_names("-q", send_options).empty()) << "single letters are all near";
  EXPECT_TRUE(nearest_names("--r", send_options).empty()) << "too short to tell";
  EXPECT_TRUE(nearest_names("", send_options).empty());
}

TEST(NearestNames, CommandsToo) {
  const std::vector<std::string> commands = {"listen", "send", "help"};
  EXPECT_EQ(nearest_names("lisen", commands), Names{"listen"});
  EXPECT_EQ(nearest_names("sned", commands), Names{"send"});
  EXPECT_EQ(nearest_names("lis", commands), Names{"listen"});
  EXPECT_TRUE(nearest_names("transmit", commands).empty());
}

TEST(DidYouMean, OneTwoOrNone) {
  EXPECT_EQ(did_you_mean("--cou", send_options), "; did you mean --count?");
  EXPECT_EQ(did_you_mean("--time", send_options), "; did you mean --timeout or --timestamps?");
  EXPECT_EQ(did_you_mean("--bogus", send_options), "");
}

}  // namespace
}  // namespace dgram
