// UTF-8 <-> UTF-16 for the Win32 "W" APIs: dgram is UTF-8 inside.
#pragma once

#include <string>
#include <string_view>

namespace dgram::win32 {

std::wstring to_utf16(std::string_view utf8);
std::string to_utf8(std::wstring_view utf16);

}  // namespace dgram::win32
