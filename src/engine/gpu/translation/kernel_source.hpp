// Writes the CUDA sources of a translated kernel: the translated blocks (block_source.hpp) in
// units of bounded size (unit_groups.hpp), each compiled on its own with every register in a
// hardware register, and the kernel, which calls the unit that holds a lane's pc.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "engine/translation/block_map.hpp"

namespace warp64::gpu {

struct KernelSources {
  std::vector<std::string> units;
  std::string kernel;
};

// Words a unit holds at most by default: NVRTC's time grows faster than one function's length
// (docs/gpu-notes.md §9), so many short units, compiled in parallel, build faster than one; below
// 64 words each unit's fixed cost (the headers) outweighs the gain (§16).
inline constexpr uint64_t kUnitWords = 64;

// `blocks` sorted by address, as discover_blocks() gives them.
KernelSources translated_kernel_sources(std::span<const translation::BasicBlock> blocks,
                                        uint64_t unit_words = kUnitWords);

}  // namespace warp64::gpu
