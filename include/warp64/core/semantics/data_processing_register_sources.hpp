// Semantics of the Data-processing (1 source), (2 source) and (3 source) encodings.
#pragma once

#include "warp64/core/semantics/common.hpp"

namespace warp64::core::sem {}  // namespace warp64::core::sem
