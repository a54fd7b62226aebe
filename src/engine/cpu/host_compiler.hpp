// The host's C++ compiler, found at run time, building translated code (host_source.hpp)
// into shared objects: each function a translation unit of its own, compiled in parallel
// against the core's headers (built into the library as text and written out once, with a
// precompiled header where the compiler is GCC), linked into one object that the on-disk
// cache keeps by a digest of everything that goes into it.
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "engine/cpu/hidden_child.hpp"
#include "engine/cpu/host_source.hpp"

namespace warp64::cpu {

// Lets another thread end a build: its running compilers are killed, and it throws.
class BuildControl {
 public:
  void cancel();
  bool cancelled();

 private:
  friend class HostCompiler;
  // Records a started compiler, unless the build was cancelled (then it kills it).
  void started(const HiddenChild& child);
  void ended(const HiddenChild& child);

  std::mutex mutex_;
  bool cancelled_ = false;
  std::vector<pid_t> running_;
};

// How many compilers run at once: one fewer than the host's cores, at least one, so that the
// guest, which goes on interpreted meanwhile, keeps a core of its own.
unsigned compilers_at_once();

class HostCompiler {
 public:
  // The compiler named by $WARP64_CXX, else c++ or g++ on PATH, once it has answered
  // --version. Throws warp64::Error saying why there is none.
  static std::unique_ptr<HostCompiler> find();

  struct Built {
    std::filesystem::path object;  // the shared object; empty when only the cache was asked and had none
    double seconds;                // spent compiling and linking it (0 when the cache had it)
  };
  // The shared object of `sources`, from the cache or (unless `cached_only`) built now.
  // Throws warp64::Error with the compiler's first message when a build fails or is
  // cancelled. Thread-safe.
  Built build(const UnitSources& sources, BuildControl& control, bool cached_only = false);

 private:
  struct IncludeDirectories {
    std::filesystem::path headers;      // the embedded headers
    std::filesystem::path precompiled;  // the precompiled header; empty: none
  };

  HostCompiler(std::string program, std::string identity);
  std::vector<std::string> compile_command(const IncludeDirectories& includes, const std::filesystem::path& source,
                                           const std::filesystem::path& object);
  // The embedded headers written out in `directory`, and beside them the precompiled header
  // (once, unless the directory changes or they are removed).
  IncludeDirectories prepare_headers(const std::filesystem::path& directory, BuildControl& control);
  // Runs the commands, at most as many at a time as the host has cores (across all builds).
  void run_all(const std::vector<std::vector<std::string>>& commands, const std::filesystem::path& log,
               BuildControl& control);

  std::string program_;
  std::string identity_;  // the program and its --version: part of every cache key
  std::mutex headers_mutex_;
  IncludeDirectories includes_;
};

}  // namespace warp64::cpu
