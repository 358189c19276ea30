#include <fcntl.h>
#include <io.h>
#include "win32/winsock_headers.hpp"

#include <atomic>
#include <cstdio>

#include "common/system.hpp"
#include "win32/interrupt_win32.hpp"
#include "win32/utf16.hpp"

namespace dgram {
namespace {

std::atomic<bool> interrupt_flag{false};
HANDLE interrupt_handle = nullptr;

BOOL WINAPI on_console_control(DWORD event) {
  switch (event) {
    case CTRL_C_EVENT:
    case CTRL_BREAK_EVENT:
    case CTRL_CLOSE_EVENT:
      interrupt_flag = true;
      SetEvent(interrupt_handle);
      return TRUE;
    default:
      return FALSE;
  }
}

}  // namespace

HANDLE win32::interrupt_event() { return interrupt_handle; }

std::vector<std::string> sys::command_line(int argc, char** argv) {
  // argv is in the ANSI code page, which cannot hold every character: the
  // UTF-16 command line can.
  int count = 0;
  wchar_t** wide = CommandLineToArgvW(GetCommandLineW(), &count);
  if (wide == nullptr) return std::vector<std::string>(argv, argv + argc);
  std::vector<std::string> args;
  args.reserve(static_cast<std::size_t>(count));
  for (int i = 0; i < count; ++i) args.push_back(win32::to_utf8(wide[i]));
  LocalFree(wide);
  return args;
}

void sys::prepare_console() {
  // Payloads and records are bytes: no CRLF translation, no code page
  // conversion. A console shows the UTF-8 records as UTF-8.
  _setmode(_fileno(stdin), _O_BINARY);
  _setmode(_fileno(stdout), _O_BINARY);
  SetConsoleOutputCP(CP_UTF8);
}

std::FILE* sys::open_file(const std::string& path, const char* mode) {
  return _wfopen(win32::to_utf16(path).c_str(), win32::to_utf16(mode).c_str());
}

void sys::install_interrupt_handler() {
  if (interrupt_handle != nullptr) return;
  interrupt_handle = CreateEventW(nullptr, TRUE, FALSE, nullptr);
  if (interrupt_handle != nullptr) SetConsoleCtrlHandler(on_console_control, TRUE);
}

bool sys::interrupt_requested() { return interrupt_flag; }

}  // namespace dgram
