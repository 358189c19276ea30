// CLI11, for every file that builds or reads dgram's options.
//
// CLI11 includes <iostream>, and GCC 12's libstdc++ gives every file that
// does a static std::ios_base::Init: the standard streams and the C++ locale
// are built before main, a tenth of a one-shot `dgram send`'s instructions
// and a dozen page faults, though only CLI11's own --help and --version
// output ever uses them. With DGRAM_LAZY_IOSTREAMS (set by CMake only where
// libstdc++ does that: cmake/DgramStartup.cmake) the streams are declared as
// <iostream> declares them, <iostream> itself is not read, and
// CommandLine::state() sets the streams up before any CLI11 object exists.
#pragma once

#include <version>  // names the standard library (__GLIBCXX__)

#if defined(DGRAM_LAZY_IOSTREAMS) && defined(__GLIBCXX__) && !defined(_GLIBCXX_IOSTREAM)
#include <istream>
#include <ostream>

// clang-format cannot settle on the closing comment after the macro.
// clang-format off
namespace std _GLIBCXX_VISIBILITY(default) {
  _GLIBCXX_BEGIN_NAMESPACE_VERSION
  extern istream cin;
  extern ostream cout;
  extern ostream cerr;
  extern ostream clog;
#ifdef _GLIBCXX_USE_WCHAR_T
  extern wistream wcin;
  extern wostream wcout;
  extern wostream wcerr;
  extern wostream wclog;
#endif
  _GLIBCXX_END_NAMESPACE_VERSION
}  // namespace std
// clang-format on

// <iostream>'s own guard: CLI11's #include <iostream> now adds nothing.
#define _GLIBCXX_IOSTREAM 1
#endif

#include <CLI/CLI.hpp>
