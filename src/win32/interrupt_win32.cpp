// Ctrl+C, Ctrl+Break and the console's close button: a flag, an event that
// wakes every wait, and a cancel for the main thread's synchronous I/O.
#include "win32/interrupt_win32.hpp"

#include <algorithm>
#include <atomic>
#include <cstdint>

#include "common/deadline.hpp"
#include "common/system.hpp"

namespace dgram {
namespace {

std::atomic<bool> interrupt_flag{false};
HANDLE interrupt_handle = nullptr;
HANDLE main_thread = nullptr;

void interrupt_main_thread() {
  interrupt_flag = true;
  SetEvent(interrupt_handle);
  // Pipes are read and written on helper threads, which the event frees the
  // main thread from; anything else synchronous that blocks the main thread
  // (a file on a stalled share) is cut short here.
  CancelSynchronousIo(main_thread);
}

BOOL WINAPI on_console_control(DWORD event) {
  switch (event) {
    case CTRL_C_EVENT:
    case CTRL_BREAK_EVENT:
      interrupt_main_thread();
      return TRUE;
    case CTRL_CLOSE_EVENT:
      interrupt_main_thread();
      // Windows ends the process when this handler returns; the main thread
      // gets a moment to print the summary and exit on its own first.
      Sleep(3000);
      return TRUE;
    default:
      return FALSE;
  }
}

}  // namespace

HANDLE win32::interrupt_event() { return interrupt_handle; }

bool win32::wait_bounded(HANDLE handle, std::chrono::nanoseconds duration) {
  using namespace std::chrono;
  const auto deadline = steady_clock::now() + duration;
  while (true) {
    // At most longest_wait, below INFINITE (0xFFFFFFFF), which would never end.
    const auto wait_ms = static_cast<DWORD>(milliseconds_left(deadline).count());
    if (wait_ms == 0) return false;
    if (handle == nullptr) {
      Sleep(wait_ms);
    } else if (WaitForSingleObject(handle, wait_ms) == WAIT_OBJECT_0) {
      return true;
    }
  }
}

void sys::install_interrupt_handler() {
  if (interrupt_handle != nullptr) return;
  // GetCurrentThread() is a pseudo handle that means "the calling thread";
  // the handler runs on a thread of its own and needs the real one.
  DuplicateHandle(GetCurrentProcess(), GetCurrentThread(), GetCurrentProcess(), &main_thread, 0,
                  FALSE, DUPLICATE_SAME_ACCESS);
  interrupt_handle = CreateEventW(nullptr, TRUE, FALSE, nullptr);
  if (interrupt_handle != nullptr) SetConsoleCtrlHandler(on_console_control, TRUE);
}

bool sys::interrupt_requested() { return interrupt_flag; }

// A Windows process has no signal to end by: 130 is what cmd.exe and
// PowerShell see of Ctrl+C.
int sys::finish_process(int exit_code) { return exit_code; }

bool sys::pause_unless_interrupted(std::chrono::nanoseconds duration) {
  if (interrupt_requested()) return true;
  if (duration <= std::chrono::nanoseconds(0)) return false;
  // Without the event (not installed) a plain sleep, in slices too.
  win32::wait_bounded(interrupt_handle, duration);
  return interrupt_requested();
}

}  // namespace dgram
