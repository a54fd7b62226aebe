// Semantics of the encodings in encodings/simd_fp_loads_stores.def.
#pragma once

#include "warp64/core/semantics/common.hpp"

namespace warp64::core::sem {}  // namespace warp64::core::sem
