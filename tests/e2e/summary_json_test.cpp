// --summary json on the real binary: one JSON object on one stderr line, for
// each way listen and send end, parsed with a real parser; --summary text is
// the summary as it always was; a bad value is a usage error.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/loopback.hpp"
#include "support/run_dgram.hpp"

namespace dgram::test {
namespace {

using nlohmann::json;

// The one stderr line that is a JSON object; fails the test unless there is
// exactly one.
json summary_of(const std::string& err) {
  std::vector<std::string> objects;
  for (const std::string& line : lines_of(err)) {
    if (line.starts_with("{")) objects.push_back(line);
  }
  EXPECT_EQ(objects.size(), 1u) << err;
  if (objects.size() != 1) return json::object();
  return json::parse(objects.front());
}

// What every listen summary holds, whatever the outcome.
void expect_listen_fields(const json& summary) {
  for (const char* key : {"received", "bytes", "truncated", "rejected", "icmp_errors_ignored",
                          "echo_failures", "echoes_refused", "not_written"}) {
    EXPECT_TRUE(summary[key].is_number_unsigned()) << key << ": " << summary.dump();
  }
  EXPECT_TRUE(summary["elapsed_seconds"].is_number()) << summary.dump();
  EXPECT_TRUE(summary["rate"].is_number()) << summary.dump();
#if defined(__linux__) && !defined(DGRAM_PORTABLE)
  EXPECT_TRUE(summary["kernel_drops"].is_number_unsigned()) << summary.dump();
  EXPECT_TRUE(summary["kernel_drops_at_least"].is_boolean()) << summary.dump();
#else
  // The OS cannot tell: null, never a made-up 0.
  EXPECT_TRUE(summary["kernel_drops"].is_null()) << summary.dump();
  EXPECT_TRUE(summary["kernel_drops_at_least"].is_null()) << summary.dump();
#endif
}

TEST(SummaryJson, ListenCountIsExit0WithReasonCount) {
  auto listener = start_listener({"-4", "-n", "2", "-t", "20s", "--summary", "json", "-m", "4"});
  ASSERT_NE(listener.port, 0);
  auto sender = bound_loopback_socket(net::Family::ipv4);
  const auto to = loopback(net::Family::ipv4, listener.port);
  ASSERT_TRUE(sender.send_to(bytes_of("abc"), to).ok());
  ASSERT_TRUE(sender.send_to(bytes_of("toolong"), to).ok());
  const auto heard = listener.process.wait(20s);
  EXPECT_EQ(heard.exit_code, 0) << heard.err;
  const json summary = summary_of(heard.err);
  expect_listen_fields(summary);
  EXPECT_EQ(summary["command"], "listen");
  EXPECT_EQ(summary["received"], 2);
  EXPECT_EQ(summary["bytes"], 10);
  EXPECT_EQ(summary["truncated"], 1);
  EXPECT_EQ(summary["rejected"], 0);
  EXPECT_EQ(summary["exit_reason"], "count");
  EXPECT_EQ(summary["exit_code"], 0);
  EXPECT_FALSE(summary.contains("error")) << summary.dump();
  // The JSON replaces the text summary; it is the last line.
  EXPECT_EQ(heard.err.find("dgram: received"), std::string::npos) << heard.err;
  EXPECT_TRUE(lines_of(heard.err).back().starts_with("{")) << heard.err;
}

TEST(SummaryJson, ListenTimeoutIsExit3WithTheErrorToo) {
  auto listener = start_listener({"-4", "-t", "2s", "--summary", "json", "--allow", "192.0.2.1"});
  ASSERT_NE(listener.port, 0);
  auto outsider = bound_loopback_socket(net::Family::ipv4);
  ASSERT_TRUE(
      outsider.send_to(bytes_of("not you"), loopback(net::Family::ipv4, listener.port)).ok());
  const auto heard = listener.process.wait(20s);
  EXPECT_EQ(heard.exit_code, 3) << heard.err;
  const json summary = summary_of(heard.err);
  expect_listen_fields(summary);
  EXPECT_EQ(summary["received"], 0);
  EXPECT_EQ(summary["rejected"], 1);
  EXPECT_EQ(summary["exit_reason"], "timeout");
  EXPECT_EQ(summary["exit_code"], 3);
  EXPECT_EQ(summary["error"], "no datagram arrived within 2000 ms (--timeout)");
  // The error line still comes, after the summary, as with --summary text.
  EXPECT_EQ(lines_of(heard.err).back(),
            "dgram: error: no datagram arrived within 2000 ms (--timeout)");
}

TEST(SummaryJson, ListenInterruptIsExit130) {
  auto listener = start_listener({"-4", "--summary", "json"});
  ASSERT_NE(listener.port, 0);
  auto sender = bound_loopback_socket(net::Family::ipv4);
  ASSERT_TRUE(sender.send_to(bytes_of("before"), loopback(net::Family::ipv4, listener.port)).ok());
  ASSERT_TRUE(listener.process.wait_for_stdout("before", 20s));
  listener.process.interrupt();
  const auto heard = listener.process.wait(20s);
  EXPECT_TRUE(ended_by_interrupt(heard))
      << "exit " << heard.exit_code << " signal " << heard.signal << ": " << heard.err;
  const json summary = summary_of(heard.err);
  expect_listen_fields(summary);
  EXPECT_EQ(summary["received"], 1);
  EXPECT_EQ(summary["bytes"], 6);
  EXPECT_EQ(summary["exit_reason"], "interrupted");
  EXPECT_EQ(summary["exit_code"], 130);
  EXPECT_FALSE(summary.contains("error")) << summary.dump();
}

TEST(SummaryJson, TextIsTheDefaultAndUnchanged) {
  for (const bool asked : {false, true}) {
    std::vector<std::string> args = {"-4", "-n", "1", "-t", "20s"};
    if (asked) args.insert(args.end(), {"--summary", "text"});
    auto listener = start_listener(args);
    ASSERT_NE(listener.port, 0);
    auto sender = bound_loopback_socket(net::Family::ipv4);
    ASSERT_TRUE(sender.send_to(bytes_of("hi"), loopback(net::Family::ipv4, listener.port)).ok());
    const auto heard = listener.process.wait(20s);
    EXPECT_EQ(heard.exit_code, 0);
    const auto lines = lines_of(heard.err);
    ASSERT_EQ(lines.size(), 2u) << heard.err;
    EXPECT_TRUE(lines[1].starts_with("dgram: received 1 datagram, 2 bytes in ")) << heard.err;
    EXPECT_EQ(heard.err.find('{'), std::string::npos) << heard.err;
  }
}

TEST(SummaryJson, SendDoneCountsDatagramsAndBytes) {
  auto receiver = bound_loopback_socket(net::Family::ipv4);
  const std::string port = std::to_string(port_of(receiver));
  const auto sent = run_dgram({"send", "127.0.0.1", port, std::string(2500, 'x'), "-m", "1000",
                               "--chunk", "-n", "2", "--summary", "json"});
  EXPECT_EQ(sent.exit_code, 0) << sent.err;
  const json summary = summary_of(sent.err);
  EXPECT_EQ(summary["command"], "send");
  EXPECT_EQ(summary["sent"], 6);
  EXPECT_EQ(summary["planned"], 6);
  EXPECT_EQ(summary["bytes"], 5000);
  EXPECT_EQ(summary["replies"], 0);
  EXPECT_EQ(summary["to"], "127.0.0.1");
  EXPECT_EQ(summary["port"], port_of(receiver));
  EXPECT_TRUE(summary["elapsed_seconds"].is_number()) << summary.dump();
  EXPECT_EQ(summary["exit_reason"], "done");
  EXPECT_EQ(summary["exit_code"], 0);
  EXPECT_EQ(lines_of(sent.err).size(), 1u) << sent.err;
  for (int i = 0; i < 6; ++i) EXPECT_TRUE(receive(receiver)) << i;
}

TEST(SummaryJson, SendWithoutItPrintsNoSummary) {
  auto receiver = bound_loopback_socket(net::Family::ipv4);
  const auto sent =
      run_dgram({"send", "127.0.0.1", std::to_string(port_of(receiver)), "x", "-n", "3"});
  EXPECT_EQ(sent.exit_code, 0);
  EXPECT_EQ(sent.err, "");
}

TEST(SummaryJson, SendReplyCountsTheReply) {
  auto echo = start_listener({"--echo", "-n", "1", "-t", "20s", "-q"});
  ASSERT_NE(echo.port, 0);
  const auto asked = run_dgram(
      {"send", "127.0.0.1", std::to_string(echo.port), "ping", "-r", "--summary", "json"});
  EXPECT_EQ(asked.exit_code, 0) << asked.err;
  EXPECT_TRUE(asked.out.ends_with(" ping\n")) << asked.out;
  const json summary = summary_of(asked.err);
  EXPECT_EQ(summary["sent"], 1);
  EXPECT_EQ(summary["replies"], 1);
  EXPECT_EQ(summary["exit_reason"], "done");
}

TEST(SummaryJson, RelayAddsItsCounts) {
  auto echo = start_listener({"-4", "--echo", "-t", "20s", "-q"});
  ASSERT_NE(echo.port, 0);
  auto relay = start_listener({"-4", "--forward", fmt::format("127.0.0.1:{}", echo.port), "-t",
                               "1s", "-q", "--summary", "json"});
  ASSERT_NE(relay.port, 0);
  auto client = bound_loopback_socket(net::Family::ipv4);
  for (const char* text : {"one", "two"}) {
    ASSERT_TRUE(client.send_to(bytes_of(text), loopback(net::Family::ipv4, relay.port)).ok());
    const auto answer = receive(client);
    ASSERT_TRUE(answer);
    EXPECT_EQ(answer->text(), text);
  }
  const auto relayed = relay.process.wait(20s);
  EXPECT_EQ(relayed.exit_code, 3) << relayed.err;
  const json summary = summary_of(relayed.err);
  expect_listen_fields(summary);
  EXPECT_EQ(summary["received"], 2);
  EXPECT_EQ(summary["relayed"], 2);
  EXPECT_EQ(summary["answers"], 2);
  EXPECT_EQ(summary["answer_bytes"], 6);
  EXPECT_EQ(summary["clients_opened"], 1);
  EXPECT_EQ(summary["clients_evicted"], 0);
  EXPECT_EQ(summary["exit_reason"], "timeout");
  // The text summary's second line is not printed beside the JSON.
  EXPECT_EQ(relayed.err.find("dgram: relayed"), std::string::npos) << relayed.err;
}

TEST(SummaryJson, TalkPlansNothingAhead) {
  auto peer = bound_loopback_socket(net::Family::ipv4);
  const auto talked = run_dgram({"send", "127.0.0.1", std::to_string(port_of(peer)), "first",
                                 "--talk", "-t", "200ms", "--summary", "json"},
                                "a\nb\n");
  EXPECT_EQ(talked.exit_code, 0) << talked.err;
  const json summary = summary_of(talked.err);
  EXPECT_EQ(summary["sent"], 3);
  // MESSAGE, then lines no one could count ahead.
  EXPECT_TRUE(summary["planned"].is_null()) << summary.dump();
  EXPECT_EQ(summary["exit_reason"], "done");
}

TEST(SummaryJson, SendReplyTimeoutIsExit3) {
  auto silent = bound_loopback_socket(net::Family::ipv4);
  const auto asked = run_dgram({"send", "127.0.0.1", std::to_string(port_of(silent)), "anyone?",
                                "-r", "-t", "300ms", "--summary", "json"});
  EXPECT_EQ(asked.exit_code, 3) << asked.err;
  const json summary = summary_of(asked.err);
  EXPECT_EQ(summary["sent"], 1);
  EXPECT_EQ(summary["replies"], 0);
  EXPECT_EQ(summary["exit_reason"], "timeout");
  EXPECT_EQ(summary["exit_code"], 3);
  EXPECT_TRUE(summary["error"].get<std::string>().starts_with("no reply from 127.0.0.1:"))
      << summary.dump();
}

TEST(SummaryJson, SendInterruptIsExit130) {
  auto receiver = bound_loopback_socket(net::Family::ipv4);
  auto sender =
      Process::start(dgram_executable(), {"send", "127.0.0.1", std::to_string(port_of(receiver)),
                                          "tick", "-n", "100", "-i", "10s", "--summary", "json"});
  ASSERT_TRUE(receive(receiver, 20s));
  sender.interrupt();
  const auto result = sender.wait(8s);  // still before the 10 s pause would end
  EXPECT_TRUE(ended_by_interrupt(result))
      << "exit " << result.exit_code << " signal " << result.signal << ": " << result.err;
  const json summary = summary_of(result.err);
  EXPECT_EQ(summary["sent"], 1);
  EXPECT_EQ(summary["planned"], 100);
  EXPECT_EQ(summary["exit_reason"], "interrupted");
  EXPECT_EQ(summary["exit_code"], 130);
}

TEST(SummaryJson, SendStreamWithABadLaterLineIsUsageAfterSending) {
  auto receiver = bound_loopback_socket(net::Family::ipv4);
  const auto sent = run_dgram({"send", "127.0.0.1", std::to_string(port_of(receiver)), "--lines",
                               "-x", "--summary", "json"},
                              "61 62\nzz\n");
  EXPECT_EQ(sent.exit_code, 2) << sent.err;
  const json summary = summary_of(sent.err);
  EXPECT_EQ(summary["sent"], 1);
  EXPECT_EQ(summary["bytes"], 2);
  EXPECT_TRUE(summary["planned"].is_null()) << summary.dump();  // a stream: not known ahead
  EXPECT_EQ(summary["exit_reason"], "usage");
  EXPECT_EQ(summary["exit_code"], 2);
  EXPECT_NE(summary["error"].get<std::string>().find("earlier lines were sent"), std::string::npos)
      << summary.dump();
}

TEST(SummaryJson, SendToAClosedPortIsAnError) {
  if (running_under_wine()) GTEST_SKIP() << "Wine reports no ICMP port unreachable to a send";
  auto closed = bound_loopback_socket(net::Family::ipv4);
  const std::string port = std::to_string(port_of(closed));
  { auto gone = std::move(closed); }  // the port is free again: nothing listens there
  const auto sent =
      run_dgram({"send", "127.0.0.1", port, "x", "-n", "50", "-i", "10ms", "--summary", "json"});
  EXPECT_EQ(sent.exit_code, 1) << sent.err;
  const json summary = summary_of(sent.err);
  EXPECT_EQ(summary["exit_reason"], "error");
  EXPECT_EQ(summary["exit_code"], 1);
  EXPECT_LT(summary["sent"].get<int>(), 50);
  EXPECT_NE(summary["error"].get<std::string>().find("nothing is listening"), std::string::npos)
      << summary.dump();
}

TEST(SummaryJson, BadValuesAreUsageErrorsAndNothingIsSent) {
  auto receiver = bound_loopback_socket(net::Family::ipv4);
  const std::string port = std::to_string(port_of(receiver));
  struct Case {
    std::vector<std::string> args;
    std::string error;
  };
  const std::vector<Case> cases = {
      {{"send", "127.0.0.1", port, "x", "--summary", "xml"},
       "dgram: error: invalid --summary 'xml': use text or json"},
      {{"listen", "0", "--summary", "xml"},
       "dgram: error: invalid --summary 'xml': use text or json"},
      {{"send", "127.0.0.1", port, "x", "--summary"}, "dgram: error: --summary needs a value"},
      {{"listen", "0", "--progress", "--no-progress"},
       "dgram: error: --progress and --no-progress cannot be used together"},
      {{"send", "127.0.0.1", port, "x", "--no-progress", "--progress"},
       "dgram: error: --no-progress and --progress cannot be used together"},
  };
  for (const Case& c : cases) {
    const auto result = run_dgram(c.args);
    EXPECT_EQ(result.exit_code, 2) << fmt::format("{}", fmt::join(c.args, " "));
    EXPECT_EQ(lines_of(result.err).size(), 1u) << result.err;
    EXPECT_TRUE(result.err.starts_with(c.error)) << result.err;
    EXPECT_EQ(result.out, "");
  }
  EXPECT_FALSE(receive(receiver, 200ms)) << "a usage error sends nothing";
}

#ifndef _WIN32
// The port a listener started through /bin/sh tells on its start line.
std::uint16_t port_from_start_line(Process& shell) {
  if (!shell.wait_for_stderr("listening on 0.0.0.0:", 20s)) return 0;
  const std::string err = shell.stderr_text();
  const auto at = err.find("listening on 0.0.0.0:") + std::string("listening on 0.0.0.0:").size();
  return static_cast<std::uint16_t>(std::stoi(err.substr(at)));
}

TEST(SummaryJson, ListenFullStdoutIsAnError) {
  auto shell = Process::start(
      "/bin/sh", {"-c", fmt::format("\"{}\" listen 0 -4 -n 1 -t 20s --summary json >/dev/full",
                                    dgram_executable())});
  const std::uint16_t port = port_from_start_line(shell);
  ASSERT_NE(port, 0) << shell.stderr_text();
  auto sender = bound_loopback_socket(net::Family::ipv4);
  ASSERT_TRUE(sender.send_to(bytes_of("lost"), loopback(net::Family::ipv4, port)).ok());
  const auto result = shell.wait(20s);
  EXPECT_EQ(result.exit_code, 1) << result.err;
  const json summary = summary_of(result.err);
  EXPECT_EQ(summary["received"], 1);
  EXPECT_EQ(summary["not_written"], 1);
  EXPECT_EQ(summary["exit_reason"], "error");
  EXPECT_EQ(summary["exit_code"], 1);
  EXPECT_TRUE(summary["error"].get<std::string>().starts_with("cannot write the output"))
      << summary.dump();
}

TEST(SummaryJson, ListenReaderGoneIsOutputClosedExit0) {
  // `| true`: the reader is gone before the first record.
  auto shell = Process::start(
      "/bin/sh", {"-c", fmt::format("{{ \"{}\" listen 0 -4 -t 20s --summary json; echo \"rc=$?\" "
                                    ">&2; }} | true",
                                    dgram_executable())});
  const std::uint16_t port = port_from_start_line(shell);
  ASSERT_NE(port, 0) << shell.stderr_text();
  auto sender = bound_loopback_socket(net::Family::ipv4);
  ASSERT_TRUE(sender.send_to(bytes_of("nobody reads"), loopback(net::Family::ipv4, port)).ok());
  const auto result = shell.wait(20s);
  EXPECT_NE(result.err.find("rc=0\n"), std::string::npos) << result.err;
  const json summary = summary_of(result.err);
  EXPECT_EQ(summary["exit_reason"], "output_closed");
  EXPECT_EQ(summary["exit_code"], 0);
  EXPECT_FALSE(summary.contains("error")) << summary.dump();
}
#endif

}  // namespace
}  // namespace dgram::test
