// `dgram completion SHELL` on the real binary (natively and under Wine):
// each script is printed whole with exit 0 and covers every command, option
// and --format value; a wrong or missing shell is one usage line, exit 2;
// `completion` is a command like listen and send in help and suggestions.
// That the scripts work in their shells is tests/completion/.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/cli/completion.hpp"
#include "common/records/output_format.hpp"
#include "common/records/summary_json.hpp"
#include "support/run_dgram.hpp"

namespace dgram::test {
namespace {

TEST(Completion, EveryShellGetsAScriptWithEveryCommandOptionAndFormat) {
  for (std::string_view shell : completion_shells) {
    SCOPED_TRACE(shell);
    const auto result = run_dgram({"completion", std::string(shell)});
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(result.err, "");
    // Long options without their dashes: fish writes them "-l max-size".
    for (const char* word : {"listen", "send", "completion", "max-size", "rcvbuf", "source-port",
                             "interval", "version", "powershell"}) {
      EXPECT_NE(result.out.find(word), std::string::npos) << word;
    }
    for (std::string_view format : output_format_names) {
      EXPECT_NE(result.out.find(format), std::string::npos) << format;
    }
    // Text the shell reads: no carriage returns, one trailing newline.
    EXPECT_EQ(result.out.find('\r'), std::string::npos);
    EXPECT_TRUE(result.out.ends_with("\n"));
  }
  EXPECT_NE(run_dgram({"completion", "bash"}).out.find("complete -F _dgram dgram"),
            std::string::npos);
  EXPECT_TRUE(run_dgram({"completion", "zsh"}).out.starts_with("#compdef dgram\n"));
}

TEST(Completion, EveryFormatNameIsAFormat) {
  for (std::string_view format : output_format_names) {
    EXPECT_TRUE(parse_output_format(format)) << format;
  }
  for (std::string_view summary : summary_format_names) {
    EXPECT_TRUE(parse_summary_format(summary)) << summary;
  }
}

struct Case {
  std::vector<std::string> args;
  std::string says;
};

TEST(Completion, AWrongOrMissingShellIsOneUsageLine) {
  const std::vector<Case> cases = {
      {{"completion", "tcsh"},
       "dgram completion knows bash, zsh, fish and powershell, not 'tcsh'; see 'dgram completion "
       "--help'"},
      {{"completion", "bsh"}, "not 'bsh'; did you mean bash"},
      {{"completion", "Bash"}, "not 'Bash'"},
      {{"completion"}, "missing SHELL: dgram completion takes SHELL"},
      {{"completion", "bash", "zsh"}, "unexpected argument 'zsh': dgram completion takes SHELL"},
      {{"completion", "--bogus", "bash"}, "unknown option '--bogus' for dgram completion"},
      {{"completion", "bash", "--format", "json"},
       "unknown option '--format' for dgram completion"},
      {{"complet", "bash"}, "unknown command 'complet'; did you mean completion?"},
      {{"help", "completions"}, "dgram help knows listen, send and completion, not 'completions'"},
  };
  for (const Case& bad : cases) {
    SCOPED_TRACE(testing::PrintToString(bad.args));
    const auto result = run_dgram(bad.args);
    EXPECT_EQ(result.exit_code, 2) << result.err;
    const auto lines = lines_of(result.err);
    ASSERT_EQ(lines.size(), 1u) << result.err;
    EXPECT_TRUE(lines[0].starts_with("dgram: error: ")) << lines[0];
    EXPECT_NE(lines[0].find(bad.says), std::string::npos) << lines[0];
    EXPECT_EQ(result.out, "");
  }
}

TEST(Completion, IsACommandInHelpLikeListenAndSend) {
  const auto top = run_dgram({"--help"});
  EXPECT_NE(top.out.find("  completion "), std::string::npos) << top.out;
  const auto help = run_dgram({"help", "completion"});
  EXPECT_EQ(help.exit_code, 0) << help.err;
  EXPECT_NE(help.out.find("Usage: dgram completion [OPTIONS] SHELL"), std::string::npos)
      << help.out;
  EXPECT_NE(help.out.find("bash, zsh, fish or powershell"), std::string::npos) << help.out;
  EXPECT_NE(help.out.find("Exit codes"), std::string::npos);
  EXPECT_EQ(help.out, run_dgram({"completion", "--help"}).out);
  EXPECT_EQ(help.out, run_dgram({"completion", "-h"}).out);
  const auto usage = run_dgram({});
  EXPECT_NE(usage.err.find("dgram completion bash|zsh|fish|powershell"), std::string::npos)
      << usage.err;
}

}  // namespace
}  // namespace dgram::test
