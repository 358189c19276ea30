#include "common/send/replay_json_value.hpp"

#include <fmt/format.h>

namespace dgram {
namespace {

class JsonReader {
 public:
  explicit JsonReader(std::string_view text) : text_(text) {}

  void skip_space() {
    while (at_ < text_.size() &&
           (text_[at_] == ' ' || text_[at_] == '\t' || text_[at_] == '\r' || text_[at_] == '\n')) {
      ++at_;
    }
  }
  bool take(char c) {
    skip_space();
    if (at_ >= text_.size() || text_[at_] != c) return false;
    ++at_;
    return true;
  }
  bool at_end() {
    skip_space();
    return at_ == text_.size();
  }
  std::size_t position() const { return at_; }

  std::optional<std::string> string() {
    if (!take('"')) return std::nullopt;
    std::string out;
    while (at_ < text_.size()) {
      const char c = text_[at_++];
      if (c == '"') return out;
      if (static_cast<unsigned char>(c) < 0x20) return std::nullopt;
      if (c != '\\') {
        out += c;
        continue;
      }
      if (at_ >= text_.size()) return std::nullopt;
      const char e = text_[at_++];
      switch (e) {
        case '"':
        case '\\':
        case '/':
          out += e;
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u':
          if (!code_point(out)) return std::nullopt;
          break;
        default:
          return std::nullopt;
      }
    }
    return std::nullopt;
  }

  // A value of any kind: what a field needs of it is kept, the rest passed.
  std::optional<JsonValue> value(int depth = 0) {
    skip_space();
    if (at_ >= text_.size() || depth > 64) return std::nullopt;
    JsonValue value;
    const char c = text_[at_];
    if (c == '"') {
      value.string = string();
      if (!value.string) return std::nullopt;
    } else if (c == '{' || c == '[') {
      const char close = c == '{' ? '}' : ']';
      ++at_;
      if (take(close)) return value;
      do {
        if (c == '{' && (!string() || !take(':'))) return std::nullopt;
        if (!this->value(depth + 1)) return std::nullopt;
      } while (take(','));
      if (!take(close)) return std::nullopt;
    } else if (word("true")) {
      value.boolean = true;
    } else if (word("false")) {
      value.boolean = false;
    } else if (!word("null")) {
      return number(value) ? std::optional(value) : std::nullopt;
    }
    return value;
  }

 private:
  bool word(std::string_view w) {
    if (text_.substr(at_, w.size()) != w) return false;
    at_ += w.size();
    return true;
  }

  bool number(JsonValue& value) {
    const std::size_t start = at_;
    while (at_ < text_.size() &&
           std::string_view("+-0123456789.eE").find(text_[at_]) != std::string_view::npos) {
      ++at_;
    }
    if (at_ == start) return false;
    std::uint64_t whole = 0;
    for (std::size_t i = start; i < at_; ++i) {
      if (text_[i] < '0' || text_[i] > '9' || whole > (UINT64_MAX - 9) / 10) return true;
      whole = whole * 10 + static_cast<std::uint64_t>(text_[i] - '0');
    }
    value.number = whole;
    return true;
  }

  std::optional<std::uint32_t> hex4() {
    if (at_ + 4 > text_.size()) return std::nullopt;
    std::uint32_t v = 0;
    for (int i = 0; i < 4; ++i) {
      const char h = text_[at_++];
      const int digit = h >= '0' && h <= '9'   ? h - '0'
                        : h >= 'a' && h <= 'f' ? h - 'a' + 10
                        : h >= 'A' && h <= 'F' ? h - 'A' + 10
                                               : -1;
      if (digit < 0) return std::nullopt;
      v = v << 4 | static_cast<std::uint32_t>(digit);
    }
    return v;
  }

  // \uXXXX (a surrogate pair: two of them) as UTF-8.
  bool code_point(std::string& out) {
    auto unit = hex4();
    if (!unit) return false;
    std::uint32_t cp = *unit;
    if (cp >= 0xd800 && cp <= 0xdbff) {
      if (!word("\\u")) return false;
      auto low = hex4();
      if (!low || *low < 0xdc00 || *low > 0xdfff) return false;
      cp = 0x10000 + ((cp - 0xd800) << 10) + (*low - 0xdc00);
    } else if (cp >= 0xdc00 && cp <= 0xdfff) {
      return false;
    }
    auto put = [&](std::uint32_t byte) { out += static_cast<char>(byte); };
    if (cp < 0x80) {
      put(cp);
    } else if (cp < 0x800) {
      put(0xc0 | cp >> 6), put(0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
      put(0xe0 | cp >> 12), put(0x80 | (cp >> 6 & 0x3f)), put(0x80 | (cp & 0x3f));
    } else {
      put(0xf0 | cp >> 18), put(0x80 | (cp >> 12 & 0x3f)), put(0x80 | (cp >> 6 & 0x3f)),
          put(0x80 | (cp & 0x3f));
    }
    return true;
  }

  std::string_view text_;
  std::size_t at_ = 0;
};

}  // namespace

Status for_each_json_field(std::string_view line,
                           const std::function<void(std::string_view, const JsonValue&)>& field) {
  JsonReader reader(line);
  auto broken = [&] {
    return usage_error(fmt::format("broken at character {}", reader.position() + 1));
  };
  if (!reader.take('{')) return broken();
  if (reader.take('}')) return reader.at_end() ? Status{} : broken();
  do {
    auto key = reader.string();
    if (!key || !reader.take(':')) return broken();
    auto value = reader.value();
    if (!value) return broken();
    field(*key, *value);
  } while (reader.take(','));
  if (!reader.take('}') || !reader.at_end()) return broken();
  return {};
}

std::optional<std::vector<std::byte>> decode_base64(std::string_view text) {
  auto sextet = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  if (text.size() % 4 != 0) return std::nullopt;
  std::vector<std::byte> out;
  out.reserve(text.size() / 4 * 3);
  for (std::size_t at = 0; at < text.size(); at += 4) {
    const bool last = at + 4 == text.size();
    std::uint32_t group = 0;
    int padding = 0;
    for (std::size_t i = 0; i < 4; ++i) {
      const char c = text[at + i];
      if (c == '=' && last && i >= 2 && (i == 3 || text[at + 3] == '=')) {
        ++padding;
        group <<= 6;
        continue;
      }
      const int value = sextet(c);
      if (value < 0 || padding > 0) return std::nullopt;
      group = group << 6 | static_cast<std::uint32_t>(value);
    }
    out.push_back(static_cast<std::byte>(group >> 16));
    if (padding < 2) out.push_back(static_cast<std::byte>(group >> 8 & 0xff));
    if (padding < 1) out.push_back(static_cast<std::byte>(group & 0xff));
  }
  return out;
}

}  // namespace dgram
