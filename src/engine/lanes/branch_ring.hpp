// Each lane's ring of its last taken branches, for the report of a lane that dies: the
// destination of every branch, call and return taken (B, BL, BR, BLR, RET, and B.cond, CBZ,
// CBNZ, TBZ, TBNZ when taken), newest over oldest once the ring is full. Destinations alone,
// not source and destination pairs: a call's destination is the function, a return's is the
// call site's next word, so the path reads from them at half the bytes. A destination equal to
// the one just recorded is not recorded again, so that a loop's back edge takes one entry
// however often it runs, and costs no write. Both lane engines record with this code.
#pragma once

#include <cstdint>

#include "warp64/core/config.hpp"

namespace warp64::lanes {

// Entries per lane by default: several calls and returns deep, at 256 bytes a lane.
inline constexpr uint32_t kDefaultBranchRing = 32;

// Where a lane's ring stands: the entry the next destination takes, and how many hold one.
struct RingCursor {
  uint32_t next;
  uint32_t filled;
};

// Every lane's ring in one table, laid out by lane group as lane memory is (G = 1 << group_shift
// consecutive lanes): entry i of lane L is entries[((L / G) * size + i) * G + L % G]. The lanes
// of a GPU warp recording their entry i together write neighbouring words; a host thread, which
// runs a group's lanes, writes lines no other thread writes.
struct BranchRings {
  uint64_t* entries;
  RingCursor* cursors;  // one per lane
  uint32_t size;        // entries per lane; 0: no ring is kept
  uint32_t group_shift;

  // Lane `lane`'s entry 0; its entry i is i * group_size() words further.
  W64_HD uint64_t* first_entry(uint64_t lane) const {
    const uint64_t group = lane >> group_shift;
    const uint64_t slot = lane & ((uint64_t{1} << group_shift) - 1);
    return entries + ((group * size) << group_shift) + slot;
  }
  W64_HD uint32_t group_size() const { return 1u << group_shift; }
};

// The words of a table of `lanes` rings of `size` entries, by groups of 1 << group_shift lanes.
W64_HD inline uint64_t branch_ring_words(uint64_t lanes, uint32_t size, uint32_t group_shift) {
  const uint64_t groups = (lanes + (uint64_t{1} << group_shift) - 1) >> group_shift;
  return (groups * size) << group_shift;
}

// One lane's ring while the lane runs: its cursor and last destination in registers, each new
// destination written to the table. save() writes the cursor back when the run ends.
class BranchRecorder {
 public:
  W64_HD BranchRecorder(const BranchRings& rings, uint64_t lane)
      : entries_(rings.first_entry(lane)), stride_(rings.group_size()), size_(rings.size) {
    cursor_ = size_ != 0 ? rings.cursors[lane] : RingCursor{0, 0};
    last_ = cursor_.filled != 0 ? entries_[(cursor_.next != 0 ? cursor_.next - 1 : size_ - 1) * stride_] : kNone;
  }

  W64_HD void operator()(uint64_t destination) {
    if (size_ == 0 || destination == last_) return;
    last_ = destination;
    entries_[static_cast<uint64_t>(cursor_.next) * stride_] = destination;
    cursor_.next = cursor_.next + 1 == size_ ? 0 : cursor_.next + 1;
    if (cursor_.filled != size_) ++cursor_.filled;
  }

  W64_HD void save(const BranchRings& rings, uint64_t lane) const {
    if (size_ != 0) rings.cursors[lane] = cursor_;
  }

 private:
  // No branch has gone anywhere yet: an address no A64 instruction is fetched from.
  static constexpr uint64_t kNone = ~uint64_t{0};

  uint64_t* entries_;
  uint32_t stride_;
  uint32_t size_;
  RingCursor cursor_;
  uint64_t last_;
};

}  // namespace warp64::lanes
