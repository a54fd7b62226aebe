#include "engine/translation/code_cache.hpp"

#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "engine/translation/embedded_sources.hpp"

namespace warp64::translation {

namespace fs = std::filesystem;

void Digest::add(std::string_view text) {
  for (const unsigned char c : text) {
    low_ = (low_ ^ c) * 0x100000001b3ull;
    high_ = (high_ ^ c) * 0x100000001b3ull + 0x9e3779b97f4a7c15ull;
  }
  low_ = (low_ ^ 0xff) * 0x100000001b3ull;  // separates consecutive texts
}

std::string Digest::hex() const {
  char text[40];
  std::snprintf(text, sizeof text, "%016llx%016llx", static_cast<unsigned long long>(high_),
                static_cast<unsigned long long>(low_));
  return text;
}

fs::path cache_directory() {
  if (const char* dir = std::getenv("WARP64_CACHE_DIR"); dir != nullptr && *dir != '\0') return dir;
  if (const char* dir = std::getenv("XDG_CACHE_HOME"); dir != nullptr && *dir != '\0') return fs::path(dir) / "warp64";
  if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0')
    return fs::path(home) / ".cache" / "warp64";
  return {};
}

std::string read_cached(const std::string& name) {
  const fs::path dir = cache_directory();
  if (dir.empty()) return {};
  std::ifstream in(dir / name, std::ios::binary);
  if (!in) return {};
  std::stringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

void write_cached(const std::string& name, std::string_view bytes) {
  const fs::path dir = cache_directory();
  if (dir.empty()) return;
  std::error_code error;
  fs::create_directories(dir, error);
  const fs::path target = dir / name;
  const fs::path temporary = temporary_beside(target);
  {
    std::ofstream out(temporary, std::ios::binary);
    if (!out) return;
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) {
      out.close();
      fs::remove(temporary, error);
      return;
    }
  }
  publish(temporary, target);
}

fs::path temporary_beside(const fs::path& target) {
  static std::atomic<uint64_t> counter{0};
  return target.string() + ".tmp" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
}

bool publish(const fs::path& temporary, const fs::path& target) {
  std::error_code error;
  fs::rename(temporary, target, error);  // atomic: readers see all or nothing
  if (!error) return true;
  fs::remove_all(temporary, error);
  return false;
}

const std::string& embedded_sources_digest() {
  // Once per process: the sources are megabytes, and each look-up in the cache keys on them.
  static const std::string digest = [] {
    Digest sources;
    for (const EmbeddedSource& source : embedded_sources()) {
      sources.add(source.name);
      sources.add(source.text);
    }
    return sources.hex();
  }();
  return digest;
}

}  // namespace warp64::translation
