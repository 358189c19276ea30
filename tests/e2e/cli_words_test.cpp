// The command line speaks dgram's words, never CLI11's: every kind of usage
// error CLI11 can raise is one `dgram: error:` line naming the option (an
// unknown one with the nearest real one), exit 2; `dgram` alone is a short
// usage; help and version are exit 0 on stdout, and the help reads cleanly.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/loopback.hpp"
#include "support/run_dgram.hpp"

namespace dgram::test {
namespace {

// Phrases of CLI11 2.1.2's own messages and help annotations.
const char* const library_words[] = {"required but received",
                                     "arguments were not expected",
                                     "argument was not expected",
                                     "A subcommand",
                                     "is required",
                                     " requires ",
                                     " excludes ",
                                     "Excludes:",
                                     "Needs:",
                                     "REQUIRED",
                                     "Could not convert",
                                     "Should be true/false",
                                     "At Most",
                                     "At least",
                                     "Expected exactly",
                                     "required BYTES missing",
                                     "You should not see",
                                     "Run with --help"};

void expect_dgram_words(const std::string& text) {
  for (const char* phrase : library_words) {
    EXPECT_EQ(text.find(phrase), std::string::npos) << "'" << phrase << "' in: " << text;
  }
}

struct Case {
  std::vector<std::string> args;
  std::string says;  // a part of the one error line
};

TEST(CliWords, EveryParseErrorIsOneLineInDgramsWords) {
  const std::vector<Case> cases = {
      // unknown options, with the nearest real one
      {{"send", "127.0.0.1", "9", "x", "--cou", "5"},
       "unknown option '--cou' for dgram send; did you mean --count?"},
      {{"listen", "0", "--tiemout", "1s"}, "did you mean --timeout?"},
      {{"listen", "0", "-count", "3"}, "did you mean --count?"},
      {{"send", "127.0.0.1", "9", "x", "--time", "1s"}, "did you mean --timeout or --timestamps?"},
      {{"send", "127.0.0.1", "9", "x", "--bogus"}, "unknown option '--bogus' for dgram send"},
      {{"send", "127.0.0.1", "9", "x", "--echo"}, "--echo is an option of dgram listen"},
      {{"listen", "0", "-q1"}, "unknown option '-1' (in '-q1')"},
      {{"--bogus"}, "unknown option '--bogus'; a command comes first"},
      {{"--verison"}, "did you mean --version?"},
      {{"--help=1"}, "--help takes no value"},
      {{"--"}, "a command comes first"},
      {{"--echo", "listen", "0"}, "it goes after the command: dgram listen --echo"},
      // unknown commands
      {{"lisen", "0"}, "unknown command 'lisen'; did you mean listen?"},
      {{"transmit", "127.0.0.1", "9"}, "unknown command 'transmit'"},
      {{"help", "bogus"}, "dgram help knows listen, send and completion, not 'bogus'"},
      {{"help", "listen", "send"}, "dgram help takes at most one command"},
      // an argument too many
      {{"send", "127.0.0.1", "9", "hello", "world"},
       "unexpected argument 'world': dgram send takes HOST PORT [MESSAGE]; a MESSAGE with spaces"},
      {{"listen", "0", "1"}, "unexpected argument '1': dgram listen takes PORT"},
      // a single option given twice
      {{"send", "127.0.0.1", "9", "x", "-m", "100", "-m", "200"},
       "--max-size is given 2 times ('100', then '200'); give it once"},
      {{"listen", "0", "-f", "json", "--format", "hex"}, "--format is given 2 times"},
      // options that exclude or need each other
      {{"send", "127.0.0.1", "9", "x", "-4", "-6"}, "-4 and -6 cannot be used together"},
      {{"listen", "0", "-6", "-4"}, "-6 and -4 cannot be used together"},
      {{"send", "127.0.0.1", "9", "x", "--file", "f"}, "MESSAGE and --file cannot be used"},
      {{"send", "127.0.0.1", "9", "x", "--rate", "5", "-i", "1s"},
       "--rate and --interval cannot be used together"},
      {{"send", "127.0.0.1", "9", "x", "-t", "1s"},
       "--timeout only works with --reply, --all-replies or --talk; add --reply or leave out "
       "--timeout"},
      {{"send", "127.0.0.1", "9", "x", "-f", "json"}, "--format only works with --reply"},
      {{"send", "127.0.0.1", "9", "x", "--timestamps"}, "--timestamps only works with --reply"},
      {{"send", "127.0.0.1", "9", "--talk", "-n", "2"},
       "--count cannot be used with --talk: each typed line is sent once"},
      // missing arguments and values
      {{"listen"}, "missing PORT: dgram listen takes PORT"},
      {{"send"}, "missing HOST and PORT: dgram send takes HOST PORT [MESSAGE]"},
      {{"send", "127.0.0.1"}, "missing PORT"},
      {{"send", "127.0.0.1", "9", "x", "-m"}, "-m needs a value: -m BYTES"},
      {{"listen", "0", "--join"}, "--join needs a value: --join GROUP[@IFACE]"},
      {{"send", "127.0.0.1", "9", "x", "--ttl="}, "--ttl needs a value: --ttl N"},
      // after "--" an argument is an argument, even one that looks like an option
      {{"listen", "0", "--", "-q"}, "unexpected argument '-q'"},
      {{"listen", "--", "0", "-t", "1s"}, "unexpected argument '-t'"},
      // flags given values
      {{"listen", "0", "--echo=1"}, "--echo takes no value; write --echo alone, not '--echo=1'"},
      {{"listen", "0", "--echo=abc"}, "--echo takes no value"},
      {{"listen", "0", "-q=1"}, "-q takes no value"},
      {{"send", "127.0.0.1", "9", "x", "--chunk=yes"}, "--chunk takes no value"},
  };
  for (const Case& bad : cases) {
    SCOPED_TRACE(testing::PrintToString(bad.args));
    const auto result = run_dgram(bad.args);
    EXPECT_EQ(result.exit_code, 2) << result.err;
    const auto lines = lines_of(result.err);
    ASSERT_EQ(lines.size(), 1u) << result.err;
    EXPECT_TRUE(lines[0].starts_with("dgram: error: ")) << lines[0];
    EXPECT_NE(lines[0].find(bad.says), std::string::npos) << lines[0];
    expect_dgram_words(lines[0]);
    EXPECT_EQ(result.out, "");
  }
}

// The advice in an error offers only what the command would take, in units
// the parser knows, and counts in the singular when there is one.
TEST(CliWords, AdviceOffersOnlyWhatWouldBeAccepted) {
  struct Advice {
    std::vector<std::string> args;
    std::string says;
    std::string never;  // a value the advice must not offer
  };
  const std::vector<Advice> cases = {
      {{"listen", "0", "-t", "0"}, "(500ms, 2s, 1.5, 1ms)", "0.25ms"},
      {{"send", "127.0.0.1", "9", "x", "-r", "-t", "0"}, "(500ms, 2s, 1.5, 1ms)", "0.25ms"},
      {{"listen", "0", "--forward", "127.0.0.1:9", "--forward-idle", "0"},
       "(500ms, 2s, 1.5, 1ms)",
       "0.25ms"},
      {{"send", "127.0.0.1", "9", "x", "-i", "0"}, "(500ms, 2s, 1.5, 0.25ms)", ""},
      {{"send", "127.0.0.1", "9", "x", "-i", "527041m"},
       "use at most 527040m (366 days)",
       "at most 366 days"},
      {{"listen", "0", "-t", "9999999999s"}, "use at most 527040m", "at most 366 days"},
      {{"listen", "0", "--forward", "127.0.0.1:9", "--forward-clients", "99999999999999999999999"},
       "--forward-clients 99999999999999999999999 is over 1024; give 1 to 1024",
       "positive whole number"},
      {{"listen", "0", "--forward", "127.0.0.1:9", "--forward-clients", "0"},
       "invalid value '0' for --forward-clients: give 1 to 1024",
       ""},
      {{"listen", "0", "--forward", "127.0.0.1:9", "--forward-clients", "1025"},
       "--forward-clients 1025 is over 1024; give 1 to 1024",
       ""},
      {{"send", "127.0.0.1", "9", "xy", "-m", "1"}, "over the limit of 1 byte;", "1 bytes"},
      {{"send", "127.0.0.1", "9", "--lines", "-m", "1"}, "over the limit of 1 byte;", "1 bytes"},
  };
  for (const Advice& bad : cases) {
    SCOPED_TRACE(testing::PrintToString(bad.args));
    const bool lines = bad.args.size() > 4 && bad.args[3] == "--lines";
    const auto result = run_dgram(bad.args, lines ? std::string(200, 'a') + "\n" : "");
    EXPECT_EQ(result.exit_code, 2) << result.err;
    const auto err_lines = lines_of(result.err);
    ASSERT_EQ(err_lines.size(), 1u) << result.err;
    EXPECT_TRUE(err_lines[0].starts_with("dgram: error: ")) << err_lines[0];
    EXPECT_NE(err_lines[0].find(bad.says), std::string::npos) << err_lines[0];
    if (!bad.never.empty()) {
      EXPECT_EQ(err_lines[0].find(bad.never), std::string::npos) << err_lines[0];
    }
  }
}

// --all-replies asks one address; when nothing answers, the error names it
// (::1 is what `localhost` gives first on many systems, and an IPv4-only
// server never hears it).
TEST(CliWords, AllRepliesSaysWhichAddressWasAsked) {
  std::uint16_t closed_port = 0;
  {
    auto gone = bound_loopback_socket(net::Family::ipv6);
    closed_port = port_of(gone);
  }
  const std::string port = std::to_string(closed_port);
  const auto result = run_dgram({"send", "::1", port, "x", "--all-replies", "-t", "300ms"});
  EXPECT_EQ(result.exit_code, 3) << result.err;
  const auto lines = lines_of(result.err);
  ASSERT_EQ(lines.size(), 1u) << result.err;
  EXPECT_TRUE(
      lines[0].starts_with("dgram: error: no answer from any host within 300 ms "
                           "(--timeout); only [::1]:" +
                           port + " was asked"))
      << lines[0];
}

TEST(CliWords, ArgumentsAfterDoubleDashAreNotOptions) {
  // After "--", "--echo=1" is the MESSAGE, not a flag given a value.
  auto receiver = bound_loopback_socket(net::Family::ipv4);
  const auto result =
      run_dgram({"send", "127.0.0.1", "--", std::to_string(port_of(receiver)), "--echo=1"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  const auto got = receive(receiver);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->text(), "--echo=1");
}

// A word that starts with '/' is an argument on every OS: CLI11 would take
// `/x` for `-x` and `/help` for `--help` in a Windows build by default.
TEST(CliWords, SlashWordsAreMessagesOnEveryOs) {
  auto receiver = bound_loopback_socket(net::Family::ipv4);
  const std::string port = std::to_string(port_of(receiver));
  for (const std::string message : {"/status", "/x", "/help", "/quoted path", "/m:5", "/4"}) {
    SCOPED_TRACE(message);
    const auto result = run_dgram({"send", "127.0.0.1", port, message});
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(result.out, "");
    const auto got = receive(receiver);
    ASSERT_TRUE(got) << result.err;
    EXPECT_EQ(got->text(), message);
  }
  // A slash word is no option for listen either: an argument too many.
  const auto listen = run_dgram({"listen", "0", "/q"});
  EXPECT_EQ(listen.exit_code, 2);
  EXPECT_NE(listen.err.find("unexpected argument '/q'"), std::string::npos) << listen.err;
}

TEST(CliWords, DgramAloneIsAShortUsageAndExit2) {
  const auto result = run_dgram({});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(result.out, "");
  const auto lines = lines_of(result.err);
  EXPECT_GE(lines.size(), 2u) << result.err;
  EXPECT_LE(lines.size(), 6u) << result.err;
  EXPECT_NE(result.err.find("dgram listen [options] PORT"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("dgram send [options] HOST PORT [MESSAGE]"), std::string::npos);
  EXPECT_NE(result.err.find("dgram help"), std::string::npos);
}

TEST(CliWords, HelpAndVersionInEveryForm) {
  for (const std::vector<std::string>& args : {std::vector<std::string>{"help"},
                                               {"--help"},
                                               {"-h"},
                                               {"help", "listen"},
                                               {"listen", "--help"},
                                               {"help", "send"},
                                               {"send", "--help"},
                                               {"send", "-h"}}) {
    SCOPED_TRACE(testing::PrintToString(args));
    const auto result = run_dgram(args);
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(result.err, "");
    EXPECT_NE(result.out.find("Usage: dgram"), std::string::npos) << result.out;
    EXPECT_NE(result.out.find("Exit codes"), std::string::npos) << "the exit-code footer";
    expect_dgram_words(result.out);
    for (const std::string& line : lines_of(result.out)) {
      EXPECT_LE(line.size(), 79u) << line;
    }
  }
  EXPECT_EQ(run_dgram({"help", "send"}).out, run_dgram({"send", "--help"}).out);
  EXPECT_EQ(run_dgram({"help", "listen"}).out, run_dgram({"listen", "--help"}).out);
  const auto send_help = run_dgram({"help", "send"}).out;
  for (const char* option : {"--interval", "--timeout", "--reply", "HOST", "PORT", "MESSAGE"}) {
    EXPECT_NE(send_help.find(option), std::string::npos) << option;
  }
  for (const char* flag : {"-V", "--version"}) {
    const auto version = run_dgram({flag});
    EXPECT_EQ(version.exit_code, 0) << flag;
    EXPECT_TRUE(version.out.starts_with("dgram ")) << version.out;
    EXPECT_EQ(lines_of(version.out).size(), 1u) << version.out;
    EXPECT_EQ(version.err, "");
  }
}

}  // namespace
}  // namespace dgram::test
