#include "linux/needed_libraries.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cstring>
#include <deque>
#include <optional>
#include <set>
#include <span>
#include <utility>

#include "linux/elf_loader.hpp"

namespace warp64::linux_abi {
namespace {

constexpr uint64_t kDtNeeded = 1, kDtStrtab = 5, kDtStrsz = 10;
constexpr uint64_t kDynSize = 16;

// Where the loader of Debian's arm64 glibc looks for a library named without a slash, after its
// cache (which names no file under a cross sysroot).
constexpr const char* kSearchDirs[] = {"/lib/aarch64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/lib", "/usr/lib"};

template <class T>
bool read_at(std::span<const uint8_t> file, uint64_t offset, T& value) {
  if (offset > file.size() || file.size() - offset < sizeof(T)) return false;
  std::memcpy(&value, file.data() + offset, sizeof(T));
  return true;
}

// The file offset of the address `vaddr` as the segments map it.
std::optional<uint64_t> file_offset(const std::vector<LoadSegment>& loads, uint64_t vaddr) {
  for (const LoadSegment& load : loads) {
    if (vaddr >= load.vaddr && vaddr - load.vaddr < load.filesz) return load.offset + (vaddr - load.vaddr);
  }
  return std::nullopt;
}

// The names in the file's DT_NEEDED entries.
std::vector<std::string> needed_names(std::span<const uint8_t> file, const ProgramHeaders& headers) {
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
  ProgramHeaders headers;
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
      if (std::optional<ProgramHeaders> headers = valid_program_headers(bytes))
        return FoundLibrary{path, std::move(bytes), std::move(*headers)};
    } catch (const Error&) {
    }
  }
  return std::nullopt;
}

}  // namespace

std::vector<std::string> needed_libraries(const std::string& program, const Sysroot& sysroot) {
  std::vector<std::string> found;
  std::vector<uint8_t> bytes;
  try {
    bytes = read_whole_file(program);
  } catch (const Error&) {
    return found;
  }
  const std::optional<ProgramHeaders> headers = valid_program_headers(bytes);
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
