// Executable validation: every malformed or unsupported ELF file ends in one line
// `warp64: FILE: reason` and exit status 2, never a crash.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <random>

#include "guest_runner.hpp"

namespace warp64::test {
namespace {

struct Rejection {
  int status;
  std::string err;
  int signal;
};

Rejection run_bytes(const std::string& bytes, const std::vector<std::string>& options = {}) {
  TempDir dir;
  const std::string path = dir.path() + "/prog";
  write_file(path, bytes);
  const Outcome w = run_warp64(path, {}, dir.path(), {"WARP64_TEST=1"}, options);
  std::string err = w.err;
  const std::string prefix = "warp64: " + path + ": ";
  if (err.rfind(prefix, 0) == 0) err = "<file>: " + err.substr(prefix.size());
  return {w.status, err, w.signal};
}

void expect_rejected(const std::string& bytes, const std::string& reason) {
  const Rejection r = run_bytes(bytes);
  EXPECT_EQ(r.signal, 0);
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, "<file>: " + reason + "\n");
}

template <class T>
void poke(std::string& bytes, size_t offset, T value) {
  std::memcpy(bytes.data() + offset, &value, sizeof value);
}
template <class T>
T peek(const std::string& bytes, size_t offset) {
  T value;
  std::memcpy(&value, bytes.data() + offset, sizeof value);
  return value;
}

// The offset of program header `type` number `nth` of that type.
size_t phdr(const std::string& bytes, uint32_t type, int nth = 0) {
  const uint64_t phoff = peek<uint64_t>(bytes, 0x20);
  const uint16_t phnum = peek<uint16_t>(bytes, 0x38);
  for (uint16_t i = 0; i < phnum; ++i) {
    if (peek<uint32_t>(bytes, phoff + 56 * i) == type && nth-- == 0) return phoff + 56 * i;
  }
  ADD_FAILURE() << "no program header of type " << type;
  return 0;
}

std::string real() { return read_file(program("hello_libc")); }

// A minimal hand-built executable: one R+X PT_LOAD of the whole file at 0x10000, whose code
// is `mov x0, #7; mov x8, #93; svc #0`.
std::string hand_built() {
  std::string bytes(64 + 56 + 12, '\0');
  const char ident[] = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0};
  std::memcpy(bytes.data(), ident, sizeof ident);
  poke<uint16_t>(bytes, 0x10, 2);    // ET_EXEC
  poke<uint16_t>(bytes, 0x12, 183);  // EM_AARCH64
  poke<uint32_t>(bytes, 0x14, 1);
  poke<uint64_t>(bytes, 0x18, 0x10000 + 120);
  poke<uint64_t>(bytes, 0x20, 64);  // e_phoff
  poke<uint16_t>(bytes, 0x34, 64);  // e_ehsize
  poke<uint16_t>(bytes, 0x36, 56);
  poke<uint16_t>(bytes, 0x38, 1);
  poke<uint32_t>(bytes, 64, 1);  // PT_LOAD
  poke<uint32_t>(bytes, 68, 5);  // R+X
  poke<uint64_t>(bytes, 64 + 8, 0);
  poke<uint64_t>(bytes, 64 + 16, 0x10000);
  poke<uint64_t>(bytes, 64 + 32, bytes.size());
  poke<uint64_t>(bytes, 64 + 40, bytes.size());
  poke<uint64_t>(bytes, 64 + 48, 0x1000);
  poke<uint32_t>(bytes, 120, 0xd28000e0);  // mov x0, #7
  poke<uint32_t>(bytes, 124, 0xd2800ba8);  // mov x8, #93
  poke<uint32_t>(bytes, 128, 0xd4000001);  // svc #0
  return bytes;
}

TEST(LinuxElf, HandBuiltRuns) {
  const Rejection r = run_bytes(hand_built());
  EXPECT_EQ(r.status, 7);
  EXPECT_EQ(r.err, "");
}

TEST(LinuxElf, HandBuiltBss) {
  std::string bytes = hand_built();
  poke<uint64_t>(bytes, 64 + 40, 0x20000);  // p_memsz beyond the file: zero-filled
  EXPECT_EQ(run_bytes(bytes).status, 7);
}

