// Thin entry point: parse, hold the socket runtime, run, return the exit code.
#include <exception>

#include "common/cli/cli.hpp"
#include "common/net.hpp"
#include "common/records/diagnostics.hpp"
#include "common/system.hpp"

int main(int argc, char** argv) {
  try {
    // Before anything else: no descriptor of dgram's may take a closed
    // standard stream's number, and Ctrl+C however early ends with 130.
    const auto streams = dgram::sys::claim_standard_streams();
    dgram::sys::install_interrupt_handler();
    dgram::sys::prepare_console();
    dgram::CommandLine command_line;
    if (auto early_exit = command_line.parse(dgram::sys::command_line(argc, argv))) {
      return *early_exit;
    }
    auto runtime = dgram::net::Runtime::start();
    if (!runtime) return dgram::report(runtime.error());
    // On POSIX an interrupted run ends by its signal here, once all is written.
    return dgram::sys::finish_process(command_line.execute(streams));
  } catch (const std::exception& e) {
    // Errors are values below this point; this is the last guard against a
    // library throwing (out of memory, CLI11 formatting), so it still ends
    // with one error line and a documented code.
    dgram::print_diagnostic(stderr, "dgram: error: {}\n", e.what());
    return dgram::exit_failure;
  }
}
