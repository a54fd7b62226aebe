// Writes the CUDA source of a translated kernel: the translated blocks (block_source.hpp) as
// the kernel's run_blocks(), with every register in a hardware register.
#pragma once

#include <span>
#include <string>

#include "engine/translation/block_map.hpp"

namespace warp64::gpu {

std::string translated_kernel_source(std::span<const translation::BasicBlock> blocks);

}  // namespace warp64::gpu
