// The guest's view of the host's file system when it needs aarch64 files (the dynamic loader,
// shared libraries): a sysroot consulted first for absolute paths, as qemu-aarch64's -L.
#pragma once

#include <string>

#include "linux/elf_loader.hpp"

namespace warp64::linux_abi {

// Debian's libc6-arm64-cross tree: the sysroot when none is named.
inline constexpr const char* kDefaultSysroot = "/usr/aarch64-linux-gnu";
// The environment variable that names the sysroot when -L does not.
inline constexpr const char* kSysrootVariable = "WARP64_LD_PREFIX";

class Sysroot {
 public:
  // `dir` as given by -L; empty: $WARP64_LD_PREFIX, else kDefaultSysroot.
  explicit Sysroot(const std::string& dir);

  // An absolute path that exists under the sysroot (a file, a directory or a link) names that
  // entry; every other path, and every relative one, is the host's own.
  std::string resolve(const std::string& path) const;
  const std::string& dir() const { return dir_; }

 private:
  std::string dir_;  // without a trailing slash; "" for the host's root
};

// Loads the dynamic loader `interpreter` (as the program at `program` names it) from under the
// sysroot into `space`, at the base `place` gives. Throws ElfError, which names the sysroot when
// the loader is not there.
ElfImage load_interpreter(const std::string& program, const std::string& interpreter, const Sysroot& sysroot,
                          AddressSpace& space, const ImagePlacement& place);

}  // namespace warp64::linux_abi
