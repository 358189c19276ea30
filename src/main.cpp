// Thin entry point: parse, hold the socket runtime, run, return the exit code.
#include "common/cli.hpp"
#include "common/net.hpp"
#include "common/system.hpp"

int main(int argc, char** argv) {
  dgram::sys::prepare_console();
  dgram::CommandLine command_line;
  if (auto early_exit = command_line.parse(dgram::sys::command_line(argc, argv))) {
    return *early_exit;
  }
  auto runtime = dgram::net::Runtime::start();
  if (!runtime) return dgram::report(runtime.error());
  return command_line.execute();
}
