#include "linux/lane_libraries.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <bit>
#include <cstring>
#include <optional>

#include "linux/needed_libraries.hpp"

namespace warp64::linux_abi {
namespace {

// The loader's window is aligned to the largest page AArch64 programs are linked for.
constexpr uint64_t kLoaderAlignment = 64 << 10;

uint64_t page_down(uint64_t value) { return value & ~(kPageSize - 1); }

// The largest span and alignment a library laid out for every lane may ask for: beyond them
// (a malformed or hostile file) it is mapped as any file is, each lane's own.
constexpr uint64_t kMostLibrarySpan = uint64_t{256} << 20;
constexpr uint64_t kMostLibraryAlignment = uint64_t{2} << 20;

// A library's window below `top`: the file as the loader maps it whole (from its first
// segment's page, zeros past the end of the file), each later segment's pages replaced by
// those the loader maps it from. None when its segments ask for more than the bounds above or
// than there is room for below `top`.
std::optional<LaneLibrary> library_window(const std::string& path, const struct stat& st,
                                          const std::vector<uint8_t>& file, const std::vector<LoadSegment>& segments,
                                          uint64_t top) {
  LaneLibrary library;
  library.path = path;
  library.device = st.st_dev;
  library.inode = st.st_ino;
  const uint64_t low = page_down(segments.front().vaddr);
  const LoadSegment& last = segments.back();
  if (last.memsz > kMostLibrarySpan || last.vaddr - low > kMostLibrarySpan - last.memsz) return std::nullopt;
  const uint64_t map_length = last.vaddr + last.memsz - low;
  const uint64_t span = page_up(map_length);
  uint64_t alignment = kPageSize;
  for (const LoadSegment& segment : segments) {
    if (std::has_single_bit(segment.align)) alignment = std::max(alignment, segment.align);
  }
  if (alignment > kMostLibraryAlignment) return std::nullopt;
  // glibc's _dl_map_segment: room for the file at an aligned address wherever the kernel puts it.
  if (alignment > kPageSize) library.reservation = map_length >= alignment ? span + alignment : 2 * alignment;
  library.size = std::max(span, library.reservation);
  if (library.size + alignment > top) return std::nullopt;
  library.base = (top - library.size) & ~(alignment - 1);
  library.map_offset = page_down(segments.front().offset);

  library.image.assign(span, 0);
  auto copy_file = [&](uint64_t offset, uint64_t to, uint64_t length) {
    if (offset >= file.size()) return;
    const uint64_t available = std::min(length, file.size() - offset);
    std::copy_n(file.begin() + static_cast<std::ptrdiff_t>(offset), available, library.image.begin() + to);
  };
  copy_file(library.map_offset, 0, span);
  for (size_t i = 1; i < segments.size(); ++i) {
    const LoadSegment& segment = segments[i];
    const uint64_t to = page_down(segment.vaddr) - low;
    const uint64_t end = page_up(segment.vaddr + segment.filesz) - low;
    if (end <= to || end > span) continue;
    std::fill(library.image.begin() + to, library.image.begin() + end, 0);
    copy_file(page_down(segment.offset), to, end - to);
  }
  return library;
}

}  // namespace

std::vector<uint8_t> LaneLibrary::same_pages(uint64_t at, uint64_t size, std::span<const uint8_t> contents) const {
  std::vector<uint8_t> same(size / kPageSize);
  for (uint64_t i = 0; i < same.size(); ++i) {
    const uint64_t address = at + i * kPageSize;
    if (address < base || address - base >= image.size()) continue;
    const uint64_t from = i * kPageSize;
    const uint64_t held = from < contents.size() ? std::min(kPageSize, contents.size() - from) : 0;
    const uint8_t* window = image.data() + (address - base);
    same[i] = std::memcmp(window, contents.data() + from, held) == 0 &&
              std::all_of(window + held, window + kPageSize, [](uint8_t byte) { return byte == 0; });
  }
  return same;
}

LaneLibraries::LaneLibraries(const std::string& program, const ElfImage& image, const Sysroot& sysroot, uint64_t top,
                             size_t most_windows) {
  LaneLibrary loader;
  loader.path = sysroot.resolve(image.interpreter);
  interpreter_ = load_interpreter(program, image.interpreter, sysroot, interpreter_segments_, [&](uint64_t span) {
    loader.size = page_up(span);
    loader.base = (top - loader.size) & ~(kLoaderAlignment - 1);
    return loader.base;
  });
  loader.image.assign(loader.size, 0);
  for (const auto& region : interpreter_segments_.regions()) {
    std::copy(region->bytes.begin(), region->bytes.end(), loader.image.begin() + (region->base - loader.base));
  }
  struct stat st;
  if (::stat(loader.path.c_str(), &st) == 0) {
    loader.device = st.st_dev;
    loader.inode = st.st_ino;
  }
  files_.push_back(std::move(loader));

  for (const std::string& path : needed_libraries(program, sysroot)) {
    if (files_.size() >= most_windows) break;
    if (::stat(path.c_str(), &st) != 0) continue;
    const bool laid_out = std::any_of(files_.begin(), files_.end(), [&](const LaneLibrary& file) {
      return file.device == st.st_dev && file.inode == st.st_ino;
    });
    if (laid_out) continue;  // the loader, which libc names too
    std::vector<uint8_t> bytes;
    try {
      bytes = read_whole_file(path);
    } catch (const Error&) {
      continue;
    }
    // A malformed file is no library to lay out: the lanes' loader refuses it, or they map it
    // privately.
    const std::optional<ProgramHeaders> headers = valid_program_headers(bytes);
    if (!headers) continue;
    if (std::optional<LaneLibrary> library = library_window(path, st, bytes, headers->loads, files_.back().base)) {
      files_.push_back(std::move(*library));
    }
  }
}

std::vector<LaneRegionSpec> LaneLibraries::window_specs() const {
  std::vector<LaneRegionSpec> specs;
  for (const LaneLibrary& file : files_) specs.push_back({file.base, file.size, 0, false, file.image, true});
  return specs;
}

const LaneLibrary* LaneLibraries::file_at(int host_fd) const {
  struct stat st;
  if (::fstat(host_fd, &st) != 0) return nullptr;
  for (const LaneLibrary& file : files_) {
    if (file.device == st.st_dev && file.inode == st.st_ino) return &file;
  }
  return nullptr;
}

uint64_t LaneLibraries::placement(const LaneLibrary* file, uint64_t offset, uint64_t size,
                                  bool inaccessible_reservation,
                                  const std::function<bool(uint64_t base, uint64_t size)>& is_free) const {
  for (const LaneLibrary& candidate : files_) {
    const bool wanted = file != nullptr
                            ? &candidate == file && offset == file->map_offset && size <= file->size
                            : inaccessible_reservation && candidate.reservation != 0 && size == candidate.reservation;
    if (wanted && is_free(candidate.base, size)) return candidate.base;
  }
  return 0;
}

}  // namespace warp64::linux_abi
