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

ElfImage load_interpreter(const std::string& program, const std::string& interpreter, const Sysroot& sysroot,
                          AddressSpace& space, const ImagePlacement& place) {
  const std::string path = sysroot.resolve(interpreter);
  ElfImage image;
  try {
    image = load_executable(path, space, place);
  } catch (const ElfError&) {
    throw;
  } catch (const Error& error) {
    throw ElfError(program + ": its interpreter " + interpreter + " is not under the sysroot " + sysroot.dir() +
                   " (-L DIR or " + kSysrootVariable + " names another): " + error.what());
  }
  if (!image.interpreter.empty()) throw ElfError(path + ": an interpreter may not name an interpreter");
  return image;
}

}  // namespace warp64::linux_abi
