#include "linux/elf_loader.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>

namespace warp64::linux_abi {
namespace {

constexpr uint16_t kEtExec = 2, kEtDyn = 3, kEmAarch64 = 183;
constexpr uint32_t kPtLoad = 1, kPtDynamic = 2, kPtInterp = 3, kPtPhdr = 6;
constexpr uint32_t kPfX = 1, kPfW = 2, kPfR = 4;
constexpr uint64_t kEhdrSize = 64, kPhdrSize = 56, kShdrSize = 64;
// Guest memory is zero-filled host memory: 1 GiB of image is far more than real static
// executables need and keeps a corrupt header from asking for many gigabytes.
constexpr uint64_t kMaxImageSpan = 1ull << 30;
constexpr uint64_t kMaxAddress = 1ull << 47;

template <class T>
T get(const std::vector<uint8_t>& file, uint64_t offset) {
  T value;
  std::memcpy(&value, file.data() + offset, sizeof(T));
  return value;  // the host is little-endian, as is the file (checked first)
}

uint64_t page_down(uint64_t v) { return v & ~(kPageSize - 1); }

[[noreturn]] void fail(const std::string& why) { throw ElfError(why); }

void read_symbols(const std::vector<uint8_t>& file, uint64_t bias, ElfImage& image) {
  // Symbols only improve fault reports: anything odd here leaves them out silently.
  const uint64_t shoff = get<uint64_t>(file, 0x28);
  const uint16_t shentsize = get<uint16_t>(file, 0x3a);
  const uint16_t shnum = get<uint16_t>(file, 0x3c);
  if (shoff == 0 || shentsize != kShdrSize || shnum == 0) return;
  if (shoff > file.size() || (file.size() - shoff) / kShdrSize < shnum) return;
  std::vector<ElfSymbol> symbols;
  for (uint16_t i = 0; i < shnum; ++i) {
    const uint64_t sh = shoff + i * kShdrSize;
    if (get<uint32_t>(file, sh + 4) != 2) continue;  // SHT_SYMTAB
    const uint64_t off = get<uint64_t>(file, sh + 0x18), size = get<uint64_t>(file, sh + 0x20);
    const uint32_t link = get<uint32_t>(file, sh + 0x28);
    if (link >= shnum || off > file.size() || size > file.size() - off) return;
    const uint64_t str_sh = shoff + link * kShdrSize;
    const uint64_t stroff = get<uint64_t>(file, str_sh + 0x18), strsize = get<uint64_t>(file, str_sh + 0x20);
    if (stroff > file.size() || strsize > file.size() - stroff) return;
    for (uint64_t s = off; s + 24 <= off + size; s += 24) {
      const uint32_t name = get<uint32_t>(file, s);
      const uint8_t type = file[s + 4] & 0xf;
      const uint16_t shndx = get<uint16_t>(file, s + 6);
      const uint64_t value = get<uint64_t>(file, s + 8), sz = get<uint64_t>(file, s + 16);
      if (type > 2 || shndx == 0 || shndx >= 0xff00 || name == 0 || name >= strsize || value == 0) continue;
      const char* text = reinterpret_cast<const char*>(file.data() + stroff + name);
      const size_t len = strnlen(text, strsize - name);
      if (len == 0 || len == strsize - name) continue;
      // Local labels ($x, $d mapping symbols) name no code.
      if (text[0] == '$') continue;
      symbols.push_back({value + bias, sz, std::string(text, len)});
    }
    break;
  }
  std::sort(symbols.begin(), symbols.end(),
            [](const ElfSymbol& a, const ElfSymbol& b) { return a.address < b.address; });
  image.symbols = std::make_shared<const std::vector<ElfSymbol>>(std::move(symbols));
}

}  // namespace

std::vector<uint8_t> read_whole_file(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) throw Error(path + ": cannot open: " + std::strerror(errno));
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  if (file.bad()) throw Error(path + ": cannot read");
  return bytes;
}

std::string ElfImage::symbolize(uint64_t address) const {
  const ElfSymbol* best = nullptr;
  for (const ElfSymbol& s : *symbols) {
    if (s.address > address) break;
    if (best == nullptr || s.address > best->address || (s.address == best->address && s.size > best->size)) {
      if (s.size == 0 || address - s.address < s.size || best == nullptr || s.address > best->address) best = &s;
    }
  }
  if (best == nullptr) return "";
  if (best->size != 0 && address - best->address >= best->size) return "";
  char offset[24];
  std::snprintf(offset, sizeof offset, "+0x%llx", static_cast<unsigned long long>(address - best->address));
  return best->name + offset;
}

