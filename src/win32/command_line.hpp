// The command line split into arguments exactly as the Microsoft C runtime
// (2008 and later) splits it for main's argv, so that a batch file's quoting
// means to dgram what it means to every other C program it runs.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace dgram::win32 {

// Splits `command_line` (GetCommandLineW's text). The program name runs to
// the first space or tab outside quotes, quotes dropped, backslashes kept.
// Every later argument is separated by spaces and tabs outside quotes;
// 2n backslashes before a quote give n backslashes and the quote opens or
// closes quoting, 2n+1 give n backslashes and a literal quote; other
// backslashes are literal; inside quotes `""` is a literal quote (the
// 2008 rule); `""` alone is an empty argument.
std::vector<std::wstring> split_command_line(std::wstring_view command_line);

}  // namespace dgram::win32
