// The Windows error table and texts, and how the platform layer tells a
// console from the NUL device.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <io.h>

#include <cstdio>

#include "common/system.hpp"
#include "win32/win32_error.hpp"
#include "win32/winsock_headers.hpp"

namespace dgram::win32 {
namespace {

TEST(Win32Error, CancelledCallsAreInterruptsNotErrors) {
  // What CancelSynchronousIo (the Ctrl+C handler) makes a blocked call fail with.
  EXPECT_EQ(kind_of(ERROR_OPERATION_ABORTED), ErrorKind::interrupted);
  EXPECT_EQ(kind_of(WSA_OPERATION_ABORTED), ErrorKind::interrupted);
  EXPECT_EQ(kind_of(WSAEINTR), ErrorKind::interrupted);
  EXPECT_EQ(exit_code_for(kind_of(ERROR_OPERATION_ABORTED)), 130);
  EXPECT_EQ(kind_of(WSAECONNRESET), ErrorKind::connection_refused);
  EXPECT_EQ(kind_of(ERROR_ACCESS_DENIED), ErrorKind::system);
}

TEST(Win32Error, MessageIsOneLineWithItsNumber) {
  const std::string message = system_message(WSAEADDRINUSE);
  EXPECT_NE(message.find("(error 10048)"), std::string::npos) << message;
  EXPECT_EQ(message.find_first_of("\r\n"), std::string::npos) << message;
  EXPECT_NE(message.rfind(" (error"), 0u) << "the system's text comes first: " << message;
  // A code no table knows still gets its number.
  EXPECT_NE(system_message(0x2345678).find("(error 36984440)"), std::string::npos);
}

TEST(Terminal, NulIsACharacterDeviceButNoConsole) {
  // _isatty says yes to NUL, which made every record a flushed,
  // byte-by-byte write; only GetConsoleMode tells a console.
  std::FILE* null = _wfopen(L"NUL", L"wb");
  ASSERT_NE(null, nullptr);
  EXPECT_NE(_isatty(_fileno(null)), 0) << "the C runtime's view";
  EXPECT_FALSE(sys::is_terminal(null));
  std::size_t written = 0;
  EXPECT_TRUE(sys::write_output(null, "a record\n", written).ok());
  EXPECT_EQ(written, 9u);
  std::fclose(null);
}

}  // namespace
}  // namespace dgram::win32