bool looks_like_elf(const std::vector<uint8_t>& file) {
  return file.size() >= 4 && file[0] == 0x7f && file[1] == 'E' && file[2] == 'L' && file[3] == 'F';
}

ProgramHeaders read_program_headers(const std::vector<uint8_t>& file) {
  if (!looks_like_elf(file)) fail("not an ELF file (bad magic)");
  if (file.size() < kEhdrSize) fail("truncated ELF header");
  if (file[4] != 2) fail("not a 64-bit ELF file (EI_CLASS " + std::to_string(file[4]) + ")");
  if (file[5] != 1) fail("not a little-endian ELF file (EI_DATA " + std::to_string(file[5]) + ")");
  if (file[6] != 1) fail("unsupported ELF identification version " + std::to_string(file[6]));
  ProgramHeaders headers;
  headers.type = get<uint16_t>(file, 0x10);
  const uint16_t machine = get<uint16_t>(file, 0x12);
  if (machine != kEmAarch64) fail("not an AArch64 executable (e_machine " + std::to_string(machine) + ")");
  if (get<uint32_t>(file, 0x14) != 1) fail("unsupported ELF version " + std::to_string(get<uint32_t>(file, 0x14)));
  if (headers.type != kEtExec && headers.type != kEtDyn) {
    fail("not an executable (e_type " + std::to_string(headers.type) + ")");
  }
  if (get<uint16_t>(file, 0x34) != kEhdrSize) fail("bad ELF header size");
  headers.entry = get<uint64_t>(file, 0x18);
  headers.phoff = get<uint64_t>(file, 0x20);
  const uint16_t phentsize = get<uint16_t>(file, 0x36);
  headers.phnum = get<uint16_t>(file, 0x38);
  const uint64_t phoff = headers.phoff;
  const uint16_t phnum = headers.phnum;
  if (phentsize != kPhdrSize) fail("bad program header entry size " + std::to_string(phentsize));
  if (phnum == 0) fail("no program headers");
  if (phnum > 1024) fail("too many program headers (" + std::to_string(phnum) + ")");
  if (phoff > file.size() || (file.size() - phoff) / kPhdrSize < phnum) fail("program headers lie outside the file");

  std::vector<LoadSegment>& loads = headers.loads;
  for (uint16_t i = 0; i < phnum; ++i) {
    const uint64_t p = phoff + i * kPhdrSize;
    const uint32_t type = get<uint32_t>(file, p);
    const LoadSegment h{get<uint32_t>(file, p + 4),  get<uint64_t>(file, p + 8),  get<uint64_t>(file, p + 16),
                        get<uint64_t>(file, p + 32), get<uint64_t>(file, p + 40), get<uint64_t>(file, p + 48)};
    if (type == kPtInterp) {
      if (h.offset >= file.size() || h.filesz == 0 || h.filesz > file.size() - h.offset || h.filesz > 4096) {
        fail("PT_INTERP lies outside the file");
      }
      const char* text = reinterpret_cast<const char*>(file.data() + h.offset);
      headers.interpreter = std::string(text, strnlen(text, h.filesz));
      if (headers.interpreter.empty() || headers.interpreter.size() != h.filesz - 1) {
        fail("PT_INTERP is not one NUL-terminated path");
      }
    }
    if (type == kPtPhdr) headers.phdr_vaddr = h.vaddr;
    if (type == kPtDynamic) {
      headers.dynamic_offset = h.offset;
      headers.dynamic_size = h.filesz;
    }
    if (type != kPtLoad) continue;
    if (h.filesz > h.memsz) fail("segment " + std::to_string(i) + " has p_filesz > p_memsz");
    if (h.offset > file.size() || h.filesz > file.size() - h.offset) {
      fail("segment " + std::to_string(i) + " lies outside the file");
    }
    if (h.memsz == 0) continue;
    if (h.memsz > kMaxImageSpan || h.vaddr >= kMaxAddress || h.memsz > kMaxAddress - h.vaddr) {
      fail("segment " + std::to_string(i) + " has an absurd address or size");
    }
    if ((h.vaddr - h.offset) % kPageSize != 0)
      fail("segment " + std::to_string(i) + " is misaligned with its file offset");
    loads.push_back(h);
  }
  if (loads.empty()) fail("no loadable segments");
  std::sort(loads.begin(), loads.end(), [](const LoadSegment& a, const LoadSegment& b) { return a.vaddr < b.vaddr; });
  for (size_t i = 1; i < loads.size(); ++i) {
    if (loads[i].vaddr < loads[i - 1].vaddr + loads[i - 1].memsz) fail("loadable segments overlap");
  }
  if (page_up(loads.back().vaddr + loads.back().memsz) - page_down(loads.front().vaddr) > kMaxImageSpan) {
    fail("loadable segments span an absurd range");
  }
  return headers;
}

