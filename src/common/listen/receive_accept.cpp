// What the receive loop does with each datagram it accepts: counted, put in
// the capture file, handed to the handlers, and shown as a record.
#include <algorithm>

#include "common/endpoint.hpp"
#include "common/listen/receive_session.hpp"
#include "common/records/diagnostics.hpp"
#include "common/records/endpoint_text.hpp"

namespace dgram {

Status ReceiveSession::accept(std::span<ReceiveHandler* const> handlers,
                              const net::ReceivedDatagram& datagram) {
  const net::Endpoint from = unmap(datagram.received.from);
  if (!allow_.accepts(from)) {
    ++*stats_.rejected;  // never shown, never handled
    return {};
  }
  for (ReceiveHandler* handler : handlers) {
    if (handler->refuses(from)) return {};
  }
  ++stats_.datagrams;
  stats_.bytes += datagram.received.size;
  if (capture_) capture_->add(datagram, from, options_->max_size, time_);
  bool shown = true;
  for (ReceiveHandler* handler : handlers) {
    auto handled = handler->accepted(datagram, from, *this);
    if (!handled) return handled.take_error();
    shown = shown && *handled;
  }
  return shown ? show(datagram.bytes, datagram.received.size, from) : Status{};
}

// accept() for datagrams of one sender with no handler to see them.
Status ReceiveSession::accept_run(std::span<const net::ReceivedDatagram> run) {
  const net::Endpoint from = unmap(run.front().received.from);
  if (!allow_.accepts(from)) {
    *stats_.rejected += run.size();
    return {};
  }
  stats_.datagrams += run.size();
  // Counted in one pass (no call, no branch a datagram); the capture and
  // the --max-size check, each datagram alone, only where they apply.
  std::uint64_t total = 0;
  std::size_t largest = 0;
  for (const net::ReceivedDatagram& datagram : run) {
    total += datagram.received.size;
    largest = std::max(largest, datagram.received.size);
  }
  stats_.bytes += total;
  if (capture_) {
    for (const net::ReceivedDatagram& datagram : run) {
      capture_->add(datagram, from, options_->max_size, time_);
    }
  }
  if (largest > options_->max_size) {
    for (const net::ReceivedDatagram& datagram : run) within_limit(datagram.received.size, from);
  }
  if (!records_ || output_gone_) return {};
  // In slices of a few KiB of payload, each written out when due: the
  // output buffer stays as small as for records one by one (a run can be
  // 2,048 datagrams of 1,400 bytes), and what it holds stays in the cache.
  constexpr std::size_t slice_bytes = 16 * 1024;
  while (!run.empty()) {
    std::size_t count = 0;
    for (std::size_t bytes = 0; count < run.size() && bytes < slice_bytes; ++count) {
      bytes += std::min(run[count].received.size, options_->max_size);
    }
    out_->add_run(RecordRun{from, time_, run.first(count), options_->max_size}, options_->style);
    if (auto written = write_out(/*idle=*/false); !written) return written;
    run = run.subspan(count);
  }
  return {};
}

Status ReceiveSession::show(std::span<const std::byte> bytes, std::size_t size,
                            const net::Endpoint& from) {
  const std::size_t shown = within_limit(size, from);
  if (!records_ || output_gone_) return {};
  out_->add(Record{from, bytes.first(std::min(shown, bytes.size())), size, time_, {}, {}},
            options_->style);
  return write_out(/*idle=*/false);
}

Status ReceiveSession::show_record(const Record& record) {
  if (!records_ || output_gone_) return {};
  out_->add(record, options_->style);
  return write_out(/*idle=*/false);
}

void ReceiveSession::add_line(std::string_view line) {
  if (!records_ || output_gone_) return;
  out_->add_line(line);
}

std::size_t ReceiveSession::within_limit(std::size_t size, const net::Endpoint& from) {
  const std::size_t shown = std::min(size, options_->max_size);
  if (shown < size) {
    ++stats_.truncated;
    if (!options_->quiet && oversize_warnings_.allow()) {
      print_diagnostic(log_,
                       "dgram: warning: datagram from {} is {} bytes, over --max-size {}; "
                       "showing the first {} (raise --max-size to see it whole{})\n",
                       endpoint_text(from), size, options_->max_size, shown, words_.oversize_note);
    }
  }
  return shown;
}

}  // namespace dgram
