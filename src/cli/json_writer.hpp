// A minimal JSON object writer for the command's machine-readable output.
#pragma once

#include <cstdint>
#include <cstdio>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

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

  std::string str() const { return "{" + body_ + "}"; }

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
