// dgram.exe started the ways Windows starts programs that the POSIX tests
// cannot show: detached, with no standard handles (as a service or a GUI
// program starts a tool), and given interfaces by the names users see.
// Windows builds only.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "support/loopback.hpp"
#include "support/run_dgram.hpp"
#include "win32/utf16.hpp"
#include "win32/winsock_headers.hpp"
// IF_TYPE_SOFTWARE_LOOPBACK: the header the IP_ADAPTER_ADDRESSES page names.
#include <ipifcons.h>

namespace dgram::test {
namespace {

int exit_code_of(Process process) {
  const ProcessResult result = process.wait(20s);
  EXPECT_FALSE(result.timed_out);
  return result.exit_code;
}

TEST(Detached, EachCommandDoesWhatItCanWithoutStandardHandles) {
  auto receiver = bound_loopback_socket(net::Family::ipv4);
  const std::string port = std::to_string(port_of(receiver));
  // A MESSAGE needs no standard stream (and a closed stderr changes nothing).
  EXPECT_EQ(exit_code_of(Process::start_detached(dgram_executable(),
                                                 {"send", "127.0.0.1", port, "detached"})),
            0);
  const auto got = receive(receiver, 10s);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->text(), "detached");
  // No stdin to take a payload from, no stdout for a reply, no stdout for
  // records: usage errors at start (exit 2), nothing sent.
  EXPECT_EQ(exit_code_of(Process::start_detached(dgram_executable(), {"send", "127.0.0.1", port})),
            2);
  EXPECT_EQ(exit_code_of(Process::start_detached(dgram_executable(),
                                                 {"send", "127.0.0.1", port, "-", "--lines"})),
            2);
  EXPECT_EQ(exit_code_of(Process::start_detached(
                dgram_executable(), {"send", "127.0.0.1", port, "x", "--reply", "-t", "1s"})),
            2);
  EXPECT_FALSE(receive(receiver, 300ms)) << "nothing may be sent";
  EXPECT_EQ(exit_code_of(Process::start_detached(dgram_executable(), {"listen", "0", "-t", "5s"})),
            2);
}

TEST(Detached, QuietEchoServerWorksWithoutStandardHandles) {
  auto client = bound_loopback_socket(net::Family::ipv4);
  std::uint16_t port = 0;
  {
    // A port that was free a moment ago.
    auto probe = bound_loopback_socket(net::Family::ipv4);
    port = port_of(probe);
  }
  Process server = Process::start_detached(
      dgram_executable(),
      {"listen", std::to_string(port), "-b", "127.0.0.1", "-q", "--echo", "-t", "2s"});
  // Until it has bound, probes go nowhere: send until one comes back.
  bool echoed = false;
  const auto give_up = std::chrono::steady_clock::now() + 20s;
  for (int i = 0; !echoed && std::chrono::steady_clock::now() < give_up; ++i) {
    const std::string probe = "probe " + std::to_string(i);
    ASSERT_TRUE(client.send_to(bytes_of(probe), loopback(net::Family::ipv4, port)).ok());
    const auto answer = receive(client, 500ms);
    echoed = answer && answer->text() == probe;
  }
  EXPECT_TRUE(echoed) << "the detached echo server never answered";
  // Then it idles out with the documented code, its summary gone to NUL.
  const ProcessResult result = server.wait(20s);
  EXPECT_EQ(result.exit_code, 3);
}

struct InterfaceNames {
  std::string alias;  // what users see: "Ethernet", "Wi-Fi" ("lo" under Wine)
  std::string name;   // what if_nametoindex knows: "ethernet_32768" ("loopback_1")
  std::uint32_t index = 0;
};

// The names of the loopback interface, from the IP Helper API.
std::optional<InterfaceNames> loopback_interface() {
  ULONG size = 64 * 1024;
  std::vector<unsigned char> buffer(size);
  auto* list = reinterpret_cast<IP_ADAPTER_ADDRESSES*>(buffer.data());
  if (GetAdaptersAddresses(AF_UNSPEC, 0, nullptr, list, &size) != NO_ERROR) return std::nullopt;
  for (const IP_ADAPTER_ADDRESSES* adapter = list; adapter != nullptr; adapter = adapter->Next) {
    if (adapter->IfType != IF_TYPE_SOFTWARE_LOOPBACK) continue;
    wchar_t name[NDIS_IF_MAX_STRING_SIZE + 1] = {};
    if (ConvertInterfaceLuidToNameW(&adapter->Luid, name, NDIS_IF_MAX_STRING_SIZE + 1) !=
        NO_ERROR) {
      return std::nullopt;
    }
    return InterfaceNames{win32::to_utf8(adapter->FriendlyName), win32::to_utf8(name),
                          static_cast<std::uint32_t>(adapter->IfIndex)};
  }
  return std::nullopt;
}

TEST(InterfaceNames, AliasAndInterfaceNameBothWork) {
  const auto loopback = loopback_interface();
  ASSERT_TRUE(loopback) << "no loopback interface";
  ASSERT_NE(loopback->alias, loopback->name);
  const std::string scoped = "[fe80::1%" + std::to_string(loopback->index) + "]:9";
  for (const std::string& iface : {loopback->alias, loopback->name}) {
    // %IFACE: the scope becomes the index, which the endpoint in the
    // outcome's message shows (no reply, or no route: either way named).
    const ProcessResult sent =
        run_dgram({"send", "fe80::1%" + iface, "9", "x", "--reply", "-t", "200ms"});
    EXPECT_NE(sent.err.find(scoped), std::string::npos) << iface << ": " << sent.err;
    // @IFACE: the name is known (joining may then fail where the stack
    // cannot: Wine lacks MCAST_JOIN_GROUP).
    const ProcessResult joined =
        run_dgram({"listen", "0", "-4", "--join", "239.255.77.1@" + iface, "-t", "200ms"});
    EXPECT_NE(joined.exit_code, 2) << iface << ": " << joined.err;
    EXPECT_EQ(joined.err.find("no network interface"), std::string::npos) << joined.err;
  }
  const ProcessResult unknown =
      run_dgram({"listen", "0", "-4", "--join", "239.255.77.1@no such interface", "-t", "1s"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("no network interface is called 'no such interface'"),
            std::string::npos)
      << unknown.err;
}

}  // namespace
}  // namespace dgram::test
