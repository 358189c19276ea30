#include "common/error.hpp"

#include <gtest/gtest.h>

namespace dgram {
namespace {

TEST(ExitCodes, EachKindMapsToTheDocumentedCode) {
  EXPECT_EQ(exit_code_for(ErrorKind::usage), 2);
  EXPECT_EQ(exit_code_for(ErrorKind::timed_out), 3);
  EXPECT_EQ(exit_code_for(ErrorKind::interrupted), 130);
  for (const ErrorKind kind :
       {ErrorKind::resolve_failed, ErrorKind::address_in_use, ErrorKind::permission_denied,
        ErrorKind::connection_refused, ErrorKind::message_too_big, ErrorKind::system}) {
    EXPECT_EQ(exit_code_for(kind), 1);
  }
}

}  // namespace
}  // namespace dgram
