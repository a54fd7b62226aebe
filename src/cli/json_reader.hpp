// A minimal JSON reader, for the JSON that warp64's own commands write (`warp64 run
// --json-out`, `--lanes --json`), which `warp64 bench` reads back from child processes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace warp64::cli {

class JsonValue {
 public:
  enum class Kind { kNull, kBool, kNumber, kString, kArray, kObject };

  // Each throws warp64::Error when the value is not of that kind, or the key is missing.
  const JsonValue& at(std::string_view key) const;
  // The member `key`, or null when this object has none (a field that only some runs report).
  const JsonValue* find(std::string_view key) const;
  const std::vector<JsonValue>& items() const;
  const std::string& text() const;
  // The bytes JsonObject::add_bytes wrote under `key`: its string, or `key`_base64 decoded.
  std::string bytes(std::string_view key) const;
  uint64_t as_u64() const;  // a non-negative integer
  double as_double() const;
  bool is_null() const { return kind_ == Kind::kNull; }

  // Parses a whole document; throws warp64::Error on malformed input.
  static JsonValue parse(std::string_view text);

 private:
  friend class JsonParser;
  Kind kind_ = Kind::kNull;
  std::string text_;  // a string's bytes, or a number's digits
  std::vector<JsonValue> items_;
  std::vector<std::pair<std::string, JsonValue>> members_;
};

}  // namespace warp64::cli
