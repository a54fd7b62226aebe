#include "engine/gpu/translation/kernel_compiler.hpp"

#include <nvJitLink.h>
#include <nvrtc.h>

#include <chrono>
#include <vector>

#include "engine/in_parallel.hpp"
#include "engine/translation/code_cache.hpp"
#include "engine/translation/embedded_sources.hpp"
#include "warp64/error.hpp"

// The build's nvcc compilation of interpreter_module.cu for sm_90, included as it is.
asm(".pushsection .rodata\n"
    ".balign 16\n"
    ".global w64_interpreter_module_sm90\n"
    ".hidden w64_interpreter_module_sm90\n"
    "w64_interpreter_module_sm90:\n"
    ".incbin \"" WARP64_INTERPRETER_CUBIN
    "\"\n"
    ".global w64_interpreter_module_sm90_end\n"
    ".hidden w64_interpreter_module_sm90_end\n"
    "w64_interpreter_module_sm90_end:\n"
    ".popsection\n");
extern "C" const char w64_interpreter_module_sm90[], w64_interpreter_module_sm90_end[];

namespace warp64::gpu {
namespace {

using translation::Digest;
using translation::embedded_sources;
using translation::embedded_sources_digest;
using translation::EmbeddedSource;
using translation::read_cached;
using translation::write_cached;

constexpr int kPrebuiltInterpreterArchitecture = 90;

// NVRTC has no C++ standard library; the core needs only the fixed-width integers.
constexpr const char* kCstdint = R"(#pragma once
typedef signed char int8_t;
typedef short int16_t;
typedef int int32_t;
typedef long long int64_t;
typedef unsigned char uint8_t;
typedef unsigned short uint16_t;
typedef unsigned int uint32_t;
typedef unsigned long long uint64_t;
typedef unsigned long long uintptr_t;
typedef long long intptr_t;
namespace std {
using ::int16_t; using ::int32_t; using ::int64_t; using ::int8_t; using ::intptr_t;
using ::uint16_t; using ::uint32_t; using ::uint64_t; using ::uint8_t; using ::uintptr_t;
}
)";

std::string source_digest() {
  Digest digest;
  digest.add(kCstdint);
  digest.add(embedded_sources_digest());
  int major = 0, minor = 0;
  nvrtcVersion(&major, &minor);
  digest.add(std::to_string(major) + "." + std::to_string(minor));
  return digest.hex();
}

// A compiler's or linker's log, through its size and copy functions, without the trailing
// terminator and newlines.
template <class Handle, class Size, class Copy>
std::string log_of(Handle handle, Size size_of, Copy copy) {
  size_t size = 0;
  size_of(handle, &size);
  std::string log(size, '\0');
  if (size > 0) copy(handle, log.data());
  while (!log.empty() && (log.back() == '\0' || log.back() == '\n')) log.pop_back();
  return log;
}

}  // namespace

KernelCompiler::KernelCompiler(int architecture, bool cached) : architecture_(architecture), cached_(cached) {}

std::string KernelCompiler::compile(const std::string& name, const std::string& source) {
  std::vector<const char*> header_texts{kCstdint}, header_names{"cstdint"};
  for (const EmbeddedSource& header : embedded_sources()) {
    header_texts.push_back(header.text);
    header_names.push_back(header.name);
  }
  nvrtcProgram program;
  if (nvrtcCreateProgram(&program, source.c_str(), name.c_str(), static_cast<int>(header_texts.size()),
                         header_texts.data(), header_names.data()) != NVRTC_SUCCESS) {
    throw Error("cannot create the NVRTC program " + name);
  }
  const std::string arch = "-arch=sm_" + std::to_string(architecture_);
  const char* options[] = {arch.c_str(), "-std=c++20", "-default-device", "-rdc=true", "-maxrregcount=128"};
  const nvrtcResult result = nvrtcCompileProgram(program, std::size(options), options);
  if (result != NVRTC_SUCCESS) {
    const std::string log = log_of(program, nvrtcGetProgramLogSize, nvrtcGetProgramLog);
    nvrtcDestroyProgram(&program);
    throw Error("NVRTC cannot compile " + name + ": " + nvrtcGetErrorString(result) + "\n" + log);
  }
  size_t size = 0;
  nvrtcGetCUBINSize(program, &size);
  std::string image(size, '\0');
  nvrtcGetCUBIN(program, image.data());
  nvrtcDestroyProgram(&program);
  return image;
}

