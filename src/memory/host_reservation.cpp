#include "memory/host_reservation.hpp"

#include <sys/mman.h>

#include <cstdlib>
#include <cstring>
#include <string>

#include "warp64/error.hpp"

namespace warp64 {
namespace {

constexpr uint64_t kHostPage = 4096;
// From this size on, a reservation is virtual memory of its own.
constexpr uint64_t kReservedFrom = 64 << 10;
uint64_t host_page_down(uint64_t v) { return v & ~(kHostPage - 1); }
uint64_t host_page_up(uint64_t v) { return (v + kHostPage - 1) & ~(kHostPage - 1); }

[[noreturn]] void no_room(uint64_t size) {
  throw Error("not enough host memory for a region of " + std::to_string(size) + " bytes");
}

}  // namespace

HostReservation::HostReservation(uint64_t guest_base, uint64_t capacity)
    : guest_base_(guest_base), capacity_(capacity), reserved_(capacity >= kReservedFrom) {
  void* host = reserved_ ? ::mmap(nullptr, capacity, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0)
                         : std::calloc(capacity, 1);
  if (host == (reserved_ ? MAP_FAILED : nullptr)) no_room(capacity);
  host_ = static_cast<uint8_t*>(host);
}

HostReservation::~HostReservation() {
  if (reserved_) {
    ::munmap(host_, capacity_);
  } else {
    std::free(host_);
  }
}

void HostReservation::commit(uint64_t base, uint64_t size) {
  if (!reserved_) return;  // the heap's memory is accessible, and zero until written
  const uint64_t first = host_page_down(base - guest_base_), end = host_page_up(base - guest_base_ + size);
  if (::mprotect(host_ + first, end - first, PROT_READ | PROT_WRITE) != 0) no_room(size);
}

void HostReservation::release(uint64_t base, uint64_t size) {
  const uint64_t start = base - guest_base_, end = start + size;
  const uint64_t whole_start = host_page_up(start), whole_end = host_page_down(end);
  if (!reserved_ || whole_start >= whole_end) {
    std::memset(host_ + start, 0, size);
    return;
  }
  std::memset(host_ + start, 0, whole_start - start);
  std::memset(host_ + whole_end, 0, end - whole_end);
  // The host takes the pages back and they read as zero, yet stay mapped: another thread's
  // racing access (the guest's own data race) reads zero rather than faulting the emulator.
  ::madvise(host_ + whole_start, whole_end - whole_start, MADV_DONTNEED);
}

}  // namespace warp64
