// The --summary json writer: one object on one line that a real parser reads
// back exactly, whatever the error text holds; exit reasons per error kind.
#include "common/records/summary_json.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace dgram {
namespace {

TEST(SummaryJsonWriter, FieldsParseBackInOrder) {
  JsonLine line;
  line.text("command", "listen")
      .number("received", 18446744073709551615u)
      .decimal("elapsed_seconds", 1.23456, 3)
      .boolean("at_least", true)
      .null("kernel_drops");
  const std::string text = std::move(line).finish();
  EXPECT_EQ(text, R"({"command":"listen","received":18446744073709551615,"elapsed_seconds":1.235,)"
                  R"("at_least":true,"kernel_drops":null})"
                  "\n");
  const auto parsed = nlohmann::json::parse(text);
  EXPECT_EQ(parsed["received"].get<std::uint64_t>(), 18446744073709551615u);
}

TEST(SummaryJsonWriter, TextIsEscapedAndStaysOnOneLine) {
  for (const std::string& value :
       {std::string("quote \" backslash \\ newline \n tab \t"), std::string("esc \x1b[31m"),
        std::string("Grüße ✓"), std::string("not utf-8 \xff\xfe"), std::string("nul \0 x", 7)}) {
    JsonLine line;
    line.text("error", value);
    const std::string text = std::move(line).finish();
    EXPECT_EQ(text.find('\n'), text.size() - 1) << text;
    EXPECT_EQ(text.find('\x1b'), std::string::npos) << text;
    const auto parsed = nlohmann::json::parse(text);
    if (value.find('\xff') == std::string::npos) {
      EXPECT_EQ(parsed["error"], value);
    } else {
      EXPECT_EQ(parsed["error"], "not utf-8 \\xff\\xfe");  // as text records show it
    }
  }
}

TEST(SummaryJsonWriter, ExitReasonsAndCodes) {
  struct Case {
    Status outcome;
    const char* reason;
    int code;
    bool error;
  };
  const Case cases[] = {
      {Status{}, "count", 0, false},
      {Error{ErrorKind::timed_out, "no datagram"}, "timeout", 3, true},
      {Error{ErrorKind::interrupted, "interrupted"}, "interrupted", 130, false},
      {Error{ErrorKind::output_closed, "gone"}, "output_closed", 0, false},
      {Error{ErrorKind::usage, "bad line"}, "usage", 2, true},
      {Error{ErrorKind::connection_refused, "nothing is listening"}, "error", 1, true},
      {Error{ErrorKind::system, "disk full"}, "error", 1, true},
  };
  for (const Case& c : cases) {
    JsonLine line;
    add_exit_fields(line, c.outcome, "count");
    const auto parsed = nlohmann::json::parse(std::move(line).finish());
    EXPECT_EQ(parsed["exit_reason"], c.reason);
    EXPECT_EQ(parsed["exit_code"], c.code) << c.reason;
    EXPECT_EQ(parsed.contains("error"), c.error) << c.reason;
  }
}

TEST(SummaryJsonWriter, ParsesTextAndJsonOnly) {
  EXPECT_EQ(*parse_summary_format("text"), SummaryFormat::text);
  EXPECT_EQ(*parse_summary_format("json"), SummaryFormat::json);
  for (const char* bad : {"xml", "JSON", "", "json "}) {
    const auto parsed = parse_summary_format(bad);
    ASSERT_FALSE(parsed) << bad;
    EXPECT_EQ(parsed.error().kind, ErrorKind::usage);
  }
  EXPECT_EQ(parse_summary_format("xml").error().message,
            "invalid --summary 'xml': use text or json");
}

}  // namespace
}  // namespace dgram
