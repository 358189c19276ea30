// A program for the handler tests to start through cmd.exe, where no
// Windows built-in does the job (none copies binary bytes, and Wine lacks
// timeout.exe):
//   dgram_handler_helper cat              standard input to output, byte-exact
//   dgram_handler_helper sleep SECONDS [PIDFILE]
//                                         writes its process id to PIDFILE
//                                         (then renames it into place, so a
//                                         reader never sees half), then sleeps
//   dgram_handler_helper env NAME         the variable's value, UTF-8
//   dgram_handler_helper errors COUNT     COUNT numbered 100-byte lines to
//                                         standard error, "\r\n"-ended
//   dgram_handler_helper detach SECONDS PIDFILE
//                                         starts `sleep SECONDS PIDFILE` with
//                                         no handle of its own (so it holds
//                                         none of the run's pipes), waits for
//                                         PIDFILE, exits
#include <fcntl.h>
#include <io.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>

int main(int argc, char** argv) {
  if (argc >= 2 && std::strcmp(argv[1], "cat") == 0) {
    _setmode(_fileno(stdin), _O_BINARY);
    _setmode(_fileno(stdout), _O_BINARY);
    char buffer[65536];
    std::size_t got = 0;
    while ((got = std::fread(buffer, 1, sizeof buffer, stdin)) > 0) {
      if (std::fwrite(buffer, 1, got, stdout) != got) return 1;
    }
    return std::fflush(stdout) == 0 ? 0 : 1;
  }
  if (argc >= 3 && std::strcmp(argv[1], "sleep") == 0) {
    if (argc >= 4) {
      const std::string path = argv[3];
      const std::string partial = path + ".part";
      std::FILE* file = std::fopen(partial.c_str(), "w");
      if (file == nullptr) return 1;
      std::fprintf(file, "%lu", GetCurrentProcessId());
      std::fclose(file);
      if (std::rename(partial.c_str(), path.c_str()) != 0) return 1;
    }
    Sleep(static_cast<DWORD>(std::atoi(argv[2])) * 1000);
    return 0;
  }
  if (argc >= 3 && std::strcmp(argv[1], "env") == 0) {
    std::wstring name;
    for (const char* c = argv[2]; *c != '\0'; ++c) name += static_cast<wchar_t>(*c);
    wchar_t value[1024] = {};
    const DWORD length = GetEnvironmentVariableW(name.c_str(), value, 1024);
    char utf8[4096] = {};
    const int size = WideCharToMultiByte(CP_UTF8, 0, value, static_cast<int>(length), utf8,
                                         sizeof utf8, nullptr, nullptr);
    _setmode(_fileno(stdout), _O_BINARY);
    std::fwrite(utf8, 1, static_cast<std::size_t>(size), stdout);
    return 0;
  }
  if (argc >= 3 && std::strcmp(argv[1], "errors") == 0) {
    _setmode(_fileno(stderr), _O_BINARY);
    const int count = std::atoi(argv[2]);
    for (int i = 0; i < count; ++i) std::fprintf(stderr, "%-98d\r\n", i);
    return 0;
  }
  if (argc >= 4 && std::strcmp(argv[1], "detach") == 0) {
    wchar_t self[MAX_PATH] = {};
    GetModuleFileNameW(nullptr, self, MAX_PATH);
    std::wstring command_line = L"\"" + std::wstring(self) + L"\" sleep ";
    for (const char* c = argv[2]; *c != '\0'; ++c) command_line += static_cast<wchar_t>(*c);
    command_line += L" \"";
    for (const char* c = argv[3]; *c != '\0'; ++c) command_line += static_cast<wchar_t>(*c);
    command_line += L"\"";
    STARTUPINFOW startup{};
    startup.cb = sizeof startup;
    // No standard handles either: Wine would otherwise hand it this one's.
    startup.dwFlags = STARTF_USESTDHANDLES;
    PROCESS_INFORMATION started{};
    if (!CreateProcessW(self, command_line.data(), nullptr, nullptr, FALSE, DETACHED_PROCESS,
                        nullptr, nullptr, &startup, &started)) {
      return 1;
    }
    CloseHandle(started.hThread);
    CloseHandle(started.hProcess);
    for (int tries = 0; tries < 3000 && GetFileAttributesA(argv[3]) == INVALID_FILE_ATTRIBUTES;
         ++tries) {
      Sleep(10);
    }
    return 0;
  }
  std::fputs(
      "usage: dgram_handler_helper cat | sleep SECONDS [PIDFILE] | env NAME | errors COUNT |\n"
      "       detach SECONDS PIDFILE\n",
      stderr);
  return 2;
}
