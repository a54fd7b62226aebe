// System calls on the address space: the brk heap and mappings.
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <vector>

#include "linux/lane_libraries.hpp"
#include "linux/process.hpp"

namespace warp64::linux_abi {
namespace {

// Guest memory is host memory (committed page by page as the guest maps it): one brk, mmap or
// mremap request may not ask for more.
constexpr uint64_t kMaxMapping = 1ull << 30;

uint8_t prot_to_perms(uint64_t prot) {
  return (prot & 1 ? kPermRead : 0) | (prot & 2 ? kPermWrite : 0) | (prot & 4 ? kPermExecute : 0);
}

// The bytes a private file mapping starts with: the file's from `offset`, at most `length`.
int64_t read_mapped_file(int fd, uint64_t offset, uint64_t length, std::vector<uint8_t>& contents) {
  struct stat st;
  if (::fstat(fd, &st) != 0) return -EBADF;
  if (!S_ISREG(st.st_mode)) return -ENODEV;
  const uint64_t available = static_cast<uint64_t>(st.st_size) > offset ? st.st_size - offset : 0;
  contents.resize(std::min<uint64_t>(length, available));
  const ssize_t n = ::pread(fd, contents.data(), contents.size(), static_cast<off_t>(offset));
  if (n < 0) return -errno;
  contents.resize(n);
  return 0;
}

}  // namespace

bool Process::placeable(uint64_t base, uint64_t size) const {
  return !layout_.confined ||
         (base >= layout_.mmap_floor && base <= layout_.mmap_ceiling && size <= layout_.mmap_ceiling - base);
}

int64_t Process::sys_brk(const SyscallArgs& a) {
  const uint64_t address = a[0];
  if (address < brk_start_) return brk_;
  const uint64_t old_end = page_up(brk_), new_end = page_up(address);
  if (new_end > old_end) {
    if (new_end - old_end > kMaxMapping || new_end > layout_.heap_limit) return brk_;
    if (!space_.is_free(old_end, new_end - old_end)) return brk_;
    try {
      // The host keeps room above the heap, so that it grows in place without a copy.
      space_.map(old_end, new_end - old_end, kPermRead | kPermWrite, kMaxMapping);
    } catch (const Error&) {
      return brk_;
    }
  } else if (new_end < old_end) {
    space_.unmap(new_end, old_end - new_end);
  }
  brk_ = address;
  return brk_;
}

int64_t Process::sys_mmap(const SyscallArgs& a) {
  const uint64_t addr = a[0], length = a[1], prot = a[2], flags = a[3], offset = a[5];
  constexpr uint64_t kShared = 1, kPrivate = 2, kFixed = 0x10, kAnonymous = 0x20, kFixedNoreplace = 0x100000;
  if (length == 0 || length > (1ull << 47)) return -EINVAL;
  if (length > kMaxMapping) return -ENOMEM;
  if ((flags & 3) != kShared && (flags & 3) != kPrivate && (flags & 3) != 3) return -EINVAL;
  if (offset % kPageSize) return -EINVAL;
  const uint64_t size = page_up(length);
  if (!(flags & kAnonymous) && (flags & 3) != kPrivate && (prot & 2)) return -ENODEV;  // shared writable file
  std::vector<uint8_t> contents;
  const LaneLibrary* library = nullptr;
  if (!(flags & kAnonymous)) {
    if (const int64_t error = read_mapped_file(host_fd(a[4]), offset, length, contents)) return error;
    if (layout_.libraries != nullptr && (flags & 3) == kPrivate) library = layout_.libraries->file_at(host_fd(a[4]));
  }
  uint64_t base = 0;
  if (flags & (kFixed | kFixedNoreplace)) {
    if (addr % kPageSize || addr + size < addr || addr + size > (1ull << 48)) return -EINVAL;
    if (!placeable(addr, size)) return -ENOMEM;
    if (!space_.is_free(addr, size)) {
      if (flags & kFixedNoreplace) return -EEXIST;
      space_.unmap(addr, size);
    }
    base = addr;
  } else {
    // A library's window when the lane's loader maps it; else the hint when it is free; else the
    // highest free range of the mmap area.
    if (layout_.libraries != nullptr) {
      base = layout_.libraries->placement(library, offset, size, (flags & kAnonymous) && prot == 0,
                                          [&](uint64_t at, uint64_t bytes) { return space_.is_free(at, bytes); });
    }
    if (!base && addr && addr % kPageSize == 0 && addr >= layout_.mmap_floor && placeable(addr, size) &&
        space_.is_free(addr, size)) {
      base = addr;
    }
    if (!base) base = space_.find_free(size, layout_.mmap_floor, layout_.mmap_ceiling, kPageSize);
    if (!base) return -ENOMEM;
  }
  try {
    space_.map(base, size, prot_to_perms(prot));
  } catch (const Error&) {
    return -ENOMEM;
  }
  fill_file_mapping(base, contents, library);
  return static_cast<int64_t>(base);
}

void Process::fill_file_mapping(uint64_t base, const std::vector<uint8_t>& contents, const LaneLibrary* library) {
  if (library == nullptr) {
    if (!contents.empty()) space_.write_bytes(base, contents);
    return;
  }
  const std::vector<uint8_t> same = library->same_pages(base, page_up(contents.size()), contents);
  for (uint64_t page = 0; page < same.size();) {
    uint64_t end = page + 1;
    while (end < same.size() && same[end] == same[page]) ++end;
    const uint64_t from = page * kPageSize, to = std::min<uint64_t>(end * kPageSize, contents.size());
    if (!same[page] || !space_.map_initial(base + from, (end - page) * kPageSize)) {
      space_.write_bytes(base + from, {contents.data() + from, to - from});
    }
    page = end;
  }
}

int64_t Process::sys_munmap(const SyscallArgs& a) {
  if (a[0] % kPageSize || a[1] == 0) return -EINVAL;
  space_.unmap(a[0], page_up(a[1]));
  return 0;
}

int64_t Process::sys_mremap(const SyscallArgs& a) {
  const uint64_t old_addr = a[0], old_size = page_up(a[1]), new_size = page_up(a[2]), flags = a[3];
  if (old_addr % kPageSize || new_size == 0 || (flags & ~3ull)) return -EINVAL;
  if (new_size > kMaxMapping) return -ENOMEM;
  if (!guest_.accessible(old_addr, old_size, 0)) return -EFAULT;
  if (new_size <= old_size) {
    space_.unmap(old_addr + new_size, old_size - new_size);
    return static_cast<int64_t>(old_addr);
  }
  const Region* region = space_.find(old_addr);
  if (region == nullptr) return -EFAULT;
  const uint8_t perms = region->perms;
  if (space_.is_free(old_addr + old_size, new_size - old_size) && placeable(old_addr, new_size)) {
    space_.map(old_addr + old_size, new_size - old_size, perms);
    return static_cast<int64_t>(old_addr);
  }
  if (!(flags & 1)) return -ENOMEM;  // MREMAP_MAYMOVE
  const uint64_t base = space_.find_free(new_size, layout_.mmap_floor, layout_.mmap_ceiling, kPageSize);
  if (!base) return -ENOMEM;
  std::vector<uint8_t> data;
  try {
    data = space_.read_bytes(old_addr, old_size);
  } catch (const Error&) {
    return -EFAULT;
  }
  space_.map(base, new_size, perms);
  space_.write_bytes(base, data);
  space_.unmap(old_addr, old_size);
  return static_cast<int64_t>(base);
}

int64_t Process::sys_mprotect(const SyscallArgs& a) {
  if (a[0] % kPageSize) return -EINVAL;
  if (!guest_.accessible(a[0], page_up(a[1]), 0)) return -ENOMEM;
  space_.protect(a[0], page_up(a[1]), prot_to_perms(a[2]));
  return 0;
}

// Advice only.
int64_t Process::sys_madvise(const SyscallArgs&) { return 0; }

// Guest memory is never paged out: locking only checks, as Linux does, that the pages are
// mapped (ENOMEM otherwise) and the flags known (EINVAL otherwise).
int64_t Process::sys_mlock(const SyscallArgs& a) { return sys_mlock2({a[0], a[1], 0, 0, 0, 0}); }
int64_t Process::sys_munlock(const SyscallArgs& a) { return sys_mlock2({a[0], a[1], 0, 0, 0, 0}); }

int64_t Process::sys_mlock2(const SyscallArgs& a) {
  constexpr uint64_t kMlockOnfault = 1;
  if (a[2] & ~kMlockOnfault) return -EINVAL;
  const uint64_t start = a[0] & ~(kPageSize - 1);
  if (a[0] + a[1] < a[0]) return -EINVAL;
  return guest_.accessible(start, page_up(a[0] + a[1]) - start, 0) ? 0 : -ENOMEM;
}

int64_t Process::sys_mlockall(const SyscallArgs& a) {
  constexpr uint64_t kCurrent = 1, kFuture = 2, kOnfault = 4;
  const uint64_t flags = a[0];
  if (flags == 0 || (flags & ~(kCurrent | kFuture | kOnfault)) || flags == kOnfault) return -EINVAL;
  return 0;
}

int64_t Process::sys_munlockall(const SyscallArgs&) { return 0; }

}  // namespace warp64::linux_abi
