#include "debug/gdb/target.hpp"

#include <algorithm>

namespace warp64::debug::gdb {

std::optional<WatchHit> StopPoints::watch_hit(uint64_t address, uint64_t size, bool is_write) const {
  for (const Watchpoint& watch : watchpoints) {
    const bool kind_matches = watch.kind == WatchKind::kAccess || (watch.kind == WatchKind::kWrite) == is_write;
    if (!kind_matches) continue;
    // The overlap, if any, begins at the later start.
    const uint64_t first = std::max(address, watch.address);
    if (first - address < size && first - watch.address < watch.length) return WatchHit{first, watch.kind};
  }
  return std::nullopt;
}

}  // namespace warp64::debug::gdb
