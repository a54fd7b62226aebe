#include "linux/needed_libraries.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cstring>
#include <deque>
#include <set>
#include <utility>

#include "linux/elf_loader.hpp"

namespace warp64::linux_abi {
namespace {

constexpr uint32_t kPtLoad = 1, kPtDynamic = 2;
constexpr uint64_t kDtNeeded = 1, kDtStrtab = 5, kDtStrsz = 10;
constexpr uint16_t kEmAarch64 = 183;
constexpr uint64_t kPhdrSize = 56, kDynSize = 16;

// Where the loader of Debian's arm64 glibc looks for a library named without a slash, after its
// cache (which names no file under a cross sysroot).
constexpr const char* kSearchDirs[] = {"/lib/aarch64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/lib", "/usr/lib"};

template <class T>
bool read_at(std::span<const uint8_t> file, uint64_t offset, T& value) {
  if (offset > file.size() || file.size() - offset < sizeof(T)) return false;
  std::memcpy(&value, file.data() + offset, sizeof(T));
  return true;
}

struct ElfHeaders {
  std::vector<LoadSegment> loads;
  uint64_t dynamic_offset = 0, dynamic_size = 0;
};

std::optional<ElfHeaders> read_headers(std::span<const uint8_t> file) {
  uint16_t machine = 0, phentsize = 0, phnum = 0;
  uint64_t phoff = 0;
  if (file.size() < 64 || file[0] != 0x7f || file[1] != 'E' || file[2] != 'L' || file[3] != 'F' || file[4] != 2 ||
      file[5] != 1 || !read_at(file, 0x12, machine) || machine != kEmAarch64 || !read_at(file, 0x20, phoff) ||
      !read_at(file, 0x36, phentsize) || phentsize != kPhdrSize || !read_at(file, 0x38, phnum)) {
    return std::nullopt;
  }
  ElfHeaders headers;
  for (uint16_t i = 0; i < phnum; ++i) {
    const uint64_t at = phoff + i * kPhdrSize;
    uint32_t type = 0;
    LoadSegment segment{};
    if (!read_at(file, at, type) || !read_at(file, at + 8, segment.offset) || !read_at(file, at + 16, segment.vaddr) ||
        !read_at(file, at + 32, segment.filesz) || !read_at(file, at + 40, segment.memsz) ||
        !read_at(file, at + 48, segment.align)) {
      return std::nullopt;
    }
    if (type == kPtDynamic) {
      headers.dynamic_offset = segment.offset;
      headers.dynamic_size = segment.filesz;
    }
    if (type == kPtLoad && segment.memsz != 0) headers.loads.push_back(segment);
  }
  std::sort(headers.loads.begin(), headers.loads.end(),
            [](const LoadSegment& a, const LoadSegment& b) { return a.vaddr < b.vaddr; });
  return headers;
}

// The file offset of the address `vaddr` as the segments map it.
std::optional<uint64_t> file_offset(const std::vector<LoadSegment>& loads, uint64_t vaddr) {
  for (const LoadSegment& load : loads) {
    if (vaddr >= load.vaddr && vaddr - load.vaddr < load.filesz) return load.offset + (vaddr - load.vaddr);
  }
  return std::nullopt;
}

// The names in the file's DT_NEEDED entries.
std::vector<std::string> needed_names(std::span<const uint8_t> file, const ElfHeaders& headers) {
  std::vector<uint64_t> name_offsets;
  uint64_t strtab = 0, strsz = 0;
  for (uint64_t at = headers.dynamic_offset; at + kDynSize <= headers.dynamic_offset + headers.dynamic_size;
       at += kDynSize) {
    uint64_t tag = 0, value = 0;
    if (!read_at(file, at, tag) || !read_at(file, at + 8, value) || tag == 0) break;
    if (tag == kDtNeeded) name_offsets.push_back(value);
    if (tag == kDtStrtab) strtab = value;
    if (tag == kDtStrsz) strsz = value;
  }
  const std::optional<uint64_t> table = file_offset(headers.loads, strtab);
  std::vector<std::string> names;
  if (!table || *table > file.size()) return names;
  const uint64_t table_size = std::min<uint64_t>(strsz, file.size() - *table);
  for (const uint64_t offset : name_offsets) {
    if (offset >= table_size) continue;
    const char* text = reinterpret_cast<const char*>(file.data() + *table + offset);
    names.emplace_back(text, strnlen(text, table_size - offset));
  }
  return names;
}

struct FoundLibrary {
  std::string path;
  std::vector<uint8_t> bytes;
  ElfHeaders headers;
};

// The first AArch64 ELF file the loader would open for `name`.
std::optional<FoundLibrary> find_library(const std::string& name, const Sysroot& sysroot) {
  std::vector<std::string> candidates;
  if (name.find('/') != std::string::npos) {
    candidates.push_back(name);
  } else {
    for (const char* dir : kSearchDirs) candidates.push_back(std::string(dir) + "/" + name);
  }
  for (const std::string& candidate : candidates) {
    const std::string path = sysroot.resolve(candidate);
    struct stat st;
    if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) continue;
    try {
      std::vector<uint8_t> bytes = read_whole_file(path);
      if (std::optional<ElfHeaders> headers = read_headers(bytes))
        return FoundLibrary{path, std::move(bytes), *headers};
    } catch (const Error&) {
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::vector<LoadSegment>> load_segments(std::span<const uint8_t> file) {
  std::optional<ElfHeaders> headers = read_headers(file);
  if (!headers || headers->loads.empty()) return std::nullopt;
  return std::move(headers->loads);
}

std::vector<std::string> needed_libraries(const std::string& program, const Sysroot& sysroot) {
  std::vector<std::string> found;
  std::vector<uint8_t> bytes;
  try {
    bytes = read_whole_file(program);
  } catch (const Error&) {
    return found;
  }
  const std::optional<ElfHeaders> headers = read_headers(bytes);
  if (!headers) return found;
  std::deque<std::string> waiting;
  for (std::string& name : needed_names(bytes, *headers)) waiting.push_back(std::move(name));
  std::set<std::string> seen_names;
  std::set<std::pair<dev_t, ino_t>> seen_files;
  while (!waiting.empty()) {
    const std::string name = std::move(waiting.front());
    waiting.pop_front();
    if (!seen_names.insert(name).second) continue;
    std::optional<FoundLibrary> library = find_library(name, sysroot);
    struct stat st;
    if (!library || ::stat(library->path.c_str(), &st) != 0 || !seen_files.insert({st.st_dev, st.st_ino}).second) {
      continue;
    }
    for (std::string& needed : needed_names(library->bytes, library->headers)) waiting.push_back(std::move(needed));
    found.push_back(std::move(library->path));
  }
  return found;
}

}  // namespace warp64::linux_abi
