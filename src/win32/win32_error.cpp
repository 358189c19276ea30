#include "win32/win32_error.hpp"

#include "win32/winsock_headers.hpp"

#include <fmt/format.h>

#include "win32/utf16.hpp"

namespace dgram::win32 {
namespace {

// FormatMessageW's text for `code` in `language` (0: the system's choice),
// without its ".\r\n" ending; empty when Windows has none.
std::string format_message(DWORD code, DWORD language) {
  wchar_t* text = nullptr;
  const DWORD length = FormatMessageW(
      FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS,
      nullptr, code, language, reinterpret_cast<wchar_t*>(&text), 0, nullptr);
  std::string message = length > 0 ? to_utf8(std::wstring_view(text, length)) : std::string();
  LocalFree(text);
  while (!message.empty() && (message.back() == '\n' || message.back() == '\r' ||
                              message.back() == '.' || message.back() == ' ')) {
    message.pop_back();
  }
  return message;
}

}  // namespace

ErrorKind kind_of(unsigned long code) {
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
    // What a blocked call cut short by CancelSynchronousIo (the Ctrl+C
    // handler) or by WSACancelBlockingCall fails with: the user's doing.
    case ERROR_OPERATION_ABORTED:  // also WSA_OPERATION_ABORTED
    case WSAEINTR:
      return ErrorKind::interrupted;
    default:
      return ErrorKind::system;
  }
}

std::string system_message(unsigned long code) {
  // Language 0 would give the system's language inside dgram's English line.
  std::string message = format_message(code, MAKELANGID(LANG_ENGLISH, SUBLANG_ENGLISH_US));
  if (message.empty()) message = format_message(code, 0);
  if (message.empty()) message = "system error";
  return fmt::format("{} (error {})", message, code);
}

Error system_error(unsigned long code, std::string_view context) {
  return {kind_of(code), fmt::format("{}: {}", context, system_message(code))};
}

Error winsock_error(int code, std::string_view context) {
  return system_error(static_cast<unsigned long>(code), context);
}

Error last_winsock_error(std::string_view context) {
  return winsock_error(WSAGetLastError(), context);
}

}  // namespace dgram::win32
