// Buffered record output to stdout.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "common/records/output_format.hpp"
#include "common/records/record_run.hpp"
#include "common/result.hpp"

namespace dgram {

class Output {
 public:
  // `interactive`: a person reads it (a terminal), so every record goes out
  // at once rather than in batches.
  explicit Output(std::FILE* file, bool interactive = false)
      : file_(file), interactive_(interactive) {}

  // Appends one record; flush() writes it out.
  void add(const Record& record, const RecordStyle& style);
  // Appends the records of datagrams one read brought from one sender.
  void add_run(const RecordRun& run, const RecordStyle& style) {
    append_record_run(buffer_, record_ends_, run, style);
  }
  // Appends a whole line of a mode's own (a --watch event) among the records.
  void add_line(std::string_view line);

  // Writes the buffered records. ErrorKind::output_closed once the reader
  // has gone (`| head -1`); other write failures are errors. Records a
  // failed flush could not write whole are dropped and counted.
  Status flush();

  // Flushes when a person waits for it or enough has piled up to be worth a
  // system call.
  Status flush_if_due() { return due() ? flush() : Status{}; }

  // Writes what the output takes without waiting (a relay must not stop
  // relaying for a slow reader); the rest waits for the next call. Beyond
  // backlog_most waiting bytes the records not yet started are dropped and
  // counted as not written.
  Status flush_now();
  // Whether records are waiting to be written.
  bool backlog() const { return !buffer_.empty(); }
  // Whether flush_if_due would write now.
  bool due() const { return interactive_ || buffer_.size() >= flush_threshold; }

  // Records lost to a failed or interrupted write.
  std::uint64_t not_written() const { return not_written_; }

 private:
  static constexpr std::size_t flush_threshold = 64 * 1024;
  static constexpr std::size_t backlog_most = 1024 * 1024;
  void consume(std::size_t written);
  void drop_backlog();
  void count_unwritten(std::size_t written);
  std::FILE* file_;
  bool interactive_;
  std::string buffer_;
  std::vector<std::size_t> record_ends_;  // offsets in buffer_
  std::uint64_t not_written_ = 0;
  bool front_started_ = false;  // the first record's start is out already
};

}  // namespace dgram
