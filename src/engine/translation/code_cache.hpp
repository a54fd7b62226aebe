// The on-disk cache of translated code, shared by both back ends: files named by a digest of
// everything that goes into them, under $WARP64_CACHE_DIR, else $XDG_CACHE_HOME/warp64, else
// ~/.cache/warp64. Writes are atomic (a rename), so that concurrent runs see a whole file or
// none; a cache that cannot be written only costs the next run a build.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace warp64::translation {

// A 128-bit FNV-1a digest, as hex: the name of a cache entry.
class Digest {
 public:
  void add(std::string_view text);
  std::string hex() const;

 private:
  uint64_t low_ = 0xcbf29ce484222325ull;
  uint64_t high_ = 0x84222325cbf29ce4ull;
};

// The cache's directory; empty when no variable names one.
std::filesystem::path cache_directory();

// The contents of the cache's file `name`, or empty.
std::string read_cached(const std::string& name);
// Stores `bytes` as the cache's file `name`.
void write_cached(const std::string& name, std::string_view bytes);

// A path beside `target` that no other thread or process uses, to write and then rename onto
// `target` (publish).
std::filesystem::path temporary_beside(const std::filesystem::path& target);
// Renames `temporary` onto `target`; false (and `temporary` removed) when it cannot.
bool publish(const std::filesystem::path& temporary, const std::filesystem::path& target);

// A digest of every source built into the library for run-time compilation (embedded_sources.hpp).
const std::string& embedded_sources_digest();

}  // namespace warp64::translation
