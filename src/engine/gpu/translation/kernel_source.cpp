#include "engine/gpu/translation/kernel_source.hpp"

#include <algorithm>

#include "engine/translation/block_source.hpp"

namespace warp64::gpu {
namespace {

using core::Op;

// The SIMD&FP groups: translated code hands them to the interpreter, since inlining them
// would raise every lane's register count for the sake of rare words.
constexpr Op kInterpretedOps[] = {
    Op::kUndefined,
#define W64_ENCODING(name, pattern) Op::name,
#include "warp64/core/encodings/fp_data_processing.def"
#include "warp64/core/encodings/simd_data_processing.def"
#include "warp64/core/encodings/simd_fp_loads_stores.def"
#undef W64_ENCODING
};

bool interpreted(Op op) {
  return std::find(std::begin(kInterpretedOps), std::end(kInterpretedOps), op) != std::end(kInterpretedOps);
}

}  // namespace

std::string translated_kernel_source(std::span<const translation::BasicBlock> blocks) {
  return "#include \"engine/gpu/translation/translated_kernel.cuh\"\n\nnamespace warp64::gpu {\n\n" +
         translation::blocks_function_source(blocks, "run_blocks", interpreted) + "\n}  // namespace warp64::gpu\n";
}

}  // namespace warp64::gpu
