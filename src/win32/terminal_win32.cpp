// The live status line's console on Windows: virtual-terminal processing
// (ESC[K) turned on for the time of the status line where the console
// allows it, carriage returns and spaces where it does not (consoles before
// Windows 10 1511, or with the legacy console on).
#include "win32/winsock_headers.hpp"

#include "common/system.hpp"

namespace dgram {
namespace {

// The console mode found before ENABLE_VIRTUAL_TERMINAL_PROCESSING was
// turned on, to put back at the end.
bool mode_changed = false;
DWORD mode_before = 0;

HANDLE console_of(std::FILE* file) {
  const HANDLE handle =
      GetStdHandle(file == stdout ? STD_OUTPUT_HANDLE : STD_ERROR_HANDLE);  // dgram's only two
  DWORD mode = 0;
  if (handle == nullptr || handle == INVALID_HANDLE_VALUE || !GetConsoleMode(handle, &mode)) {
    return nullptr;
  }
  return handle;
}

}  // namespace

sys::LineRewrite sys::begin_line_rewrite(std::FILE* file) {
  const HANDLE console = console_of(file);
  if (console == nullptr) return LineRewrite::none;
  DWORD mode = 0;
  GetConsoleMode(console, &mode);
  if ((mode & ENABLE_VIRTUAL_TERMINAL_PROCESSING) != 0) return LineRewrite::erase_sequence;
  // The mode belongs to the console, which the shell shares: changed only
  // while the status line is shown.
  if (SetConsoleMode(console, mode | ENABLE_VIRTUAL_TERMINAL_PROCESSING)) {
    mode_changed = true;
    mode_before = mode;
    return LineRewrite::erase_sequence;
  }
  return LineRewrite::carriage_return;
}

void sys::end_line_rewrite(std::FILE* file) {
  if (!mode_changed) return;
  if (const HANDLE console = console_of(file)) SetConsoleMode(console, mode_before);
  mode_changed = false;
}

std::optional<std::size_t> sys::terminal_columns(std::FILE* file) {
  const HANDLE console = console_of(file);
  CONSOLE_SCREEN_BUFFER_INFO info{};
  if (console == nullptr || !GetConsoleScreenBufferInfo(console, &info)) return std::nullopt;
  const int columns = info.srWindow.Right - info.srWindow.Left + 1;
  if (columns <= 0) return std::nullopt;
  return static_cast<std::size_t>(columns);
}

}  // namespace dgram
