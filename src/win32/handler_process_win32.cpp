// sys::HandlerProcess on Windows: cmd.exe /d /s /c COMMAND in a job object,
// its three pipes served by threads, waited for with its time limit, killed
// with everything in its job at its end (handler_launch_win32.hpp,
// handler_streams_win32.hpp).
#include "common/handler_process.hpp"

#include <algorithm>
#include <chrono>
#include <functional>
#include <iterator>
#include <mutex>
#include <utility>
#include <vector>

#include "win32/handler_launch_win32.hpp"
#include "win32/handler_streams_win32.hpp"
#include "win32/win32_error.hpp"

namespace dgram::sys {

using win32::ErrorLines;
using win32::ErrorStream;
using win32::LaunchedHandler;
using win32::PumpThread;

namespace {

using Clock = std::chrono::steady_clock;

// cmd.exe's exit code for a command it cannot find.
constexpr int cmd_not_found = 9009;
// The exit code of what TerminateJobObject ends (never reported: the run
// is then timed_out or stopped).
constexpr UINT killed_exit_code = 1;
// How long the streams may take to reach their end once the job is killed:
// only a process outside the job holding a pipe end (none of dgram's) could
// make them take longer.
constexpr std::chrono::seconds drain_after_kill{5};

DWORD milliseconds_until(Clock::time_point deadline) {
  const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now());
  // Waits of 49 days or more in slices (INFINITE is 0xFFFFFFFF).
  return static_cast<DWORD>(
      std::clamp<std::chrono::milliseconds::rep>(left.count(), 0, 0x7FFFFFFF));
}

// `start` + `timeout`, or the clock's end for a timeout beyond it.
Clock::time_point deadline_after(Clock::time_point start, std::chrono::milliseconds timeout) {
  using std::chrono::milliseconds;
  if (timeout >= std::chrono::duration_cast<milliseconds>(Clock::time_point::max() - start)) {
    return Clock::time_point::max();
  }
  return start + timeout;
}

// Waits until every one of `ends` is signalled, handing standard error's
// lines to `lines` meanwhile; false when `deadline` came first.
bool wait_for_ends(std::vector<HANDLE>& ends, ErrorStream& errors, ErrorLines& lines,
                   Clock::time_point deadline) {
  while (!ends.empty()) {
    HANDLE handles[MAXIMUM_WAIT_OBJECTS];
    std::copy(ends.begin(), ends.end(), handles);
    handles[ends.size()] = errors.ready();
    const auto count = static_cast<DWORD>(ends.size() + 1);
    const DWORD waited =
        WaitForMultipleObjects(count, handles, FALSE, milliseconds_until(deadline));
    if (waited == WAIT_TIMEOUT) {
      if (Clock::now() >= deadline) return false;
      continue;
    }
    if (waited >= WAIT_OBJECT_0 + count) return false;  // WAIT_FAILED: treated as out of time
    const DWORD index = waited - WAIT_OBJECT_0;
    if (index == ends.size()) {
      lines.add(errors.take());
    } else {
      ends.erase(ends.begin() + index);
    }
  }
  return true;
}

// Runs the launched, still suspended handler to its end, then kills what
// is left in its job. Its end: cmd.exe exited and both its output streams
// reached theirs, or its time ran out, or stop() killed it.
HandlerResult serve(LaunchedHandler& handler, const HandlerRequest& request,
                    const ErrorLineSink& error_line, const std::function<bool()>& stopped) {
  HandlerResult result;
  std::vector<std::byte> output;
  bool output_over = false;
  ErrorStream errors;
  ErrorLines lines(error_line);
  {
    PumpThread writer([&] { win32::write_input(handler.input, request.input); });
    PumpThread output_reader([&] {
      win32::read_output(handler.output.get(), request.output_most, output, output_over);
    });
    PumpThread error_reader([&] { errors.read_all(handler.errors.get()); });
    std::vector<HANDLE> ends = {handler.process.get(), output_reader.handle(),
                                error_reader.handle()};
    const auto start = Clock::now();
    const PumpThread* pumps[] = {&writer, &output_reader, &error_reader};
    const auto unstarted = std::find_if(std::begin(pumps), std::end(pumps),
                                        [](auto pump) { return !pump->started(); });
    if (unstarted != std::end(pumps)) {
      result.end = HandlerEnd::not_started;
      result.error = "CreateThread: " + win32::system_message((*unstarted)->start_error());
    } else if (ResumeThread(handler.thread.get()) == static_cast<DWORD>(-1)) {
      result.end = HandlerEnd::not_started;
      result.error = "ResumeThread: " + win32::system_message(GetLastError());
    } else {
      const bool ended = wait_for_ends(ends, errors, lines, deadline_after(start, request.timeout));
      result.ran = Clock::now() - start;
      result.end = stopped() ? HandlerEnd::stopped
                   : ended   ? HandlerEnd::exited
                             : HandlerEnd::timed_out;
    }
    // Whatever it left running goes now, and with it every pipe end it held:
    // the streams reach their end and the writer its.
    TerminateJobObject(handler.job.get(), killed_exit_code);
    ends.push_back(writer.handle());
    std::erase(ends, nullptr);
    if (!wait_for_ends(ends, errors, lines, Clock::now() + drain_after_kill)) {
      // A pipe end held outside the job: the threads' calls are cut short
      // (where Windows can cut a pipe's; Wine cannot).
      errors.abandon();
      for (const PumpThread* pump : pumps) {
        if (!pump->ended()) CancelSynchronousIo(pump->handle());
      }
    }
  }  // every thread ended here
  lines.add(errors.take());
  lines.finish();
  result.output = std::move(output);
  result.output_over = output_over;
  if (result.end == HandlerEnd::exited) {
    DWORD code = 0;
    GetExitCodeProcess(handler.process.get(), &code);
    result.code = static_cast<int>(code);
  }
  return result;
}

}  // namespace

