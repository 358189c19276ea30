#include "common/error.hpp"

#include <gtest/gtest.h>

#include <map>

namespace dgram {
namespace {

// Every kind with the exit code the README documents for it. The loop below
// fails when a kind is added to ErrorKind without a line here.
const std::map<ErrorKind, int> documented_exit_codes = {
    {ErrorKind::usage, 2},
    {ErrorKind::resolve_failed, 1},
    {ErrorKind::address_in_use, 1},
    {ErrorKind::permission_denied, 1},
    {ErrorKind::connection_refused, 1},
    {ErrorKind::message_too_big, 1},
    {ErrorKind::would_block, 1},
    {ErrorKind::system, 1},
    {ErrorKind::timed_out, 3},
    {ErrorKind::interrupted, 130},
    {ErrorKind::output_closed, 0},
    {ErrorKind::network_unreachable, 1},
};

TEST(ExitCodes, EachKindMapsToTheDocumentedCode) {
  for (const auto& [kind, code] : documented_exit_codes) {
    EXPECT_EQ(exit_code_for(kind), code) << "ErrorKind " << static_cast<int>(kind);
  }
}

TEST(ExitCodes, EveryKindIsInTheTable) {
  // The enumerators are numbered from 0 without gaps; network_unreachable is
  // the last one.
  const int last = static_cast<int>(ErrorKind::network_unreachable);
  EXPECT_EQ(documented_exit_codes.size(), static_cast<std::size_t>(last + 1));
  for (int value = 0; value <= last; ++value) {
    EXPECT_TRUE(documented_exit_codes.contains(static_cast<ErrorKind>(value)))
        << "ErrorKind " << value << " has no documented exit code in this test";
  }
}

}  // namespace
}  // namespace dgram
