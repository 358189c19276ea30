// The tests' own main: like dgram's, it holds the socket runtime (Winsock)
// for the whole run before any test opens a socket.
#include <gtest/gtest.h>

#include "common/net.hpp"

int main(int argc, char** argv) {
  testing::InitGoogleTest(&argc, argv);
  auto runtime = dgram::net::Runtime::start();
  if (!runtime) {
    std::fprintf(stderr, "cannot start the socket runtime: %s\n", runtime.error().message.c_str());
    return 1;
  }
  return RUN_ALL_TESTS();
}
