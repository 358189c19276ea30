// A write cut short part-way (the reader of a full pipe goes away): the
// records that went out whole are not counted as lost, the rest are, also
// the one whose start went out but whose end did not.
#include <fcntl.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <thread>
#include <vector>

#include "common/records/output.hpp"

namespace dgram {
namespace {

TEST(Output, APartialWriteCountsOnlyTheRecordsThatDidNotGoOutWhole) {
#ifndef F_GETPIPE_SZ
  GTEST_SKIP() << "needs F_GETPIPE_SZ (Linux) to know how much the pipe takes";
#else
  // As dgram does: a reader that went away is an EPIPE error, not a signal.
  std::signal(SIGPIPE, SIG_IGN);
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  const int capacity = fcntl(fds[1], F_GETPIPE_SZ);
  ASSERT_GT(capacity, 0);
  std::FILE* writer = fdopen(fds[1], "wb");
  ASSERT_NE(writer, nullptr);

  // Records of 1,000 bytes, three times what the pipe holds: the write stops
  // when the pipe is full, inside a record unless the capacity is a multiple
  // of 1,000.
  constexpr std::size_t record_size = 1000;
  const std::size_t records = 3 * static_cast<std::size_t>(capacity) / record_size;
  Output output(writer);
  const std::vector<std::byte> payload(record_size, std::byte{'x'});
  for (std::size_t i = 0; i < records; ++i) {
    output.add(Record{{}, payload, payload.size(), {}, {}, {}},
               RecordStyle{OutputFormat::raw, false});
  }
  Status status;
  std::thread flusher([&] { status = output.flush(); });

  // Once the pipe is full the writer waits; then the reader goes away.
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  int queued = 0;
  while (queued < capacity && std::chrono::steady_clock::now() < give_up) {
    ASSERT_EQ(ioctl(fds[0], FIONREAD, &queued), 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  close(fds[0]);
  flusher.join();
  std::fclose(writer);

  ASSERT_EQ(queued, capacity);
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().kind, ErrorKind::output_closed);
  const std::size_t whole = static_cast<std::size_t>(capacity) / record_size;
  EXPECT_EQ(output.not_written(), records - whole);
#endif
}

}  // namespace
}  // namespace dgram