TEST(LinuxElf, Truncated) {
  const std::string file = real();
  expect_rejected("", "not an ELF file (bad magic)");
  expect_rejected(file.substr(0, 3), "not an ELF file (bad magic)");
  expect_rejected(file.substr(0, 40), "truncated ELF header");
  expect_rejected(file.substr(0, 100), "program headers lie outside the file");
  const Rejection half = run_bytes(file.substr(0, file.size() / 2));
  EXPECT_EQ(half.status, 2);
  EXPECT_NE(half.err.find("lies outside the file"), std::string::npos) << half.err;
}

TEST(LinuxElf, BadIdentification) {
  std::string bytes = hand_built();
  bytes[1] = 'X';
  expect_rejected(bytes, "not an ELF file (bad magic)");
  bytes = hand_built();
  bytes[4] = 1;
  expect_rejected(bytes, "not a 64-bit ELF file (EI_CLASS 1)");
  bytes = hand_built();
  bytes[5] = 2;
  expect_rejected(bytes, "not a little-endian ELF file (EI_DATA 2)");
  bytes = hand_built();
  bytes[6] = 0;
  expect_rejected(bytes, "unsupported ELF identification version 0");
}

TEST(LinuxElf, BadHeaderFields) {
  std::string bytes = hand_built();
  poke<uint16_t>(bytes, 0x12, 62);
  expect_rejected(bytes, "not an AArch64 executable (e_machine 62)");
  bytes = hand_built();
  poke<uint32_t>(bytes, 0x14, 2);
  expect_rejected(bytes, "unsupported ELF version 2");
  bytes = hand_built();
  poke<uint16_t>(bytes, 0x10, 1);
  expect_rejected(bytes, "not an executable (e_type 1)");
  bytes = hand_built();
  poke<uint16_t>(bytes, 0x34, 52);
  expect_rejected(bytes, "bad ELF header size");
  bytes = hand_built();
  poke<uint16_t>(bytes, 0x36, 32);
  expect_rejected(bytes, "bad program header entry size 32");
  bytes = hand_built();
  poke<uint16_t>(bytes, 0x38, 0);
  expect_rejected(bytes, "no program headers");
  bytes = hand_built();
  poke<uint16_t>(bytes, 0x38, 0xffff);
  expect_rejected(bytes, "too many program headers (65535)");
  bytes = hand_built();
  poke<uint16_t>(bytes, 0x38, 2);
  expect_rejected(bytes, "program headers lie outside the file");
  bytes = hand_built();
  poke<uint64_t>(bytes, 0x20, ~0ull - 8);
  expect_rejected(bytes, "program headers lie outside the file");
}

TEST(LinuxElf, BadSegments) {
  std::string bytes = hand_built();
  poke<uint64_t>(bytes, 64 + 40, 10);  // p_memsz < p_filesz
  expect_rejected(bytes, "segment 0 has p_filesz > p_memsz");
  bytes = hand_built();
  poke<uint64_t>(bytes, 64 + 8, 4096);  // p_offset past the end
  expect_rejected(bytes, "segment 0 lies outside the file");
  bytes = hand_built();
  poke<uint64_t>(bytes, 64 + 32, ~0ull);
  poke<uint64_t>(bytes, 64 + 40, ~0ull);
  expect_rejected(bytes, "segment 0 lies outside the file");
  bytes = hand_built();
  poke<uint64_t>(bytes, 64 + 40, 1ull << 40);  // absurd size
  expect_rejected(bytes, "segment 0 has an absurd address or size");
  bytes = hand_built();
  poke<uint64_t>(bytes, 64 + 16, 0xfffffffffffff000ull);  // absurd address
  expect_rejected(bytes, "segment 0 has an absurd address or size");
  bytes = hand_built();
  poke<uint64_t>(bytes, 64 + 16, 0x10004);  // vaddr and offset disagree modulo the page
  expect_rejected(bytes, "segment 0 is misaligned with its file offset");
  bytes = hand_built();
  poke<uint32_t>(bytes, 64, 4);  // PT_NOTE: nothing to load
  expect_rejected(bytes, "no loadable segments");
  bytes = hand_built();
  poke<uint64_t>(bytes, 64 + 16, 0);  // page zero
  poke<uint64_t>(bytes, 0x18, 120);
  expect_rejected(bytes, "segment mapped at page zero");
}

