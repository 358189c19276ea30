#include "common/records/record_run.hpp"

#include <algorithm>
#include <array>
#include <cstring>

#include "common/records/hex_record.hpp"
#include "common/records/json_record.hpp"
#include "common/records/plain_run.hpp"
#include "common/records/text_record.hpp"

namespace dgram {
namespace {

std::span<const std::byte> shown_of(const net::ReceivedDatagram& datagram, std::size_t max_size) {
  return datagram.bytes.first(std::min({datagram.received.size, max_size, datagram.bytes.size()}));
}

// Records gathered on the stack and appended a block at a time: one append
// per block rather than one per piece of every record. Blocks stay below the
// size where a copy turns into `rep movsb`, slow to start on small copies.
class BlockWriter {
 public:
  explicit BlockWriter(std::string& out) : out_(out) {}
  BlockWriter(const BlockWriter&) = delete;
  BlockWriter& operator=(const BlockWriter&) = delete;
  ~BlockWriter() { flush(); }

  void put(std::string_view head, std::span<const std::byte> payload, std::string_view tail) {
    const std::size_t length = head.size() + payload.size() + tail.size();
    if (used_ + length > block_.size() || length > large) flush();
    if (length > large) {  // copied once rather than twice: straight to the output
      out_ += head;
      out_.append(reinterpret_cast<const char*>(payload.data()), payload.size());
      out_ += tail;
      return;
    }
    char* at = block_.data() + used_;
    copy(at, head.data(), head.size());
    copy(at, payload.data(), payload.size());
    copy(at, tail.data(), tail.size());
    used_ += length;
  }
  // The output whole, for a writer that appends to it.
  std::string& flushed() {
    flush();
    return out_;
  }
  // Where the output ends, with what is gathered.
  std::size_t end() const { return out_.size() + used_; }

 private:
  static void copy(char*& at, const void* bytes, std::size_t length) {
    if (length == 0) return;  // an empty payload's bytes may be null
    std::memcpy(at, bytes, length);
    at += length;
  }
  void flush() {
    out_.append(block_.data(), used_);
    used_ = 0;
  }
  std::string& out_;
  static constexpr std::size_t large = 384;
  std::array<char, 1536> block_;
  std::size_t used_ = 0;
};

// What a format's records of one run share before the payload, made again
// only when the datagram's size changes (the last of a run may be shorter).
class RunHead {
 public:
  template <typename Make>
  const std::string& of(std::size_t shown, std::size_t size, Make make) {
    if (!made_ || shown != shown_ || size != size_) {
      text_.clear();
      make(text_);
      made_ = true;
      shown_ = shown;
      size_ = size;
    }
    return text_;
  }

 private:
  std::string text_;
  bool made_ = false;
  std::size_t shown_ = 0, size_ = 0;
};

// Text and json: head, payload and tail copied when the payload is plain,
// the careful record (append_record) otherwise.
template <typename Special, typename MakeHead>
void append_plain_run(std::string& out, std::vector<std::size_t>& ends, const RecordRun& run,
                      const RecordStyle& style, std::string_view tail, bool text,
                      MakeHead make_head) {
  BlockWriter writer(out);
  RunHead head;
  for (const net::ReceivedDatagram& datagram : run.datagrams) {
    const auto shown = shown_of(datagram, run.max_size);
    const std::size_t size = datagram.received.size;
    const Record record{run.from, shown, size, run.time, {}, {}};
    // A text payload's leading '[' is escaped (text_record.cpp).
    const bool plain = plain::all_plain<Special>(shown) &&
                       !(text && !shown.empty() && shown.front() == std::byte{'['});
    if (plain) {
      const std::string& start =
          head.of(shown.size(), size, [&](std::string& into) { make_head(into, record); });
      writer.put(start, shown, tail);
    } else {
      append_record(writer.flushed(), record, style);
    }
    ends.push_back(writer.end());
  }
}

}  // namespace

void append_record_run(std::string& out, std::vector<std::size_t>& ends, const RecordRun& run,
                       const RecordStyle& style) {
  switch (style.format) {
    case OutputFormat::text:
      append_plain_run<plain::TextSpecial>(
          out, ends, run, style, "\n", /*text=*/true, [&](std::string& into, const Record& record) {
            append_record_stamp(into, record.time, style);
            append_text_head(into, record.from, record.shown.size(), record.size);
          });
      return;
    case OutputFormat::json:
      append_plain_run<plain::JsonSpecial>(
          out, ends, run, style, "\"}\n", /*text=*/false,
          [](std::string& into, const Record& record) { append_json_head(into, record); });
      return;
    case OutputFormat::raw: {
      // Payloads that lie one after the other in memory (those of one
      // coalesced read, none cut by --max-size) are copied in one piece.
      std::size_t end = out.size();
      const std::byte* from = nullptr;
      const std::byte* to = nullptr;
      for (const net::ReceivedDatagram& datagram : run.datagrams) {
        const auto shown = shown_of(datagram, run.max_size);
        if (shown.data() != to) {
          if (from != nullptr)
            out.append(reinterpret_cast<const char*>(from), static_cast<std::size_t>(to - from));
          from = shown.data();
        }
        to = shown.data() + shown.size();
        end += shown.size();
        ends.push_back(end);
      }
      if (from != nullptr)
        out.append(reinterpret_cast<const char*>(from), static_cast<std::size_t>(to - from));
      return;
    }
    case OutputFormat::hex: {
      RunHead head;
      for (const net::ReceivedDatagram& datagram : run.datagrams) {
        const auto shown = shown_of(datagram, run.max_size);
        out += head.of(shown.size(), datagram.received.size, [&](std::string& into) {
          append_record_stamp(into, run.time, style);
          append_hex_head(into, run.from, shown.size(), datagram.received.size);
        });
        append_hex_dump(out, shown);
        ends.push_back(out.size());
      }
      return;
    }
  }
}

}  // namespace dgram
