// Host memory that stands for a range of guest addresses, byte for byte. A large one is
// reserved whole as inaccessible host virtual memory (which costs no memory), made readable
// and writable page by page as regions claim it, and given back, zeroed, as they leave; a
// small one is zeroed memory of the C++ heap, so that many small mappings do not each cost the
// host a mapping of its own. Regions of one reservation that meet are contiguous on the host
// too, so they merge, split and grow without copying.
#pragma once

#include <cstdint>

namespace warp64 {

class HostReservation {
 public:
  // Host memory for the guest addresses [guest_base, guest_base + capacity), both multiples of
  // the page size. Throws warp64::Error when the host has no room.
  HostReservation(uint64_t guest_base, uint64_t capacity);
  HostReservation(const HostReservation&) = delete;
  HostReservation& operator=(const HostReservation&) = delete;
  ~HostReservation();

  bool covers(uint64_t base, uint64_t size) const {
    return base >= guest_base_ && base - guest_base_ <= capacity_ && size <= capacity_ - (base - guest_base_);
  }
  uint8_t* at(uint64_t guest_address) const { return host_ + (guest_address - guest_base_); }

  // Makes the pages of [base, base+size) readable and writable; they read as zero. Throws
  // warp64::Error when the host refuses the memory.
  void commit(uint64_t base, uint64_t size);
  // Gives back the pages wholly inside [base, base+size) and zeroes the rest of it, so that the
  // range reads as zero when it is committed again; the host memory stays accessible.
  void release(uint64_t base, uint64_t size);

 private:
  uint64_t guest_base_;
  uint64_t capacity_;
  bool reserved_;  // virtual memory committed by pages, rather than the heap's
  uint8_t* host_;
};

}  // namespace warp64