struct HandlerProcess::State {
  std::mutex mutex;
  bool stop_requested = false;
  HANDLE job = nullptr;  // the running handler's, while run() holds it

  bool stopped() {
    const std::lock_guard lock(mutex);
    return stop_requested;
  }
  // False when stop() came first: the job is then not to be started.
  bool attach(HANDLE running) {
    const std::lock_guard lock(mutex);
    if (stop_requested) return false;
    job = running;
    return true;
  }
  void detach() {
    const std::lock_guard lock(mutex);
    job = nullptr;
  }
};

HandlerProcess::HandlerProcess() : state_(std::make_unique<State>()) {}
HandlerProcess::~HandlerProcess() = default;

void HandlerProcess::stop() {
  const std::lock_guard lock(state_->mutex);
  state_->stop_requested = true;
  if (state_->job != nullptr) TerminateJobObject(state_->job, killed_exit_code);
}

HandlerResult HandlerProcess::run(const HandlerRequest& request, const ErrorLineSink& error_line) {
  HandlerResult result;
  result.end = HandlerEnd::stopped;
  if (state_->stopped()) return result;
  LaunchedHandler handler;
  if (!win32::launch_handler(request, handler, result.error)) {
    result.end = HandlerEnd::not_started;
    return result;
  }
  // Suspended, in its job: from here on stop() kills it, and a stop that
  // came before is seen here.
  if (!state_->attach(handler.job.get())) return result;
  struct Detach {
    State& state;
    ~Detach() { state.detach(); }  // before the job's handle closes
  } detach{*state_};

  return serve(handler, request, error_line, [this] { return state_->stopped(); });
}

bool means_not_found(const HandlerResult& result) {
  return result.end == HandlerEnd::exited && result.code == cmd_not_found;
}

std::string_view handler_shell() { return "cmd.exe /d /s /c"; }

}  // namespace dgram::sys