std::string KernelCompiler::interpreter_module() {
  if (!interpreter_module_.empty()) return interpreter_module_;
  if (architecture_ == kPrebuiltInterpreterArchitecture) {
    interpreter_module_.assign(w64_interpreter_module_sm90, w64_interpreter_module_sm90_end);
  } else {
    interpreter_module_ = compile_cached("interpreter", "interpreter_module.cu",
                                         "#include \"engine/gpu/translation/interpreter_module.cu\"\n");
  }
  return interpreter_module_;
}

std::string KernelCompiler::compile_cached(const std::string& kind, const std::string& name,
                                           const std::string& source) {
  Digest digest;
  digest.add(source_digest());
  digest.add(source);
  const std::string key = kind + "-sm" + std::to_string(architecture_) + "-" + digest.hex() + ".cubin";
  std::string cubin = cached_ ? read_cached(key) : "";
  if (cubin.empty()) {
    cubin = compile(name, source);
    if (cached_) write_cached(key, cubin);
  }
  return cubin;
}

std::string KernelCompiler::build(const KernelSources& sources) {
  const auto started = std::chrono::steady_clock::now();
  Digest digest;
  digest.add(source_digest());
  for (const std::string& unit : sources.units) digest.add(unit);
  digest.add(sources.kernel);
  const std::string key = "translated-sm" + std::to_string(architecture_) + "-" + digest.hex();
  if (const auto built = built_.find(key); built != built_.end()) {
    last_build_seconds_ = 0;
    return built->second;
  }
  if (std::string image = cached_ ? read_cached(key + ".cubin") : ""; !image.empty()) {
    last_build_seconds_ = 0;
    return built_[key] = image;
  }
  const std::string interpreter = interpreter_module();

  // The kernel (index 0) and the units, on as many threads as the host has cores.
  std::vector<std::string> cubins(sources.units.size() + 1);
  in_parallel(cubins.size(), 0, [&](uint64_t index) {
    cubins[index] = index == 0 ? compile_cached("translated-kernel", "translated_kernel.cu", sources.kernel)
                               : compile_cached("translated-unit", "translated_unit.cu", sources.units[index - 1]);
  });

  nvJitLinkHandle handle;
  const std::string arch = "-arch=sm_" + std::to_string(architecture_);
  const char* options[] = {arch.c_str()};
  if (nvJitLinkCreate(&handle, 1, options) != NVJITLINK_SUCCESS) throw Error("cannot start nvJitLink");
  std::string image;
  bool linked = nvJitLinkAddData(handle, NVJITLINK_INPUT_CUBIN, interpreter.data(), interpreter.size(),
                                 "interpreter") == NVJITLINK_SUCCESS;
  for (size_t index = 0; linked && index < cubins.size(); ++index) {
    const std::string name = "translated_" + std::to_string(index);
    linked = nvJitLinkAddData(handle, NVJITLINK_INPUT_CUBIN, cubins[index].data(), cubins[index].size(),
                              name.c_str()) == NVJITLINK_SUCCESS;
  }
  linked = linked && nvJitLinkComplete(handle) == NVJITLINK_SUCCESS;
  if (!linked) {
    const std::string log = log_of(handle, nvJitLinkGetErrorLogSize, nvJitLinkGetErrorLog);
    nvJitLinkDestroy(&handle);
    throw Error("nvJitLink cannot link the translated kernel: " + log);
  }
  size_t size = 0;
  nvJitLinkGetLinkedCubinSize(handle, &size);
  image.resize(size);
  nvJitLinkGetLinkedCubin(handle, image.data());
  nvJitLinkDestroy(&handle);
  if (cached_) write_cached(key + ".cubin", image);
  last_build_seconds_ = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return built_[key] = image;
}

}  // namespace warp64::gpu
