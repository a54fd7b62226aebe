// Translation of the code that a configuration's lanes share, from block discovery to a
// kernel loaded on the device.
#pragma once

#include <cuda_runtime.h>

#include <memory>
#include <span>
#include <string>
#include <vector>

#include "engine/lane_engine.hpp"
#include "engine/translation/block_map.hpp"

namespace warp64::gpu {

// A translated kernel, loaded from its device image; its entry point takes the interpreter
// kernel's parameters.
class TranslatedKernel {
 public:
  explicit TranslatedKernel(const std::string& image);
  ~TranslatedKernel();
  TranslatedKernel(const TranslatedKernel&) = delete;
  TranslatedKernel& operator=(const TranslatedKernel&) = delete;
  const void* entry() const { return reinterpret_cast<const void*>(kernel_); }

 private:
  cudaLibrary_t library_{};
  cudaKernel_t kernel_{};
};

// The shared executable regions of a layout: the code that lanes may run translated, since it
// never changes.
std::vector<translation::CodeRegion> shared_code(std::span<const LaneRegionSpec> regions);

// The device image of a kernel translating `blocks` (cached on disk). Callable from any thread.
std::string build_translated_image(int architecture, std::span<const translation::BasicBlock> blocks);

// Translates the code reachable from the pcs of the active lanes (every lane when `active` is
// empty) in the shared executable regions, which never change, so that the translation stays
// valid for the whole configuration. Null when there is nothing to translate.
std::unique_ptr<TranslatedKernel> translate_shared_code(int architecture, std::span<const LaneRegionSpec> regions,
                                                        std::span<const core::CpuState> states,
                                                        std::span<const uint8_t> active);

}  // namespace warp64::gpu
