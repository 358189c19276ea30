// The platform interface for the process: arguments, console, files,
// interrupts. Implemented in src/posix/ and src/win32/ (one file per concern).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace dgram::sys {

// The command line as UTF-8 strings (on Windows read from GetCommandLineW,
// whatever the code page; on POSIX argv as is).
std::vector<std::string> command_line(int argc, char** argv);

// Which standard streams the process was started with. A closed one (POSIX:
// `<&-`; Windows: no standard handle, a detached process) is replaced by the
// null device, so that no descriptor dgram opens later can take its place and
// records can never land in a socket or an internal pipe. Call it first.
struct StandardStreams {
  bool input = true;
  bool output = true;
  bool error = true;
};
StandardStreams claim_standard_streams();

// Binary stdin/stdout (no CRLF translation), UTF-8 console output, writes to
// a closed pipe reported as errors instead of killing the process.
void prepare_console();

// Reads the file at `path` (UTF-8; any name works on Windows too), or standard
// input when there is no path, until its end or until more than `limit` bytes
// came. Errors carry the OS's reason as their whole message.
Result<std::vector<std::byte>> read_input(const std::optional<std::string>& path,
                                          std::size_t limit);

// Reads what standard input has, at most `buffer.size()` bytes, waiting only
// until some bytes came; 0 at its end. For streams such as `tail -f | dgram`.
Result<std::size_t> read_stdin_some(std::span<std::byte> buffer);

// Creates (or empties) the file at `path` (UTF-8; any name works on Windows
// too) for writing bytes: a capture. Errors carry the OS's reason as their
// whole message. Close it with std::fclose.
Result<std::FILE*> create_output_file(const std::string& path);

// Cuts the file written through `file` back to its first `size` bytes (a
// record a failed write left half-written); false where it cannot be cut
// (a pipe).
bool truncate_output_file(std::FILE* file, std::uint64_t size);

// Writes all of `bytes` to `file` and flushes it; `written` tells how many
// went out. ErrorKind::output_closed when the reader has gone (a closed
// pipe); any other failure is an error. A non-blocking file is waited on.
// Once an interrupt has come, a write that would have to wait (a reader that
// stopped reading) waits at most grace_after_interrupt, then ends the call
// with ErrorKind::interrupted; `written` counts what went out before.
Status write_output(std::FILE* file, std::string_view bytes, std::size_t& written);

// write_output without waiting: writes what `file` takes now (POSIX: while
// poll says it has room, in pieces a pipe takes whole) and says in `written`
// how much; the caller keeps the rest. Errors as write_output's. Windows
// cannot ask a pipe for room: there it is write_output.
Status write_output_now(std::FILE* file, std::string_view bytes, std::size_t& written);

// The one rule after Ctrl+C (SIGINT, SIGTERM, SIGHUP, Ctrl+Break), which every
// platform follows: each write to the output or to stderr (the records still
// buffered, then the summary) that would have to wait for its reader waits at
// most this long, then gives up. A reader that reads takes everything at
// once; one that does not cannot hold dgram: a blocked listener ends within
// two graces (its records, then its summary). No timer outlives the write.
inline constexpr std::chrono::milliseconds grace_after_interrupt{200};

// The keys that end input typed at a terminal: "Ctrl+D"; on Windows
// "Ctrl+Z, then Enter".
const char* end_of_input_keys();

// Writes one diagnostic line (or lines) to `file` (stderr) as one write,
// ignoring failures: there is nowhere left to report them. After an
// interrupt it gives up as write_output does (grace_after_interrupt). On Windows a
// console gets it through the wide console API, as UTF-8 text.
void write_diagnostic(std::FILE* file, std::string_view text) noexcept;

// Whether `file` is a terminal (a console on Windows): records then go out
// one by one.
bool is_terminal(std::FILE* file);

// How a line on a terminal can be rewritten in place (the live status line).
enum class LineRewrite {
  none,             // not a terminal
  carriage_return,  // \r, then spaces over what is left of the old line
  erase_sequence,   // \r and ESC[K (virtual-terminal sequences)
};

// Prepares `file` (stderr) for a line rewritten in place and says how: on
// Windows it turns on virtual-terminal processing for the console, which
// end_line_rewrite undoes; on POSIX a terminal takes ESC[K unless TERM=dumb.
// Implemented in src/posix/terminal_posix.cpp and src/win32/terminal_win32.cpp.
LineRewrite begin_line_rewrite(std::FILE* file);
void end_line_rewrite(std::FILE* file);

// The longest line a person can type at the terminal `file` reads from: its
// driver keeps no more of a line in line (canonical) mode and drops the rest
// unseen (Linux: 4095 bytes before the newline). Nothing when `file` is no
// terminal in line mode, or no such limit is known (a Windows console).
std::optional<std::size_t> typed_line_limit(std::FILE* file);

// The width of the terminal `file` writes to, in columns; nullopt when not
// known (not a terminal).
std::optional<std::size_t> terminal_columns(std::FILE* file);

// From now on Ctrl+C, Ctrl+Break, SIGINT and SIGTERM no longer kill the
// process: they set a flag and wake whatever it waits for (a socket, a
// pause, a blocked read or write), which then returns ErrorKind::interrupted.
void install_interrupt_handler();
bool interrupt_requested();

// What main returns for `exit_code`, once everything is written (records,
// summary). When a signal stopped the run (exit 130) on POSIX, the process
// does not return: it ends by that signal itself (SIGINT, SIGTERM or SIGHUP,
// back to its default action), so that its shell knows it was interrupted
// (bash stops a loop only for a child that died of SIGINT) and reports
// 128+N (130, 143, 129). Everywhere else it returns `exit_code` (Windows: 130).
int finish_process(int exit_code);

// Pauses for `duration`; true when an interrupt cut the pause short.
bool pause_unless_interrupted(std::chrono::nanoseconds duration);

// Lets the process hold at least `wanted` open sockets and files where the
// OS limits them per process (POSIX: raises RLIMIT_NOFILE's soft limit, at
// most to its hard limit); returns how many it may hold, or nothing where
// there is no such limit (Windows).
std::optional<std::size_t> allow_open_files(std::size_t wanted);

}  // namespace dgram::sys
