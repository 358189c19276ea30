#include "common/cli/plain_send.hpp"

#include <gtest/gtest.h>

#include <CLI/CLI.hpp>

namespace dgram {
namespace {

using Args = std::vector<std::string>;

// What CLI11 fills in for `args`, set up as CommandLine sets it up.
SendArguments through_cli11(const Args& args) {
  CLI::App app{"dgram", "dgram"};
  app.allow_windows_style_options(false);
  app.allow_extras();
  app.require_subcommand(1);
  app.add_subcommand("listen", "");
  CLI::App* send = app.add_subcommand("send", "");
  app.add_subcommand("completion", "");
  send->allow_extras();
  SendArguments arguments;
  add_send_options(send, arguments);
  std::vector<const char*> argv;
  for (const std::string& arg : args) argv.push_back(arg.c_str());
  app.parse(static_cast<int>(argv.size()), argv.data());
  EXPECT_TRUE(send->remaining().empty());
  return arguments;
}

// Every field, so that a default the fast path left out shows.
auto fields(const SendArguments& s) {
  return std::tie(s.host, s.port, s.message, s.file, s.max_size, s.chunk, s.ipv4, s.ipv6, s.hex,
                  s.lines, s.count, s.seq, s.interval, s.rate, s.reply, s.all_replies, s.talk,
                  s.timeout, s.format, s.timestamps, s.broadcast, s.ttl, s.bind, s.source_port,
                  s.report.summary, s.report.progress, s.report.no_progress);
}

TEST(PlainSend, GivesWhatCli11Gives) {
  for (const Args& args : {
           Args{"dgram", "send", "127.0.0.1", "9000", "hi"},
           Args{"dgram", "send", "::1", "9000"},
           Args{"dgram", "send", "[::1]", "http", "hello world"},
           Args{"dgram", "send", "localhost", "0", "a=b --x"},
           Args{"dgram", "send", "host", "70000", "/status"},
           Args{"dgram", "send", "host", "9000", "multi\nline \"quoted\" 'x'"},
       }) {
    const auto plain = plain_send(args);
    ASSERT_TRUE(plain.has_value()) << args[2] << " " << args[3];
    EXPECT_EQ(fields(*plain), fields(through_cli11(args))) << args[2] << " " << args[3];
  }
}

TEST(PlainSend, LeavesEverythingElseToCli11) {
  for (const Args& args : {
           Args{"dgram"},
           Args{"dgram", "send"},
           Args{"dgram", "send", "host"},
           Args{"dgram", "send", "host", "9000", "hi", "extra"},
           Args{"dgram", "listen", "9000", "x", "y"},
           Args{"dgram", "send", "host", "9000", "-"},
           Args{"dgram", "send", "host", "9000", "--"},
           Args{"dgram", "send", "host", "9000", "-r"},
           Args{"dgram", "send", "-4", "host", "9000"},
           Args{"dgram", "send", "host", "9000", "--help"},
           Args{"dgram", "send", "host", "9000", ""},
           Args{"dgram", "send", "", "9000", "hi"},
           Args{"dgram", "send", "host", "9000", "listen"},
           Args{"dgram", "send", "host", "9000", "send"},
           Args{"dgram", "send", "host", "9000", "completion"},
           Args{"dgram", "send", "help", "9000", "x"},
       }) {
    EXPECT_FALSE(plain_send(args).has_value()) << args.size();
  }
}

}  // namespace
}  // namespace dgram
