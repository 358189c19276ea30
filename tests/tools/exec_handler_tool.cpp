// A handler for the tests of `listen --exec`, the same on every OS (the
// shells' own tools are not: cmd.exe has nothing that copies bytes as they
// are). Run through the system shell by dgram as `"PATH" MODE ARGS...`:
//   cat               copies standard input to standard output, byte for byte
//   upper             the same, a-z made A-Z
//   env               prints every DGRAM_* variable as NAME=value lines
//   bytes N           writes N bytes ('x') and exits 0
//   stderr N          writes N lines "line I" to standard error, then copies stdin
//   exit N            exits with status N
//   log DIR MS        writes DIR/<unique>.txt with its start and end times
//                     (steady clock, ns) around a pause of MS, then copies stdin
//   child PIDFILE     starts a copy of itself ("sleep 120000"), writes the
//                     copy's process id to PIDFILE, then waits for ever
//   sleep MS          pauses MS milliseconds
//   alive PID         exit 0 when process PID is running, 1 when not
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <string>
#include <thread>

#ifdef _WIN32
#include <fcntl.h>
#include <io.h>
#include <windows.h>
#else
#include <signal.h>
#include <spawn.h>
#include <unistd.h>
extern char** environ;
#endif

namespace {

std::string read_all_input() {
  std::string bytes;
  char buffer[65536];
  std::size_t got = 0;
  while ((got = std::fread(buffer, 1, sizeof buffer, stdin)) > 0) bytes.append(buffer, got);
  return bytes;
}

void write_out(const std::string& bytes) {
  std::fwrite(bytes.data(), 1, bytes.size(), stdout);
  std::fflush(stdout);
}

long long steady_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

void pause_ms(long ms) { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); }

long long start_copy_sleeping(const char* self) {
#ifdef _WIN32
  std::string line = std::string("\"") + self + "\" sleep 120000";
  STARTUPINFOA startup{};
  startup.cb = sizeof startup;
  PROCESS_INFORMATION info{};
  if (!CreateProcessA(nullptr, line.data(), nullptr, nullptr, FALSE, 0, nullptr, nullptr, &startup,
                      &info)) {
    return -1;
  }
  CloseHandle(info.hThread);
  CloseHandle(info.hProcess);
  return static_cast<long long>(info.dwProcessId);
#else
  pid_t pid = 0;
  char mode[] = "sleep";
  char ms[] = "120000";
  char* argv[] = {const_cast<char*>(self), mode, ms, nullptr};
  if (posix_spawn(&pid, self, nullptr, nullptr, argv, environ) != 0) return -1;
  return pid;
#endif
}

bool alive(long long pid) {
#ifdef _WIN32
  HANDLE process = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, static_cast<DWORD>(pid));
  if (process == nullptr) return false;
  DWORD code = 0;
  const bool running = GetExitCodeProcess(process, &code) && code == STILL_ACTIVE;
  CloseHandle(process);
  return running;
#else
  // A zombie (killed, not yet reaped by whoever adopted it) is not running.
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text;
  if (stat && std::getline(stat, text)) {
    const std::size_t paren = text.rfind(')');
    return paren != std::string::npos && paren + 2 < text.size() && text[paren + 2] != 'Z';
  }
  return kill(static_cast<pid_t>(pid), 0) == 0 && !std::filesystem::exists("/proc/self");
#endif
}

}  // namespace

int main(int argc, char** argv) {
#ifdef _WIN32
  _setmode(_fileno(stdin), _O_BINARY);
  _setmode(_fileno(stdout), _O_BINARY);
#endif
  const std::string mode = argc > 1 ? argv[1] : "";
  const long number = argc > 2 ? std::strtol(argv[2], nullptr, 10) : 0;
  if (mode == "cat") {
    write_out(read_all_input());
  } else if (mode == "upper") {
    std::string bytes = read_all_input();
    for (char& c : bytes) {
      if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    }
    write_out(bytes);
  } else if (mode == "env") {
    (void)read_all_input();
    for (const char* name : {"DGRAM_SENDER", "DGRAM_SENDER_ADDRESS", "DGRAM_SENDER_PORT",
                             "DGRAM_LOCAL_PORT", "DGRAM_SIZE", "DGRAM_TRUNCATED"}) {
      const char* value = std::getenv(name);
      write_out(std::string(name) + "=" + (value ? value : "(unset)") + "\n");
    }
  } else if (mode == "bytes") {
    write_out(std::string(static_cast<std::size_t>(number), 'x'));
  } else if (mode == "stderr") {
    for (long i = 1; i <= number; ++i) std::fprintf(stderr, "line %ld\n", i);
    std::fflush(stderr);
    write_out(read_all_input());
  } else if (mode == "exit") {
    (void)read_all_input();
    return static_cast<int>(number);
  } else if (mode == "log" && argc > 3) {
    const long long start = steady_ns();
    pause_ms(std::strtol(argv[3], nullptr, 10));
    const long long end = steady_ns();
    std::random_device random;
    const auto name = std::to_string(start) + "-" + std::to_string(random()) + ".txt";
    std::ofstream(std::filesystem::path(argv[2]) / name) << start << ' ' << end << '\n';
    write_out(read_all_input());
  } else if (mode == "child" && argc > 2) {
    const long long pid = start_copy_sleeping(argv[0]);
    {
      std::ofstream file(std::string(argv[2]) + ".tmp");
      file << pid << '\n';
    }
    std::filesystem::rename(std::string(argv[2]) + ".tmp", argv[2]);
    pause_ms(600'000);
  } else if (mode == "sleep") {
    pause_ms(number);
  } else if (mode == "alive" && argc > 2) {
    return alive(std::strtoll(argv[2], nullptr, 10)) ? 0 : 1;
  } else {
    std::fprintf(stderr, "exec_handler_tool: unknown mode '%s'\n", mode.c_str());
    return 64;
  }
  return 0;
}
