// Command-line argument parsing shared by the subcommands. Every malformed argument becomes
// a UsageError, which main() turns into a one-line message and exit status 2.
#pragma once

#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

#include "engine/lane_engine.hpp"

namespace warp64::cli {

class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Parses a non-negative integer: decimal or 0x-prefixed hexadecimal, optionally followed by
// K, M or G (binary multiples) when `allow_suffix` is set.
uint64_t parse_number(std::string_view option, std::string_view text, bool allow_suffix = false);

// Parses --gpu-mode: "translated" (GPU lanes compile their shared code from the lanes' pcs into
// a kernel of their own), "interpreted", or "hot" (the code a profile finds hot, compiled in the
// background).
GpuTranslation parse_gpu_mode(std::string_view option, std::string_view text);

// Walks argv one option at a time.
class ArgumentCursor {
 public:
  explicit ArgumentCursor(std::span<char* const> args) : args_(args) {}
  bool done() const { return index_ >= args_.size(); }
  std::string_view next() { return args_[index_++]; }
  // The value following option `option`.
  std::string_view value_of(std::string_view option);
  std::span<char* const> rest() const { return args_.subspan(index_); }

 private:
  std::span<char* const> args_;
  size_t index_ = 0;
};

}  // namespace warp64::cli
