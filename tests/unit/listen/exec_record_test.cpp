// What records and the summary say about --exec handlers: the text marker
// only where a handler failed, an "exec" object in JSON that a parser reads,
// and summary counts whose words agree with their numbers.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "common/listen/exec_counts.hpp"
#include "common/listen/exec_record.hpp"
#include "common/records/output_format.hpp"

namespace dgram {
namespace {

using namespace std::chrono_literals;

sys::HandlerResult ended(sys::HandlerEnd end, int code, std::size_t output = 0) {
  sys::HandlerResult result;
  result.end = end;
  result.code = code;
  result.output.resize(output);
  result.ran = 2500us;
  return result;
}

// The record of a 2-byte datagram "hi" with `note`, in `format`.
std::string record_of(const ExecNote& note, OutputFormat format) {
  std::string record;
  const std::string payload = "hi";
  append_record(record,
                Record{{},
                       std::as_bytes(std::span(payload.data(), payload.size())),
                       2,
                       {},
                       note.text,
                       note.json},
                RecordStyle{format, false});
  return record;
}

nlohmann::json json_of(const ExecNote& note) {
  return nlohmann::json::parse(record_of(note, OutputFormat::json))["exec"];
}

std::string text_of(const ExecNote& note) {
  const std::string record = record_of(note, OutputFormat::text);
  return record.substr(record.find(' ') + 1);
}

TEST(ExecRecord, ASuccessAddsNothingToTextAndEverythingToJson) {
  const ExecNote note = ended_note(ended(sys::HandlerEnd::exited, 0, 5), "", 10s);
  EXPECT_EQ(text_of(note), "hi\n");
  const auto exec = json_of(note);
  EXPECT_EQ(exec["result"], "ok");
  EXPECT_EQ(exec["exit"], 0);
  EXPECT_TRUE(exec["signal"].is_null());
  EXPECT_DOUBLE_EQ(exec["seconds"].get<double>(), 0.0025);
  EXPECT_EQ(exec["reply"], 5);
  EXPECT_TRUE(exec["reply_problem"].is_null());
}

TEST(ExecRecord, EveryFailureIsMarked) {
  EXPECT_EQ(text_of(ended_note(ended(sys::HandlerEnd::exited, 3), "", 10s)), "[exit 3] hi\n");
  EXPECT_EQ(text_of(ended_note(ended(sys::HandlerEnd::signalled, 9), "", 10s)),
            "[killed by signal 9] hi\n");
  EXPECT_EQ(text_of(ended_note(ended(sys::HandlerEnd::timed_out, 0), "", 1500ms)),
            "[timed out after 1500 ms] hi\n");
  EXPECT_EQ(text_of(ended_note(ended(sys::HandlerEnd::stopped, 0), "", 10s)), "[stopped] hi\n");
  EXPECT_EQ(text_of(ended_note(ended(sys::HandlerEnd::exited, 0, 70000), "too big", 10s)),
            "[reply too big, not sent] hi\n");
  EXPECT_EQ(text_of(ended_note(ended(sys::HandlerEnd::exited, 2, 1), "refused", 10s)),
            "[exit 2, reply refused] hi\n");
  EXPECT_EQ(text_of(dropped_note()), "[dropped: every handler busy, queue full] hi\n");
}

TEST(ExecRecord, JsonSaysHowItEnded) {
  const auto signalled = json_of(ended_note(ended(sys::HandlerEnd::signalled, 9), "", 10s));
  EXPECT_EQ(signalled["result"], "signal");
  EXPECT_EQ(signalled["signal"], 9);
  EXPECT_TRUE(signalled["exit"].is_null());
  const auto too_big = json_of(ended_note(ended(sys::HandlerEnd::exited, 0, 9), "too big", 10s));
  EXPECT_TRUE(too_big["reply"].is_null());
  EXPECT_EQ(too_big["reply_problem"], "too big");
  EXPECT_EQ(json_of(ended_note(ended(sys::HandlerEnd::timed_out, 0), "", 10s))["result"],
            "timed out");
  EXPECT_EQ(json_of(dropped_note())["result"], "dropped");
  EXPECT_TRUE(json_of(dropped_note())["seconds"].is_null());
}

TEST(ExecCounts, SummaryWordsAgreeWithTheNumbers) {
  ExecCounts counts;
  counts.run = 12;
  counts.failed = 1;
  counts.not_found = 1;
  counts.timed_out = 1;
  counts.dropped = 3;
  counts.replies = 10;
  counts.reply_bytes = 120;
  EXPECT_EQ(exec_summary_line(counts),
            "\ndgram: ran 12 handlers: 10 ok, 1 failed (1 not found), 1 timed out; 3 dropped "
            "(queue full); 10 replies sent (120 bytes)");
  JsonLine line;
  add_exec_fields(line, counts);
  const auto json = nlohmann::json::parse(std::move(line).finish());
  EXPECT_EQ(json["handlers_run"], 12);
  EXPECT_EQ(json["handlers_ok"], 10);
  EXPECT_EQ(json["handlers_dropped"], 3);
  EXPECT_EQ(json["reply_bytes"], 120);
}

}  // namespace
}  // namespace dgram
