#include "cli/arguments.hpp"

#include <charconv>

namespace warp64::cli {

GpuTranslation parse_gpu_mode(std::string_view option, std::string_view text) {
  if (text == "translated") return GpuTranslation::kFromEntry;
  if (text == "interpreted") return GpuTranslation::kOff;
  if (text == "hot") return GpuTranslation::kHotCode;
  throw UsageError("invalid " + std::string(option) + " '" + std::string(text) +
                   "' (expected translated, interpreted or hot)");
}

uint64_t parse_number(std::string_view option, std::string_view text, bool allow_suffix) {
  const std::string original(text);
  auto fail = [&]() -> uint64_t { throw UsageError("invalid number '" + original + "' for " + std::string(option)); };
  unsigned shift = 0;
  if (allow_suffix && !text.empty()) {
    switch (text.back()) {
      case 'K':
      case 'k': shift = 10; break;
      case 'M':
      case 'm': shift = 20; break;
      case 'G':
      case 'g': shift = 30; break;
      default: break;
    }
    if (shift != 0) text.remove_suffix(1);
  }
  int base = 10;
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    base = 16;
    text.remove_prefix(2);
  }
  if (text.empty()) return fail();
  uint64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value, base);
  if (error != std::errc() || end != text.data() + text.size()) return fail();
  if (shift != 0 && (value >> (64 - shift)) != 0) return fail();
  return value << shift;
}

std::string_view ArgumentCursor::value_of(std::string_view option) {
  if (done()) throw UsageError("option " + std::string(option) + " needs a value");
  return next();
}

}  // namespace warp64::cli
