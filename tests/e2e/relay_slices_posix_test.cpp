// listen --forward while datagrams flow both ways reads a slice of 8 at a
// time, so that answers go back between slices and each slice goes upstream
// before the next is read; traffic one way goes in whole batches. Seen from
// an upstream that reads coalesced (Linux UDP GRO): each of the relay's
// segmented sends (UDP_SEGMENT) arrives as one message, which holds what one
// read of the listener brought. A client's burst of 32 waits in the buffer
// of a stopped relay (SIGSTOP), so that one read could take all of it.
// POSIX builds; skipped where the kernel does not segment, and in the
// portable build (DGRAM_PORTABLE), whose relay sends each datagram alone.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <netinet/udp.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstring>
#include <fstream>
#include <string>
#include <thread>

#include "support/loopback.hpp"
#include "support/run_dgram.hpp"
#include "support/segmenting_peer_posix.hpp"

namespace dgram::test {
namespace {

constexpr std::size_t burst = 32;

#if defined(__linux__) && defined(UDP_GRO) && !defined(DGRAM_PORTABLE)

// The upstream: a plain socket on 127.0.0.1 that reads coalesced.
class GroUpstream {
 public:
  GroUpstream() {
    fd_ = ::socket(AF_INET, SOCK_DGRAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    const int on = 1;
    ok_ = fd_ >= 0 && ::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
          ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length) == 0 &&
          ::setsockopt(fd_, SOL_UDP, UDP_GRO, &on, sizeof on) == 0;
    port_ = ntohs(address.sin_port);
  }
  GroUpstream(const GroUpstream&) = delete;
  GroUpstream& operator=(const GroUpstream&) = delete;
  ~GroUpstream() {
    if (fd_ >= 0) ::close(fd_);
  }
  bool ok() const { return ok_; }
  std::uint16_t port() const { return port_; }

  // One read within 10 s: how many datagrams it held (0: none came), and
  // who sent it.
  std::size_t read(sockaddr_in& from) {
    pollfd ready{fd_, POLLIN, 0};
    if (::poll(&ready, 1, 10'000) != 1) return 0;
    char data[65536];
    iovec piece{data, sizeof data};
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))];
    msghdr message{};
    message.msg_name = &from;
    message.msg_namelen = sizeof from;
    message.msg_iov = &piece;
    message.msg_iovlen = 1;
    message.msg_control = control;
    message.msg_controllen = sizeof control;
    const ssize_t got = ::recvmsg(fd_, &message, MSG_DONTWAIT);
    if (got <= 0) return 0;
    int segment = 0;
    for (cmsghdr* header = CMSG_FIRSTHDR(&message); header != nullptr;
         header = CMSG_NXTHDR(&message, header)) {
      if (header->cmsg_level == SOL_UDP && header->cmsg_type == UDP_GRO) {
        std::memcpy(&segment, CMSG_DATA(header), sizeof segment);
      }
    }
    const auto size = static_cast<std::size_t>(got);
    if (segment <= 0) return 1;
    const auto each = static_cast<std::size_t>(segment);
    return (size + each - 1) / each;
  }

  bool answer(const sockaddr_in& to) {
    return ::sendto(fd_, "a", 1, 0, reinterpret_cast<const sockaddr*>(&to), sizeof to) == 1;
  }

 private:
  int fd_ = -1;
  bool ok_ = false;
  std::uint16_t port_ = 0;
};

// Whether process `pid` sleeps (a relay waiting for datagrams), within 10 s.
bool sleeping(int pid) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < until) {
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    std::getline(stat, line);
    const std::size_t name_end = line.rfind(')');
    if (name_end != std::string::npos && line.size() > name_end + 2 && line[name_end + 2] == 'S') {
      return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return false;
}

// The most datagrams one message to the upstream held when a burst of 32
// reached a stopped relay, after one request that was answered or not.
std::size_t most_in_one_send(bool answered) {
  GroUpstream upstream;
  EXPECT_TRUE(upstream.ok());
  // The shell's pid is the relay's: it execs dgram.
  Process relay = Process::start(
      "/bin/sh", {"-c", "echo $$; exec \"$0\" listen 0 -4 -q -t 20s --forward \"$1\"",
                  dgram_executable(), "127.0.0.1:" + std::to_string(upstream.port())});
  EXPECT_TRUE(relay.wait_for_stdout("\n", 60s));
  EXPECT_TRUE(relay.wait_for_stderr("listening on 0.0.0.0:", 60s));
  EXPECT_TRUE(relay.wait_for_stderr("\n", 30s));
  const std::string out = relay.stdout_text();
  const std::string err = relay.stderr_text();
  int pid = 0;
  std::from_chars(out.data(), out.data() + out.size(), pid);
  const std::size_t colon = err.find("0.0.0.0:") + 8;
  std::uint16_t port = 0;
  std::from_chars(err.data() + colon, err.data() + err.size(), port);
  EXPECT_GT(pid, 0) << out;
  EXPECT_NE(port, 0) << err;
  if (pid <= 0 || port == 0) return 0;

  auto client = bound_loopback_socket(net::Family::ipv4);
  const net::Endpoint to = loopback(net::Family::ipv4, port);
  EXPECT_TRUE(client.send_to(bytes_of("r"), to).ok());
  sockaddr_in relay_side{};
  EXPECT_EQ(upstream.read(relay_side), 1U);
  if (answered) {
    EXPECT_TRUE(upstream.answer(relay_side));
    EXPECT_TRUE(receive(client, 10s)) << relay.stderr_text();
  }
  EXPECT_TRUE(sleeping(pid));
  ::kill(pid, SIGSTOP);
  const auto payload = pattern(100);
  for (std::size_t i = 0; i < burst; ++i) EXPECT_TRUE(client.send_to(payload, to).ok());
  ::kill(pid, SIGCONT);
  std::size_t total = 0, most = 0;
  while (total < burst) {
    const std::size_t held = upstream.read(relay_side);
    if (held == 0) break;
    total += held;
    most = std::max(most, held);
  }
  EXPECT_EQ(total, burst) << relay.stderr_text();
  relay.interrupt();
  relay.wait(20s);
  return most;
}

bool segments() { return SegmentingPeer::kernel_segments(); }
#else
bool segments() { return false; }  // or dgram itself does not segment
std::size_t most_in_one_send(bool) { return 0; }
#endif

TEST(RelaySlices, WhileAnswersComeBackABurstGoesUpstreamInSlices) {
  if (!segments()) GTEST_SKIP() << "no UDP segmentation or GRO here, or a portable build";
  EXPECT_LE(most_in_one_send(/*answered=*/true), 8U);
}

TEST(RelaySlices, WithoutAnswersABurstGoesUpstreamWhole) {
  if (!segments()) GTEST_SKIP() << "no UDP segmentation or GRO here, or a portable build";
  EXPECT_EQ(most_in_one_send(/*answered=*/false), burst);
}

}  // namespace
}  // namespace dgram::test
