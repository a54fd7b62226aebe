// Builds translated kernels at run time: NVRTC compiles the generated source and, once per
// process (and once per machine, through the cache), the interpreter module; nvJitLink joins
// them. Every build is cached on disk, keyed by all that goes into it.
#pragma once

#include <map>
#include <string>

namespace warp64::gpu {

class KernelCompiler {
 public:
  // `architecture` is the device's compute capability as a number, e.g. 90 for sm_90.
  explicit KernelCompiler(int architecture);

  // The linked device image (cubin) of a translated kernel, whose source is
  // translated_kernel_source()'s: built once per process, whatever the devices that load it.
  // Throws warp64::Error with the compiler's log on failure.
  std::string build(const std::string& generated_source);

  // Seconds the last build() spent compiling and linking (0 when the cache had it).
  double last_build_seconds() const { return last_build_seconds_; }

 private:
  std::string compile(const std::string& name, const std::string& source);
  std::string interpreter_module();

  int architecture_;
  std::string interpreter_module_;            // relocatable cubin, built on first use
  std::map<std::string, std::string> built_;  // the images built or read so far, by cache key
  double last_build_seconds_ = 0;
};

}  // namespace warp64::gpu