std::optional<ProgramHeaders> valid_program_headers(const std::vector<uint8_t>& file) {
  try {
    return read_program_headers(file);
  } catch (const ElfError&) {
    return std::nullopt;
  }
}

ElfImage load_elf(const std::vector<uint8_t>& file, AddressSpace& space, const ImagePlacement& place) {
  ProgramHeaders headers = read_program_headers(file);
  const std::vector<LoadSegment>& loads = headers.loads;
  const uint16_t type = headers.type;
  const uint64_t entry = headers.entry, phoff = headers.phoff;
  const uint16_t phnum = headers.phnum;
  std::optional<uint64_t> phdr_vaddr = headers.phdr_vaddr;
  std::string& interpreter = headers.interpreter;
  const uint64_t low = page_down(loads.front().vaddr);
  const uint64_t high = page_up(loads.back().vaddr + loads.back().memsz);

  ElfImage image;
  if (type == kEtDyn) {
    const uint64_t base = place                 ? place(high - low)
                          : interpreter.empty() ? std::max(low, kPieBase)
                                                : kInterpretedPieBase;
    if (base == 0 || base % kPageSize != 0) fail("no room for the image's " + std::to_string(high - low) + " bytes");
    image.load_bias = base - low;
  }
  if (type == kEtExec && low < kPageSize) fail("segment mapped at page zero");
  const uint64_t bias = image.load_bias;
  if (high + bias > kMaxAddress) fail("loadable segments lie above the user address range");

  bool entry_ok = false;
  for (const LoadSegment& h : loads) {
    if ((h.flags & kPfX) && entry >= h.vaddr && entry - h.vaddr < h.memsz) entry_ok = true;
  }
  if (!entry_ok) fail("entry point " + hex(entry) + " is not inside an executable segment");

  // Pages shared by two segments get the union of their permissions, as a kernel mapping
  // both over the same page would leave them accessible.
  std::map<uint64_t, uint8_t> pages;
  for (const LoadSegment& h : loads) {
    uint8_t perms =
        (h.flags & kPfR ? kPermRead : 0) | (h.flags & kPfW ? kPermWrite : 0) | (h.flags & kPfX ? kPermExecute : 0);
    for (uint64_t page = page_down(h.vaddr); page < h.vaddr + h.memsz; page += kPageSize) pages[page] |= perms;
  }
  for (auto it = pages.begin(); it != pages.end();) {
    uint64_t start = it->first, end = start + kPageSize;
    const uint8_t perms = it->second;
    auto next = std::next(it);
    while (next != pages.end() && next->first == end && next->second == perms) {
      end += kPageSize;
      ++next;
    }
    space.map(start + bias, end - start, perms);
    it = next;
  }
  for (const LoadSegment& h : loads) {
    // The file's bytes from the start of the first page, as a file mapping shows them; the
    // rest of the segment (bss) stays zero.
    const uint64_t lead = std::min(h.vaddr - page_down(h.vaddr), h.offset);
    const uint64_t from = h.offset - lead;
    const uint64_t length = h.filesz + lead;
    if (length) space.write_bytes(h.vaddr - lead + bias, {file.data() + from, length});
    if (!phdr_vaddr && phoff >= h.offset && phoff - h.offset < h.filesz &&
        h.filesz - (phoff - h.offset) >= phnum * kPhdrSize) {
      phdr_vaddr = h.vaddr + (phoff - h.offset);
    }
  }

  image.entry = entry + bias;
  image.phdr_address = phdr_vaddr ? *phdr_vaddr + bias : 0;
  image.phent = kPhdrSize;
  image.phnum = phnum;
  image.lowest = low + bias;
  image.highest = high + bias;
  image.interpreter = std::move(interpreter);
  read_symbols(file, bias, image);
  return image;
}

ElfImage load_executable(const std::string& path, AddressSpace& space, const ImagePlacement& place) {
  const std::vector<uint8_t> file = read_whole_file(path);
  try {
    return load_elf(file, space, place);
  } catch (const ElfError& error) {
    throw ElfError(path + ": " + error.what());
  }
}

}  // namespace warp64::linux_abi
