// Builds translated kernels at run time: NVRTC compiles the generated units (in parallel, on
// every core) and the kernel and, once per process (and once per machine, through the cache),
// the interpreter module; nvJitLink joins them. Every unit and every linked image is cached on
// disk, keyed by all that goes into it, so that a build cut short leaves its finished units to
// the next.
#pragma once

#include <map>
#include <string>

#include "engine/gpu/translation/kernel_source.hpp"

namespace warp64::gpu {

class KernelCompiler {
 public:
  // `architecture` is the device's compute capability as a number, e.g. 90 for sm_90. Without
  // `cached`, every build compiles everything (to time it).
  explicit KernelCompiler(int architecture, bool cached = true);

  // The linked device image (cubin) of a translated kernel: built once per process, whatever the
  // devices that load it. Throws warp64::Error with the compiler's log on failure.
  std::string build(const KernelSources& sources);

  // Seconds the last build() spent compiling and linking (0 when the cache had it).
  double last_build_seconds() const { return last_build_seconds_; }

 private:
  std::string compile(const std::string& name, const std::string& source);
  // compile(), through the cache (`kind` names the cache entry).
  std::string compile_cached(const std::string& kind, const std::string& name, const std::string& source);
  std::string interpreter_module();

  int architecture_;
  bool cached_;
  std::string interpreter_module_;            // relocatable cubin, built on first use
  std::map<std::string, std::string> built_;  // the images built or read so far, by cache key
  double last_build_seconds_ = 0;
};

}  // namespace warp64::gpu
