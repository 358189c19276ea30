// The POSIX layer's offload paths, through net.hpp's behaviour only: Linux
// segments send_copies' messages (UDP_SEGMENT) where two copies fit one, and
// with enable_coalesced_receive reads many datagrams per recvmmsg message
// (UDP GRO), which receive_batch splits again and hands over across calls;
// send_batch_now sends each run of datagrams of one size as one message;
// the kernel's drop count is then a lower bound. The portable build
// (DGRAM_PORTABLE) does none of it and must receive the same.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <netinet/udp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common/wait.hpp"

#include <fmt/format.h>

#include "support/loopback.hpp"
#include "support/segmenting_peer_posix.hpp"

namespace dgram::test {
namespace {

#if defined(__linux__) && !defined(DGRAM_PORTABLE)
constexpr bool linux_offload = true;
#else
constexpr bool linux_offload = false;
#endif

TEST(SendOffload, SegmentsWhereTwoCopiesFitOneMessage) {
  for (const std::size_t size :
       {std::size_t{64}, std::size_t{1}, std::size_t{9000}, std::size_t{0}, std::size_t{40'000}}) {
    auto receiver = bound_loopback_socket(net::Family::ipv4);
    ASSERT_TRUE(receiver.set_receive_buffer(4 << 20).ok());
    auto sender = bound_loopback_socket(net::Family::ipv4);
    ASSERT_TRUE(sender.connect(loopback(net::Family::ipv4, port_of(receiver))).ok());
    const auto datagram = pattern(size);
    auto went = sender.send_copies(datagram, 10);
    ASSERT_TRUE(went.ok()) << went.error().message;
    for (std::uint64_t i = 0; i < *went; ++i) {
      const auto got = receive(receiver);
      ASSERT_TRUE(got) << size << " B: copy " << i;
      EXPECT_EQ(got->payload, datagram);
    }
    // Nothing more than was sent: a segmented message is split whole.
    EXPECT_FALSE(receive(receiver, 200ms)) << size << " B: more copies than went";
  }
}

// A receiver of its own with UDP GRO on, on 127.0.0.1: a segmented message
// reaches it whole, in one read, where a plain one comes a datagram a read.
// Returns the size of its first read (0: none within 5 s).
class CoalescingReceiver {
 public:
  CoalescingReceiver() {
    fd_ = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    int on = 1;
    sockaddr_in local{};
    local.sin_family = AF_INET;
    local.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof local;
    auto* address = reinterpret_cast<sockaddr*>(&local);
    ok_ = fd_ >= 0 && ::setsockopt(fd_, SOL_UDP, UDP_GRO, &on, sizeof on) == 0 &&
          ::bind(fd_, address, length) == 0 && ::getsockname(fd_, address, &length) == 0;
    port_ = ntohs(local.sin_port);
  }
  CoalescingReceiver(const CoalescingReceiver&) = delete;
  CoalescingReceiver& operator=(const CoalescingReceiver&) = delete;
  ~CoalescingReceiver() {
    if (fd_ >= 0) ::close(fd_);
  }
  bool ok() const { return ok_; }
  std::uint16_t port() const { return port_; }
  std::size_t first_read() const {
    pollfd ready{fd_, POLLIN, 0};
    if (::poll(&ready, 1, 5000) != 1) return 0;
    std::vector<char> buffer(65'536);
    const ssize_t got = ::recv(fd_, buffer.data(), buffer.size(), 0);
    return got > 0 ? static_cast<std::size_t>(got) : 0;
  }

 private:
  int fd_ = -1;
  bool ok_ = false;
  std::uint16_t port_ = 0;
};

TEST(SendOffload, SendBatchNowSendsARunOfOneSizeAsOneMessage) {
  if (!SegmentingPeer::kernel_segments()) GTEST_SKIP() << "this kernel has no UDP_SEGMENT";
  CoalescingReceiver receiver;
  ASSERT_TRUE(receiver.ok());
  auto sender = bound_loopback_socket(net::Family::ipv4);
  const auto datagram = pattern(100);
  std::vector<std::span<const std::byte>> batch(40, datagram);
  const net::Endpoint to = loopback(net::Family::ipv4, receiver.port());
  std::size_t sent = 0;
  ASSERT_TRUE(sender.send_batch_now(batch, &to, sent).ok());
  EXPECT_EQ(sent, batch.size());
  EXPECT_EQ(receiver.first_read(), linux_offload ? 40 * datagram.size() : datagram.size());
}

class ReceiveOffload : public testing::TestWithParam<net::Family> {
 protected:
  void SetUp() override {
    if (!SegmentingPeer::kernel_segments()) GTEST_SKIP() << "this kernel has no UDP_SEGMENT";
  }
};

std::string text_of(std::span<const std::byte> bytes) {
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

TEST_P(ReceiveOffload, CoalescedReadIsSplitIntoItsDatagramsAcrossCalls) {
  const net::Family family = GetParam();
  auto receiver = bound_loopback_socket(family);
  EXPECT_EQ(receiver.enable_coalesced_receive(), linux_offload);
  SegmentingPeer peer(family);
  const auto group = numbered_datagrams(64, 100, 37);
  ASSERT_TRUE(peer.send(group, port_of(receiver)));

  std::vector<net::ReceivedDatagram> batch(64);
  std::size_t got = 0;
  // Calls of 1, 2, 3, ... datagrams: a read's rest comes with the next call.
  for (std::size_t want = 1; got < group.size() && want <= group.size(); ++want) {
    auto ready = net::wait_readable(receiver, 5s);
    ASSERT_TRUE(ready.ok() && *ready == net::Readiness::readable) << "at " << got;
    auto filled = receiver.receive_batch(std::span(batch).first(want));
    ASSERT_TRUE(filled.ok()) << filled.error().message;
    ASSERT_GE(*filled, 1u);
    ASSERT_LE(*filled, want);
    for (std::size_t i = 0; i < *filled; ++i, ++got) {
      ASSERT_LT(got, group.size()) << "more datagrams than were sent";
      const net::ReceivedDatagram& datagram = batch[i];
      EXPECT_EQ(datagram.received.size, group[got].size()) << "datagram " << got;
      EXPECT_EQ(text_of(datagram.bytes), group[got]) << "datagram " << got;
      EXPECT_EQ(datagram.received.from, loopback(family, peer.port()));
    }
  }
  EXPECT_EQ(got, group.size());
  auto ready = net::wait_readable(receiver, 200ms);
  ASSERT_TRUE(ready.ok());
  EXPECT_EQ(*ready, net::Readiness::timed_out) << "more datagrams than were sent";
}

TEST_P(ReceiveOffload, DropsOfCoalescedGroupsAreALowerBound) {
  const net::Family family = GetParam();
  auto receiver = bound_loopback_socket(family);
  ASSERT_TRUE(receiver.set_receive_buffer(4096).ok());
  const bool counts = receiver.enable_kernel_drop_count();
  EXPECT_EQ(counts, linux_offload);
  EXPECT_EQ(receiver.enable_coalesced_receive(), linux_offload);
  SegmentingPeer peer(family);
  // 50 groups of 64 into a buffer that holds a few, nothing read meanwhile.
  constexpr std::size_t groups = 50;
  const auto group = numbered_datagrams(64, 64, 64);
  for (std::size_t i = 0; i < groups; ++i) ASSERT_TRUE(peer.send(group, port_of(receiver)));
  std::vector<net::ReceivedDatagram> batch(64);
  std::uint64_t received = 0;
  auto drain = [&] {
    for (int calls = 0; calls < 10'000; ++calls) {
      auto ready = net::wait_readable(receiver, 200ms);
      ASSERT_TRUE(ready.ok());
      if (*ready == net::Readiness::timed_out) return;
      auto filled = receiver.receive_batch(batch);
      ASSERT_TRUE(filled.ok()) << filled.error().message;
      received += *filled;
    }
  };
  drain();
  // Where the kernel tells the count when asked (SO_MEMINFO) it is known at
  // once, without a datagram after the drops to carry it.
  if (const net::KernelDrops early = receiver.kernel_drops(); early.count > 0) {
    EXPECT_TRUE(early.at_least);
    EXPECT_EQ(received + 64 * early.count, groups * group.size())
        << received << " received, " << early.count << " drops counted";
  }
  // SO_RXQ_OVFL tells the count with the next datagram the kernel queues.
  ASSERT_TRUE(peer.send({"last"}, port_of(receiver)));
  drain();
  const std::uint64_t sent = groups * group.size() + 1;
  const net::KernelDrops drops = receiver.kernel_drops();
  if (!counts) {
    EXPECT_EQ(drops.count, 0u);
    return;
  }
  ASSERT_GT(drops.count, 0u) << received << " received";
  EXPECT_TRUE(drops.at_least);
  EXPECT_LE(received + drops.count, sent);
  EXPECT_GE(received + 64 * drops.count, sent);
  // What the kernel does (Linux 6.x, __udp_enqueue_schedule_skb): one drop
  // per coalesced group, however many datagrams it held. Should this fail,
  // a kernel counts otherwise and the summary's "at least" needs a look.
  EXPECT_EQ(received + 64 * drops.count, sent)
      << received << " received, " << drops.count << " drops counted";
}

INSTANTIATE_TEST_SUITE_P(Families, ReceiveOffload,
                         testing::Values(net::Family::ipv4, net::Family::ipv6),
                         [](const auto& param_info) {
                           return param_info.param == net::Family::ipv4 ? "IPv4" : "IPv6";
                         });

}  // namespace
}  // namespace dgram::test
