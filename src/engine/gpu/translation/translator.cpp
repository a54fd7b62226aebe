#include "engine/gpu/translation/translator.hpp"

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

// Words translated per configuration at most: run-time compilation grows faster than the
// words (docs/gpu-notes.md §9), and code beyond the limit still runs, interpreted. Lanes
// starting at more distinct pcs than kMaxEntries start the rest interpreted.
constexpr uint64_t kMaxTranslatedWords = 1024;
constexpr size_t kMaxEntries = 4096;

}  // namespace

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
  return compilers.try_emplace(architecture, architecture).first->second.build(translated_kernel_source(blocks));
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
