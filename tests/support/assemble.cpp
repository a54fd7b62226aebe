#include "support/assemble.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>

#include "engine/engine.hpp"

namespace warp64::test {
namespace {

// Assembled programs persist next to the test executable, one file per executable, so that a
// copy of the build tree runs its tests where no cross assembler is installed (the GPU
// machine). Each entry: source length, source, word count, words.
class AssemblyCache {
 public:
  AssemblyCache() {
    const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe");
    path_ = exe.parent_path() / (exe.filename().string() + ".asm-cache");
    std::ifstream in(path_, std::ios::binary);
    std::error_code error;
    const uint64_t file_size = std::filesystem::file_size(path_, error);
    if (error) return;
    uint64_t length = 0;
    // Lengths are checked against the file's size, so that a torn entry ends the reading
    // rather than asking for an absurd allocation.
    while (in.read(reinterpret_cast<char*>(&length), sizeof length) && length <= file_size) {
      std::string source(length, '\0');
      uint64_t count = 0;
      if (!in.read(source.data(), length) || !in.read(reinterpret_cast<char*>(&count), sizeof count)) break;
      if (count > file_size / 4) break;
      std::vector<uint32_t> words(count);
      if (!in.read(reinterpret_cast<char*>(words.data()), count * 4)) break;
      entries_[source] = std::move(words);
    }
  }

  const std::vector<uint32_t>* find(const std::string& source) const {
    const auto hit = entries_.find(source);
    return hit == entries_.end() ? nullptr : &hit->second;
  }

  // ctest runs a binary's tests as concurrent processes: each entry goes to the file in one
  // write with O_APPEND, so entries of different processes never interleave.
  void add(const std::string& source, const std::vector<uint32_t>& words) {
    entries_[source] = words;
    const uint64_t length = source.size(), count = words.size();
    std::string entry(reinterpret_cast<const char*>(&length), sizeof length);
    entry += source;
    entry.append(reinterpret_cast<const char*>(&count), sizeof count);
    entry.append(reinterpret_cast<const char*>(words.data()), count * 4);
    const int fd = ::open(path_.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) return;
    const ssize_t written = ::write(fd, entry.data(), entry.size());
    (void)written;  // a cache that could not be written is assembled again next time
    ::close(fd);
  }

 private:
  std::filesystem::path path_;
  std::map<std::string, std::vector<uint32_t>> entries_;
};

std::vector<uint32_t> run_assembler(const std::string& source) {
  char directory[] = "/tmp/warp64-asm-XXXXXX";
  if (mkdtemp(directory) == nullptr) {
    ADD_FAILURE() << "cannot create a temporary directory";
    return {};
  }
  const std::string base = directory;
  std::ofstream(base + "/in.s") << ".text\n" << source << "\n";
  const std::string command = std::string(WARP64_AARCH64_AS) + " -march=armv8.4-a+lse+crc+rcpc -o " + base + "/in.o " +
                              base + "/in.s 2>" + base + "/err && " + WARP64_AARCH64_OBJCOPY + " -O binary -j .text " +
                              base + "/in.o " + base + "/out.bin";
  std::vector<uint32_t> words;
  if (std::system(command.c_str()) != 0) {
    std::ifstream error_file(base + "/err");
    const std::string errors((std::istreambuf_iterator<char>(error_file)), std::istreambuf_iterator<char>());
    ADD_FAILURE() << "assembler rejected:\n" << source << "\n" << errors;
  } else {
    std::ifstream binary(base + "/out.bin", std::ios::binary);
    const std::vector<char> bytes((std::istreambuf_iterator<char>(binary)), std::istreambuf_iterator<char>());
    for (size_t i = 0; i + 3 < bytes.size(); i += 4) {
      uint32_t word = 0;
      for (unsigned b = 0; b < 4; ++b) word |= static_cast<uint32_t>(static_cast<uint8_t>(bytes[i + b])) << (8 * b);
      words.push_back(word);
    }
  }
  std::filesystem::remove_all(base);
  return words;
}

// WARP64_TEST_GPU_DIFFERENTIAL=1 makes every run_assembly also run on the GPU engine and
// compare the two bit for bit.
bool gpu_differential_enabled() {
  const char* flag = std::getenv("WARP64_TEST_GPU_DIFFERENTIAL");
  return flag != nullptr && std::string(flag) == "1";
}

}  // namespace

std::vector<uint32_t> assemble(const std::string& source) {
  static AssemblyCache cache;
  if (const auto* words = cache.find(source)) return *words;
  const std::vector<uint32_t> words = run_assembler(source);
  if (!words.empty()) cache.add(source, words);
  return words;
}

void expect_same_machines(const Machine& expected, const ExecResult& expected_result, const Machine& actual,
                          const ExecResult& actual_result) {
  EXPECT_EQ(core::stop_reason_name(expected_result.stop_reason), core::stop_reason_name(actual_result.stop_reason));
  EXPECT_EQ(expected_result.cycles, actual_result.cycles);
  EXPECT_EQ(expected_result.final_pc, actual_result.final_pc);
  EXPECT_EQ(expected_result.fault_address, actual_result.fault_address);
  EXPECT_EQ(expected_result.fault_kind, actual_result.fault_kind);
  EXPECT_EQ(expected_result.instruction, actual_result.instruction);
  const CpuState& a = expected.state();
  const CpuState& b = actual.state();
  for (unsigned i = 0; i < 31; ++i) EXPECT_EQ(a.x[i], b.x[i]) << "x" << i;
  EXPECT_EQ(a.sp, b.sp);
  EXPECT_EQ(a.pc, b.pc);
  EXPECT_EQ(a.nzcv, b.nzcv);
  EXPECT_EQ(a.tpidr_el0, b.tpidr_el0);
  EXPECT_EQ(a.fpcr, b.fpcr);
  EXPECT_EQ(a.fpsr, b.fpsr);
  for (unsigned i = 0; i < 32; ++i) {
    EXPECT_EQ(a.v[i][0], b.v[i][0]) << "v" << i << " low";
    EXPECT_EQ(a.v[i][1], b.v[i][1]) << "v" << i << " high";
  }
  EXPECT_EQ(a.exclusive_open, b.exclusive_open);
  EXPECT_TRUE(expected.read_memory(0, expected.memory_size()) == actual.read_memory(0, actual.memory_size()))
      << "guest memory differs";
}

ExecResult run_assembly_nondeterministic(Machine& machine, const std::string& source, uint64_t max_cycles) {
  machine.load_program(assemble(source), 0);
  machine.set_pc(0);
  return machine.execute(max_cycles);
}

ExecResult run_assembly(Machine& machine, const std::string& source, uint64_t max_cycles) {
  if (!gpu_differential_enabled()) return run_assembly_nondeterministic(machine, source, max_cycles);
  machine.load_program(assemble(source), 0);
  machine.set_pc(0);

  Machine gpu({machine.memory_size(), EngineKind::kGpu});
  gpu.set_state(machine.state());
  gpu.write_memory(0, machine.read_memory(0, machine.memory_size()));
  const ExecResult gpu_result = gpu.execute(max_cycles);
  const ExecResult cpu_result = machine.execute(max_cycles);
  expect_same_machines(machine, cpu_result, gpu, gpu_result);
  return cpu_result;
}

}  // namespace warp64::test
