#include "cli/json_reader.hpp"

#include <cerrno>
#include <cstdlib>
#include <optional>

#include "cli/base64.hpp"
#include "warp64/error.hpp"

namespace warp64::cli {

class JsonParser {
 public:
  explicit JsonParser(std::string_view text) : text_(text) {}

  JsonValue document() {
    JsonValue value = parse_value();
    skip_space();
    if (at_ != text_.size()) fail("text after the JSON value");
    return value;
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    throw Error("malformed JSON at offset " + std::to_string(at_) + ": " + what);
  }

  void skip_space() {
    while (at_ < text_.size() && (text_[at_] == ' ' || text_[at_] == '\n' || text_[at_] == '\r' || text_[at_] == '\t'))
      ++at_;
  }

  char peek() {
    skip_space();
    if (at_ >= text_.size()) fail("unexpected end");
    return text_[at_];
  }

  void expect(char c) {
    if (peek() != c) fail(std::string("expected '") + c + "'");
    ++at_;
  }

  bool take_word(std::string_view word) {
    if (text_.substr(at_, word.size()) != word) return false;
    at_ += word.size();
    return true;
  }

  JsonValue parse_value() {
    JsonValue value;
    const char c = peek();
    if (c == '{') {
      value.kind_ = JsonValue::Kind::kObject;
      ++at_;
      if (peek() == '}') return ++at_, value;
      while (true) {
        std::string key = parse_string();
        expect(':');
        value.members_.emplace_back(std::move(key), parse_value());
        if (peek() != ',') break;
        ++at_;
      }
      expect('}');
    } else if (c == '[') {
      value.kind_ = JsonValue::Kind::kArray;
      ++at_;
      if (peek() == ']') return ++at_, value;
      while (true) {
        value.items_.push_back(parse_value());
        if (peek() != ',') break;
        ++at_;
      }
      expect(']');
    } else if (c == '"') {
      value.kind_ = JsonValue::Kind::kString;
      value.text_ = parse_string();
    } else if (take_word("null")) {
      value.kind_ = JsonValue::Kind::kNull;
    } else if (take_word("true") || take_word("false")) {
      value.kind_ = JsonValue::Kind::kBool;
    } else {
      value.kind_ = JsonValue::Kind::kNumber;
      const size_t start = at_;
      while (at_ < text_.size() && std::string_view("+-0123456789.eE").find(text_[at_]) != std::string_view::npos)
        ++at_;
      if (at_ == start) fail("unexpected character");
      value.text_ = std::string(text_.substr(start, at_ - start));
    }
    return value;
  }

  // The escapes JSON defines; \uXXXX becomes UTF-8 (the writer uses it for control bytes).
  std::string parse_string() {
    expect('"');
    std::string out;
    while (true) {
      if (at_ >= text_.size()) fail("unterminated string");
      const char c = text_[at_++];
      if (c == '"') return out;
      if (c != '\\') {
        out += c;
        continue;
      }
      if (at_ >= text_.size()) fail("unterminated escape");
      const char e = text_[at_++];
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': append_utf8(out, hex4()); break;
        default: fail(std::string("unknown escape \\") + e);
      }
    }
  }

  unsigned hex4() {
    if (text_.size() - at_ < 4) fail("short \\u escape");
    unsigned code = 0;
    for (int i = 0; i < 4; ++i) {
      const char h = text_[at_++];
      const int digit = h >= '0' && h <= '9'   ? h - '0'
                        : h >= 'a' && h <= 'f' ? h - 'a' + 10
                        : h >= 'A' && h <= 'F' ? h - 'A' + 10
                                               : -1;
      if (digit < 0) fail("bad \\u escape");
      code = code * 16 + static_cast<unsigned>(digit);
    }
    return code;
  }

  static void append_utf8(std::string& out, unsigned code) {
    if (code < 0x80) {
      out += static_cast<char>(code);
    } else if (code < 0x800) {
      out += static_cast<char>(0xC0 | code >> 6);
      out += static_cast<char>(0x80 | (code & 0x3F));
    } else {
      out += static_cast<char>(0xE0 | code >> 12);
      out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (code & 0x3F));
    }
  }

  std::string_view text_;
  size_t at_ = 0;
};

JsonValue JsonValue::parse(std::string_view text) { return JsonParser(text).document(); }

const JsonValue* JsonValue::find(std::string_view key) const {
  if (kind_ != Kind::kObject) throw Error("JSON: '" + std::string(key) + "' looked up in a non-object");
  for (const auto& [name, value] : members_) {
    if (name == key) return &value;
  }
  return nullptr;
}

const JsonValue& JsonValue::at(std::string_view key) const {
  const JsonValue* value = find(key);
  if (value == nullptr) throw Error("JSON: no member '" + std::string(key) + "'");
  return *value;
}

const std::vector<JsonValue>& JsonValue::items() const {
  if (kind_ != Kind::kArray) throw Error("JSON: an array was expected");
  return items_;
}

const std::string& JsonValue::text() const {
  if (kind_ != Kind::kString) throw Error("JSON: a string was expected");
  return text_;
}

std::string JsonValue::bytes(std::string_view key) const {
  if (const JsonValue* value = find(key)) return value->text();
  const std::string encoded_key = std::string(key) + "_base64";
  const std::optional<std::string> decoded = base64_decode(at(encoded_key).text());
  if (!decoded) throw Error("JSON: '" + encoded_key + "' is not base64");
  return *decoded;
}

uint64_t JsonValue::as_u64() const {
  if (kind_ != Kind::kNumber || text_.starts_with('-')) throw Error("JSON: a non-negative number was expected");
  char* end = nullptr;
  errno = 0;
  const unsigned long long value = std::strtoull(text_.c_str(), &end, 10);
  if (errno != 0 || *end != '\0') throw Error("JSON: '" + text_ + "' is not an integer");
  return value;
}

double JsonValue::as_double() const {
  if (kind_ != Kind::kNumber) throw Error("JSON: a number was expected");
  return std::strtod(text_.c_str(), nullptr);
}

}  // namespace warp64::cli
