// Semantics of exclusive, load-acquire/store-release and LSE atomic encodings.
#pragma once

#include "warp64/core/semantics/common.hpp"

namespace warp64::core::sem {}  // namespace warp64::core::sem
