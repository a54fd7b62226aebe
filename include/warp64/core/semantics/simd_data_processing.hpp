// Semantics of the encodings in encodings/simd_data_processing.def.
#pragma once

#include "warp64/core/semantics/common.hpp"

namespace warp64::core::sem {}  // namespace warp64::core::sem
