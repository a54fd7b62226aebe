// Work spread over host threads: each index of a count taken by the next free thread, as the
// lanes' host calls are serviced and the GPU's translated units compiled.
#pragma once

#include <cstdint>
#include <functional>

namespace warp64 {

// Runs `work(i)` for every i below `count` on up to `threads` host threads (0: one per hardware
// thread), the calling thread one of them; the first exception a call throws is rethrown here
// once all have ended, and the indices not yet taken are left undone.
void in_parallel(uint64_t count, unsigned threads, const std::function<void(uint64_t)>& work);

}  // namespace warp64
