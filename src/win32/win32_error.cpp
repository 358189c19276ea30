#include "win32/win32_error.hpp"

#include "win32/winsock_headers.hpp"

#include <fmt/format.h>

#include "win32/utf16.hpp"

namespace dgram::win32 {
namespace {

ErrorKind kind_of(int code) {
  switch (code) {
    case WSAEADDRINUSE:
      return ErrorKind::address_in_use;
    case WSAEACCES:
      return ErrorKind::permission_denied;
    // Windows reports an ICMP port unreachable as a reset, even on UDP.
    case WSAECONNRESET:
    case WSAECONNREFUSED:
      return ErrorKind::connection_refused;
    // ICMP network/host unreachable, and TTL expired (WSAENETRESET on UDP).
    case WSAENETUNREACH:
    case WSAEHOSTUNREACH:
    case WSAENETRESET:
      return ErrorKind::network_unreachable;
    case WSAEMSGSIZE:
      return ErrorKind::message_too_big;
    case WSAEWOULDBLOCK:
      return ErrorKind::would_block;
    case WSAHOST_NOT_FOUND:
    case WSATRY_AGAIN:
    case WSANO_RECOVERY:
    case WSANO_DATA:
    case WSATYPE_NOT_FOUND:
      return ErrorKind::resolve_failed;
    default:
      return ErrorKind::system;
  }
}

std::string system_message(int code) {
  wchar_t* text = nullptr;
  const DWORD length = FormatMessageW(
      FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS,
      nullptr, static_cast<DWORD>(code), 0, reinterpret_cast<wchar_t*>(&text), 0, nullptr);
  std::string message = length > 0 ? to_utf8(std::wstring_view(text, length)) : std::string();
  LocalFree(text);
  // System messages end with ".\r\n"; the error line adds its own ending.
  while (!message.empty() && (message.back() == '\n' || message.back() == '\r' ||
                              message.back() == '.' || message.back() == ' ')) {
    message.pop_back();
  }
  if (message.empty()) message = "system error";
  return fmt::format("{} (error {})", message, code);
}

}  // namespace

Error winsock_error(int code, std::string_view context) {
  return {kind_of(code), fmt::format("{}: {}", context, system_message(code))};
}

Error last_winsock_error(std::string_view context) {
  return winsock_error(WSAGetLastError(), context);
}

}  // namespace dgram::win32
