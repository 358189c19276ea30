// The end of a process a signal stopped: by that signal itself, so that the
// shell that started dgram knows it was interrupted.
#include <signal.h>

#include <cstdio>

#include "common/error.hpp"
#include "common/system.hpp"
#include "posix/interrupt_posix.hpp"

namespace dgram {

int sys::finish_process(int exit_code) {
  const int signal_number = posix::interrupt_signal();
  if (exit_code != exit_interrupted || signal_number == 0) return exit_code;
  // Everything is written first: what stdio may still hold (records and the
  // summary went out already, through write(2)).
  std::fflush(nullptr);
  // Stops the SIGALRM kick the handler may have set.
  interrupt_requested();
  // A shell tells "stopped by Ctrl+C" from "exited with 130" only by how the
  // process ended: bash goes on with a loop unless its child died of SIGINT.
  struct sigaction action {};
  action.sa_handler = SIG_DFL;
  sigemptyset(&action.sa_mask);
  sigaction(signal_number, &action, nullptr);
  sigset_t unblocked;
  sigemptyset(&unblocked);
  sigaddset(&unblocked, signal_number);
  sigprocmask(SIG_UNBLOCK, &unblocked, nullptr);
  raise(signal_number);
  return exit_code;  // not reached: the default action of each ends the process
}

}  // namespace dgram
