// The output's accounting when a write fails: every record whose end did
// not go out is counted as not written, and later flushes go on counting.
#include "common/records/output.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <vector>

namespace dgram {
namespace {

struct FileCloser {
  void operator()(std::FILE* file) const { std::fclose(file); }
};

const RecordStyle raw_style{OutputFormat::raw, false};

void add_raw(Output& output, std::size_t size) {
  const std::vector<std::byte> payload(size, std::byte{'x'});
  output.add(Record{{}, payload, payload.size(), {}, {}, {}}, raw_style);
}

TEST(Output, AFailedWriteCountsEveryRecordOfTheBatch) {
  // A file opened for reading only: the write fails before a byte goes out.
  const auto path = std::filesystem::temp_directory_path() / "dgram_output_test_read_only";
  std::ofstream(path) << "";
  const std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.string().c_str(), "rb"));
  ASSERT_NE(file, nullptr);
  Output output(file.get());
  add_raw(output, 10);
  add_raw(output, 20);
  add_raw(output, 30);
  EXPECT_FALSE(output.flush());
  EXPECT_EQ(output.not_written(), 3u);
  // The failed batch is gone; the next one is counted on top.
  add_raw(output, 5);
  EXPECT_FALSE(output.flush());
  EXPECT_EQ(output.not_written(), 4u);
  std::error_code ignored;
  std::filesystem::remove(path, ignored);
}

TEST(Output, NothingIsCountedWhenTheWriteSucceeds) {
  const std::unique_ptr<std::FILE, FileCloser> file(std::tmpfile());
  ASSERT_NE(file, nullptr);
  Output output(file.get());
  add_raw(output, 10);
  add_raw(output, 20);
  EXPECT_TRUE(output.flush());
  EXPECT_EQ(output.not_written(), 0u);
  EXPECT_TRUE(output.flush()) << "an empty flush writes nothing and cannot fail";
  EXPECT_EQ(output.not_written(), 0u);
}

}  // namespace
}  // namespace dgram
