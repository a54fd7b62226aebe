// The dynamic loader and shared libraries of a dynamically linked program run in lanes, laid
// out once for all lanes: each file has a private window of its own, below the mmap window,
// whose initial data are the file as it is mapped there. A lane maps the file's pages from
// those data, so that the pages it only reads are one copy for all lanes and each page it
// writes (relocations, the GOT, .data) is copied on its first write (lane_space.hpp).
//
// The loader is mapped at each job's start from its window, as Linux maps an interpreter. The
// libraries are mapped by the lane's loader, which for each reserves the file's span plus its
// alignment (anonymous, inaccessible), maps the file whole at the first aligned address inside
// (or, for segments no more aligned than a page, maps the file whole where the kernel chooses),
// gives back the rest, and maps each later segment MAP_FIXED from its offset. A lane's mmap
// places such a reservation, or a mapping of the file that is not fixed, at the file's window
// (Linux may choose any address for them); and of any private mapping of the file, the pages
// whose bytes are the window's at that address come from the window's initial data. Any other
// page is the lane's own copy, as for any file: correct, only not shared.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "engine/lane_engine.hpp"
#include "linux/elf_loader.hpp"
#include "linux/sysroot.hpp"
#include "memory/address_space.hpp"

namespace warp64::linux_abi {

struct LaneLibrary {
  std::string path;
  uint64_t device = 0, inode = 0;
  uint64_t base = 0;  // the window's, where the file's first page goes: aligned as its segments ask
  uint64_t size = 0;  // the window's
  // The bytes the loader reserves for the file (its span plus its alignment); 0 for the loader
  // itself, which the kernel maps.
  uint64_t reservation = 0;
  uint64_t map_offset = 0;     // where in the file the loader's whole-file mapping starts
  std::vector<uint8_t> image;  // the window's initial data, a whole number of pages

  // For each page of a private mapping of the file at `base` holding `contents` (zeros after
  // them, up to `size`): 1 when it reads as the window's initial data there.
  std::vector<uint8_t> same_pages(uint64_t base, uint64_t size, std::span<const uint8_t> contents) const;
};

class LaneLibraries {
 public:
  // Lays out `program`'s loader, found under `sysroot`, and the libraries it needs, in windows
  // of their own that end at `top`, at most `most_windows` of them (the loader first, then the
  // libraries in the order the loader maps them). Throws ElfError when the loader cannot be
  // loaded.
  LaneLibraries(const std::string& program, const ElfImage& image, const Sysroot& sysroot, uint64_t top,
                size_t most_windows);

  // The loader as the kernel maps it: its image and its segments (host memory).
  const ElfImage& interpreter() const { return interpreter_; }
  const AddressSpace& interpreter_segments() const { return interpreter_segments_; }
  const std::vector<LaneLibrary>& files() const { return files_; }
  // The lowest window's base: the mmap area a lane places mappings in starts here.
  uint64_t floor() const { return files_.back().base; }
  // The windows, for the lane engine.
  std::vector<LaneRegionSpec> window_specs() const;

  // The file open at `host_fd` when it has a window, else null.
  const LaneLibrary* file_at(int host_fd) const;
  // Where a private mapping that is not fixed goes, when it is what the loader maps a library
  // with: a mapping of the whole file (`file`, from its map offset), or an inaccessible
  // anonymous reservation of that file's size (`file` null); the window must be free
  // (`is_free`). 0 otherwise.
  uint64_t placement(const LaneLibrary* file, uint64_t offset, uint64_t size, bool inaccessible_reservation,
                     const std::function<bool(uint64_t base, uint64_t size)>& is_free) const;

 private:
  ElfImage interpreter_;
  AddressSpace interpreter_segments_;
  std::vector<LaneLibrary> files_;  // the loader first
};

}  // namespace warp64::linux_abi
