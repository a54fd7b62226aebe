// Compiles the whole A64 core for the device with a minimal memory policy, so that any
// host-only construct in the core fails the build. Built by CMake whenever nvcc is present.
#include "warp64/core/decoder.hpp"
#include "warp64/core/run.hpp"

namespace {

struct FlatDeviceMemory {
  uint8_t* bytes;
  uint64_t size;
  __device__ bool read(uint64_t address, unsigned length, uint64_t& value) {
    if (address >= size || size - address < length) return false;
    value = 0;
    for (unsigned i = 0; i < length; ++i) value |= static_cast<uint64_t>(bytes[address + i]) << (8 * i);
    return true;
  }
  __device__ bool write(uint64_t address, unsigned length, uint64_t value) {
    if (address >= size || size - address < length) return false;
    for (unsigned i = 0; i < length; ++i) bytes[address + i] = static_cast<uint8_t>(value >> (8 * i));
    return true;
  }
  __device__ uint64_t virtual_counter() { return 0; }
};

struct DecodingFetcher {
  const warp64::core::DecodeTable* table;
  FlatDeviceMemory* memory;
  __device__ bool fetch(uint64_t pc, uint32_t& insn, warp64::core::Op& op) {
    uint64_t word;
    if ((pc & 3) != 0 || !memory->read(pc, 4, word)) return false;
    insn = static_cast<uint32_t>(word);
    op = warp64::core::decode(*table, insn);
    return true;
  }
};

}  // namespace

__global__ void warp64_device_compile_check(warp64::core::CpuState* state, uint8_t* bytes, uint64_t size,
                                            const warp64::core::DecodeTable* table,
                                            warp64::core::RunResult* result) {
  FlatDeviceMemory memory{bytes, size};
  DecodingFetcher fetcher{table, &memory};
  *result = warp64::core::run(*state, memory, fetcher, 1000);
}
