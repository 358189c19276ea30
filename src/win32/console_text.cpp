#include "win32/console_text.hpp"

#include <algorithm>

#include "win32/utf16.hpp"

namespace dgram::win32 {
namespace {

bool is_high_surrogate(wchar_t c) { return c >= 0xD800 && c <= 0xDBFF; }

}  // namespace

std::size_t complete_utf8_length(std::string_view text) {
  const std::size_t size = text.size();
  for (std::size_t back = 1; back <= std::min<std::size_t>(3, size); ++back) {
    const auto byte = static_cast<unsigned char>(text[size - back]);
    if ((byte & 0xC0) == 0x80) continue;  // a continuation byte: look further back
    const std::size_t length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1;
    return length > back ? size - back : size;
  }
  return size;
}

DWORD ConsoleText::write(HANDLE console, std::string_view bytes, std::size_t& written) {
  written = 0;
  // Pieces of at most 8 KiB, each cut where no character is, so that
  // `written` counts what a failure left out.
  constexpr std::size_t piece_bytes = 8192;
  while (!bytes.empty()) {
    std::string text = std::move(held_);
    held_.clear();
    const std::size_t taken = std::min(bytes.size(), piece_bytes);
    text.append(bytes.substr(0, taken));
    const std::size_t whole = complete_utf8_length(text);
    held_ = text.substr(whole);
    text.resize(whole);
    if (const DWORD failed = write_text(console, text); failed != NO_ERROR) {
      held_.clear();
      return failed;
    }
    written += taken;
    bytes.remove_prefix(taken);
  }
  return NO_ERROR;
}

DWORD ConsoleText::finish(HANDLE console) {
  const std::string rest = std::move(held_);
  held_.clear();
  return write_text(console, rest);
}

DWORD ConsoleText::write_text(HANDLE console, std::string_view text) {
  // Invalid UTF-8 (only --format raw passes any) shows as U+FFFD.
  const std::wstring wide = to_utf16(text);
  std::wstring_view rest = wide;
  while (!rest.empty()) {
    // Pieces of at most 8192 characters, never splitting a surrogate pair.
    auto piece = static_cast<DWORD>(std::min<std::size_t>(rest.size(), 8192));
    if (piece < rest.size() && is_high_surrogate(rest[piece - 1])) --piece;
    DWORD wrote = 0;
    if (!WriteConsoleW(console, rest.data(), piece, &wrote, nullptr)) return GetLastError();
    if (wrote == 0) return ERROR_WRITE_FAULT;
    rest.remove_prefix(wrote);
  }
  return NO_ERROR;
}

ConsoleInput::Taken ConsoleInput::take(std::wstring_view chars) {
  Taken taken;
  std::wstring text = std::move(held_);
  held_.clear();
  for (const wchar_t c : chars) {
    if (c == L'\x1a' && line_start_) {
      taken.ended = true;
      break;
    }
    text += c;
    line_start_ = c == L'\n';
  }
  if (!taken.ended && !text.empty() && (text.back() == L'\r' || is_high_surrogate(text.back()))) {
    held_ = text.back();
    text.pop_back();
  }
  std::wstring lines;
  lines.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == L'\r' && i + 1 < text.size() && text[i + 1] == L'\n') continue;
    lines += text[i];
  }
  taken.text = to_utf8(lines);
  return taken;
}

std::string ConsoleInput::finish() {
  std::string rest = to_utf8(held_);
  held_.clear();
  return rest;
}

}  // namespace dgram::win32
