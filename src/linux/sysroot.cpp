#include "linux/sysroot.hpp"

#include <sys/stat.h>

#include <cstdlib>

namespace warp64::linux_abi {

Sysroot::Sysroot(const std::string& dir) {
  const char* variable = std::getenv(kSysrootVariable);
  dir_ = !dir.empty() ? dir : variable != nullptr && *variable != '\0' ? variable : kDefaultSysroot;
  while (!dir_.empty() && dir_.back() == '/') dir_.pop_back();
}

std::string Sysroot::resolve(const std::string& path) const {
  if (dir_.empty() || path.empty() || path[0] != '/') return path;
  const std::string inside = dir_ + path;
  struct stat st;
  return ::lstat(inside.c_str(), &st) == 0 ? inside : path;
}

}  // namespace warp64::linux_abi
