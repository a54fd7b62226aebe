// Writes the CUDA source of a translated kernel: one labelled run of statements per basic
// block, each statement a call of the core's own semantics for one word, with the word a
// constant so that the compiler folds its operand fields and keeps every register in a
// hardware register.
#pragma once

#include <span>
#include <string>

#include "engine/gpu/translation/block_map.hpp"

namespace warp64::gpu {

std::string translated_kernel_source(std::span<const BasicBlock> blocks);

}  // namespace warp64::gpu
