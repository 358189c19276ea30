#include "win32/standard_handles.hpp"

#include <io.h>

#include "common/system.hpp"
#include "win32/win32_error.hpp"

namespace dgram::win32 {
namespace {

// Writing to a pipe whose reader has gone fails with one of three codes,
// depending on the kind of pipe and how the reader left.
bool reader_gone(DWORD code) {
  return code == ERROR_NO_DATA || code == ERROR_BROKEN_PIPE || code == ERROR_PIPE_NOT_CONNECTED;
}

}  // namespace

HANDLE handle_of(std::FILE* file) {
  if (file == stdout) return GetStdHandle(STD_OUTPUT_HANDLE);
  if (file == stderr) return GetStdHandle(STD_ERROR_HANDLE);
  if (file == stdin) return GetStdHandle(STD_INPUT_HANDLE);
  return reinterpret_cast<HANDLE>(_get_osfhandle(_fileno(file)));
}

bool is_console(HANDLE handle) {
  DWORD mode = 0;
  return handle != nullptr && handle != INVALID_HANDLE_VALUE && GetConsoleMode(handle, &mode) != 0;
}

bool is_usable(HANDLE handle) {
  if (handle == nullptr || handle == INVALID_HANDLE_VALUE) return false;
  SetLastError(NO_ERROR);
  return GetFileType(handle) != FILE_TYPE_UNKNOWN || GetLastError() == NO_ERROR;
}

Error output_error(DWORD code) {
  if (reader_gone(code)) return {ErrorKind::output_closed, "the reader of the output went away"};
  if (sys::interrupt_requested() || code == ERROR_OPERATION_ABORTED) return interrupted_error();
  return system_error(code, "cannot write the output");
}

}  // namespace dgram::win32
