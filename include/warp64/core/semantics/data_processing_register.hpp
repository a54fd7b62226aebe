// Semantics of the "Data processing -- register" encodings.
#pragma once

#include "warp64/core/semantics/common.hpp"

namespace warp64::core::sem {}  // namespace warp64::core::sem
