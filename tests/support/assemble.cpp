#include "support/assemble.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <map>

namespace warp64::test {

std::vector<uint32_t> assemble(const std::string& source) {
  static std::map<std::string, std::vector<uint32_t>> cache;
  if (const auto hit = cache.find(source); hit != cache.end()) return hit->second;

  char directory[] = "/tmp/warp64-asm-XXXXXX";
  if (mkdtemp(directory) == nullptr) {
    ADD_FAILURE() << "cannot create a temporary directory";
    return {};
  }
  const std::string base = directory;
  std::ofstream(base + "/in.s") << ".text\n" << source << "\n";
  const std::string command = std::string(WARP64_AARCH64_AS) + " -march=armv8.2-a+lse+crc -o " + base +
                              "/in.o " + base + "/in.s 2>" + base + "/err && " + WARP64_AARCH64_OBJCOPY +
                              " -O binary -j .text " + base + "/in.o " + base + "/out.bin";
  std::vector<uint32_t> words;
  if (std::system(command.c_str()) != 0) {
    std::ifstream error_file(base + "/err");
    const std::string errors((std::istreambuf_iterator<char>(error_file)), std::istreambuf_iterator<char>());
    ADD_FAILURE() << "assembler rejected:\n" << source << "\n" << errors;
  } else {
    std::ifstream binary(base + "/out.bin", std::ios::binary);
    const std::vector<char> bytes((std::istreambuf_iterator<char>(binary)), std::istreambuf_iterator<char>());
    for (size_t i = 0; i + 3 < bytes.size(); i += 4) {
      words.push_back(static_cast<uint8_t>(bytes[i]) | static_cast<uint8_t>(bytes[i + 1]) << 8 |
                      static_cast<uint8_t>(bytes[i + 2]) << 16 | static_cast<uint32_t>(static_cast<uint8_t>(bytes[i + 3])) << 24);
    }
  }
  std::system(("rm -rf " + base).c_str());
  cache[source] = words;
  return words;
}

ExecResult run_assembly(Machine& machine, const std::string& source, uint64_t max_cycles) {
  machine.load_program(assemble(source), 0);
  machine.set_pc(0);
  return machine.execute(max_cycles);
}

}  // namespace warp64::test
