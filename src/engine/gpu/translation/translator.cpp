#include "engine/gpu/translation/translator.hpp"

#include <chrono>
#include <cstring>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "engine/gpu/cuda_check.hpp"
#include "engine/gpu/translation/kernel_compiler.hpp"
#include "engine/gpu/translation/kernel_source.hpp"
#include "engine/translation/block_map.hpp"

namespace warp64::gpu {
namespace {

// Words translated per configuration at most, reachable from where the lanes start: code
// beyond the limit still runs, interpreted (hot mode chooses the code by profile instead). Lanes
// starting at more distinct pcs than kMaxEntries start the rest interpreted.
constexpr uint64_t kMaxTranslatedWords = 1024;
constexpr size_t kMaxEntries = 4096;

}  // namespace

// The builds the bench times are for sm_90, whose interpreter module the library carries.
constexpr int kTimedArchitecture = 90;

TranslatedKernel::TranslatedKernel(const std::string& image) {
  W64_CUDA_CHECK(cudaLibraryLoadData(&library_, image.data(), nullptr, nullptr, 0, nullptr, nullptr, 0));
  const cudaError_t status = cudaLibraryGetKernel(&kernel_, library_, "w64_translated_lanes");
  if (status != cudaSuccess) {
    cudaLibraryUnload(library_);
    throw Error(std::string("the translated kernel has no entry point: ") + cudaGetErrorString(status));
  }
}

TranslatedKernel::~TranslatedKernel() { cudaLibraryUnload(library_); }

std::vector<translation::CodeRegion> shared_code(std::span<const LaneRegionSpec> regions) {
  std::vector<translation::CodeRegion> code;
  for (const LaneRegionSpec& spec : regions) {
    if (spec.shared && (spec.perms & kPermExecute)) code.push_back({spec.base, spec.initial});
  }
  return code;
}

std::string build_translated_image(int architecture, std::span<const translation::BasicBlock> blocks) {
  // Engines on several devices translate the same code at once: one compiles it, the others wait
  // and take the image it built. Never destroyed: a build in the background may outlive the
  // engine and run into the exit.
  static std::mutex& mutex = *new std::mutex;
  static auto& compilers = *new std::map<int, KernelCompiler>;
  const std::lock_guard lock(mutex);
  return compilers.try_emplace(architecture, architecture).first->second.build(translated_kernel_sources(blocks));
}

std::unique_ptr<TranslatedKernel> translate_shared_code(int architecture, std::span<const LaneRegionSpec> regions,
                                                        std::span<const core::CpuState> states,
                                                        std::span<const uint8_t> active) {
  const std::vector<translation::CodeRegion> code = shared_code(regions);
  if (code.empty()) return nullptr;
  std::set<uint64_t> distinct;
  for (size_t lane = 0; lane < states.size() && distinct.size() < kMaxEntries; ++lane) {
    if (active.empty() || active[lane]) distinct.insert(states[lane].pc);
  }
  const std::vector<uint64_t> entries(distinct.begin(), distinct.end());
  const std::vector<translation::BasicBlock> blocks =
      translation::discover_blocks(core::host_decode_table(), code, entries, kMaxTranslatedWords);
  if (blocks.empty()) return nullptr;
  return std::make_unique<TranslatedKernel>(build_translated_image(architecture, blocks));
}

}  // namespace warp64::gpu

namespace warp64 {

GpuTranslationBuild time_gpu_translation_build(std::span<const uint32_t> words) {
  constexpr uint64_t kBase = 0x1000;
  std::vector<uint8_t> bytes(words.size() * sizeof(uint32_t));
  std::memcpy(bytes.data(), words.data(), bytes.size());
  const translation::CodeRegion region{kBase, bytes};
  const uint64_t entry = kBase;
  const gpu::KernelSources sources = gpu::translated_kernel_sources(translation::discover_blocks(
      core::host_decode_table(), std::span(&region, 1), std::span(&entry, 1), words.size()));
  gpu::KernelCompiler compiler(gpu::kTimedArchitecture, false);
  const auto started = std::chrono::steady_clock::now();
  compiler.build(sources);
  return {std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count(), sources.units.size()};
}

}  // namespace warp64