TEST(LinuxElf, EntryOutsideExecutableSegment) {
  std::string bytes = hand_built();
  poke<uint64_t>(bytes, 0x18, 0x90000);
  expect_rejected(bytes, "entry point 0x90000 is not inside an executable segment");
  bytes = hand_built();
  poke<uint32_t>(bytes, 68, 6);  // R+W, not X
  expect_rejected(bytes, "entry point 0x10078 is not inside an executable segment");
}

TEST(LinuxElf, OverlappingSegments) {
  std::string file = real();
  const size_t first = phdr(file, 1, 0), second = phdr(file, 1, 1);
  poke<uint64_t>(file, second + 16, peek<uint64_t>(file, first + 16));
  poke<uint64_t>(file, second + 8, peek<uint64_t>(file, first + 8));
  expect_rejected(file, "loadable segments overlap");
}

// PT_INTERP must hold one NUL-terminated path inside the file.
TEST(LinuxElf, MalformedInterpreter) {
  const std::string file = read_file(program("hello_dynamic"));
  const size_t interp = phdr(file, 3);
  std::string unterminated = file;
  unterminated[peek<uint64_t>(file, interp + 8) + peek<uint64_t>(file, interp + 32) - 1] = 'x';
  expect_rejected(unterminated, "PT_INTERP is not one NUL-terminated path");
  std::string outside = file;
  poke<uint64_t>(outside, interp + 8, file.size());
  expect_rejected(outside, "PT_INTERP lies outside the file");
}

// The loader the executable names must be found under the sysroot (or the host's root).
TEST(LinuxElf, InterpreterMissing) {
  const Rejection r = run_bytes(read_file(program("hello_dynamic")), {"-L", "/nonexistent"});
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err,
            "<file>: its interpreter /lib/ld-linux-aarch64.so.1 is not under the sysroot /nonexistent (-L DIR "
            "or WARP64_LD_PREFIX names another): /lib/ld-linux-aarch64.so.1: cannot open: No such file or "
            "directory\n");
}

// Lanes load a dynamic program's loader once for all of them, before any lane starts: without it
// the run is refused in one line, as one process is.
TEST(LinuxElf, DynamicInLanesWithoutItsLoaderRefused) {
  const Rejection r =
      run_bytes(read_file(program("hello_dynamic")), {"--lanes", "2", "--engine", "cpu", "-L", "/nonexistent"});
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err.rfind("<file>: its interpreter /lib/ld-linux-aarch64.so.1 is not under the sysroot /nonexistent "
                        "(-L DIR or WARP64_LD_PREFIX names another): ",
                        0),
            0u)
      << r.err;
  EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << r.err;
}

TEST(LinuxElf, NotElf) { expect_rejected("#!/bin/sh\necho hi\n", "not an ELF file (bad magic)"); }

// Random corruption of the headers of a real executable: a clean rejection or a guest run
// (bounded by --max-cycles), never a crash of warp64 itself. A guest that faults, or runs out
// of cycles, kills warp64 with its signal after a report.
TEST(LinuxElf, CorruptedHeadersNeverCrash) {
  const std::string file = read_file(program("hello"));
  const size_t header_bytes = 64 + 56 * peek<uint16_t>(file, 0x38);
  std::mt19937 random(12345);
  for (int round = 0; round < 60; ++round) {
    std::string bytes = file;
    const int flips = 1 + static_cast<int>(random() % 4);
    for (int i = 0; i < flips; ++i) bytes[random() % header_bytes] = static_cast<char>(random());
    const Rejection r = run_bytes(bytes, {"--max-cycles", "100000"});
    if (r.signal != 0) EXPECT_NE(r.err.find("warp64: guest SIG"), std::string::npos) << "round " << round;
    if (r.status == 2) {
      EXPECT_EQ(r.err.rfind("<file>: ", 0), 0u) << r.err;
      EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << r.err;
    }
  }
}

}  // namespace
}  // namespace warp64::test
