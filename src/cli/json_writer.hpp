// A minimal JSON object writer for the command's machine-readable output.
#pragma once

#include <cstdint>
#include <cstdio>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "cli/base64.hpp"

namespace warp64::cli {

class JsonObject {
 public:
  JsonObject& add(const std::string& key, const std::string& value) { return raw(key, quote(value)); }
  JsonObject& add(const std::string& key, const char* value) { return add(key, std::string(value)); }
  JsonObject& add(const std::string& key, uint64_t value) { return raw(key, std::to_string(value)); }
  JsonObject& add(const std::string& key, int value) { return raw(key, std::to_string(value)); }
  JsonObject& add(const std::string& key, double value) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.17g", value);
    return raw(key, buffer);
  }
  JsonObject& add(const std::string& key, std::optional<uint64_t> value) {
    return raw(key, value ? std::to_string(*value) : "null");
  }
  JsonObject& add(const std::string& key, const std::vector<uint64_t>& values) {
    std::string list = "[";
    for (size_t i = 0; i < values.size(); ++i) list += (i ? ", " : "") + std::to_string(values[i]);
    return raw(key, list + "]");
  }
  JsonObject& add(const std::string& key, std::optional<double> value) {
    return value ? add(key, *value) : raw(key, "null");
  }
  JsonObject& add(const std::string& key, const JsonObject& object) { return raw(key, object.str()); }
  JsonObject& add(const std::string& key, const std::vector<JsonObject>& objects) {
    std::string list = "[";
    for (size_t i = 0; i < objects.size(); ++i) list += (i ? ", " : "") + objects[i].str();
    return raw(key, list + "]");
  }

  // A value already written as JSON, such as objects written elsewhere and joined.
  JsonObject& add_json(const std::string& key, const std::string& json_text) { return raw(key, json_text); }

  // Bytes a program wrote, carried losslessly: as the string `key` when they are valid UTF-8,
  // else as `key`_base64 (JsonValue::bytes reads either back).
  JsonObject& add_bytes(const std::string& key, const std::string& bytes) {
    return valid_utf8(bytes) ? add(key, bytes) : add(key + "_base64", base64_encode(bytes));
  }

  std::string str() const { return "{" + body_ + "}"; }

  // RFC 3629: shortest forms only, no surrogates, nothing past U+10FFFF.
  static bool valid_utf8(const std::string& text) {
    for (size_t i = 0; i < text.size();) {
      const auto byte = [&](size_t at) { return static_cast<uint8_t>(text[at]); };
      const uint8_t lead = byte(i);
      size_t length = 1;
      uint32_t low = 0, high = 0x7f;
      if (lead >= 0xc2 && lead <= 0xdf) {
        length = 2, low = 0x80, high = 0x7ff;
      } else if (lead >= 0xe0 && lead <= 0xef) {
        length = 3, low = 0x800, high = 0xffff;
      } else if (lead >= 0xf0 && lead <= 0xf4) {
        length = 4, low = 0x10000, high = 0x10ffff;
      } else if (lead >= 0x80) {
        return false;
      }
      if (i + length > text.size()) return false;
      uint32_t code = length == 1 ? lead : lead & (0x7f >> length);
      for (size_t j = 1; j < length; ++j) {
        if ((byte(i + j) & 0xc0) != 0x80) return false;
        code = code << 6 | (byte(i + j) & 0x3f);
      }
      if (code < low || code > high || (code >= 0xd800 && code <= 0xdfff)) return false;
      i += length;
    }
    return true;
  }

 private:
  JsonObject& raw(const std::string& key, const std::string& value) {
    if (!body_.empty()) body_ += ", ";
    body_ += quote(key) + ": " + value;
    return *this;
  }

  static std::string quote(const std::string& text) {
    std::string out = "\"";
    for (const char c : text) {
      if (c == '"' || c == '\\') {
        out += '\\';
        out += c;
      } else if (static_cast<unsigned char>(c) < 0x20) {
        char buffer[8];
        std::snprintf(buffer, sizeof buffer, "\\u%04x", c);
        out += buffer;
      } else {
        out += c;
      }
    }
    return out + "\"";
  }

  std::string body_;
};

}  // namespace warp64::cli
