// One guest Linux process whose run loop lives outside it: the single-process runner and the
// lane runner both drive it. It owns the process's address-space bookkeeping and system
// calls; an engine runs its state between stops.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "linux/elf_loader.hpp"
#include "linux/process.hpp"
#include "memory/address_space.hpp"
#include "warp64/core/run.hpp"

namespace warp64::linux_abi {

// Where the stack, the mmap area and the brk heap may lie. The defaults are Linux's (an 8 MiB
// stack below 0x7ffffffff000); lanes use small windows of their device memory.
struct ProcessLayout {
  uint64_t stack_top = 0x7ffffffff000ull;
  uint64_t stack_size = 8ull << 20;
  uint64_t mmap_floor = 0x10000;
  uint64_t mmap_ceiling = 0x7ffffffff000ull - (8ull << 20) - (256ull << 20);
  uint64_t heap_limit = ~0ull;  // brk never grows past this
  // Every mapping must lie inside [mmap_floor, mmap_ceiling) (or the heap): the lane's device
  // memory holds nothing else.
  bool confined = false;
};

class Process;

class GuestProcess {
 public:
  // A process in host memory: loads the executable itself.
  explicit GuestProcess(const ProcessOptions& options);
  // A process whose bytes live in `store`, which already holds the executable's regions as
  // `loaded` maps them (loaded by load_executable, which gave `image`) and a zeroed stack.
  GuestProcess(const ProcessOptions& options, const ProcessLayout& layout, ByteStore& store, const ElfImage& image,
               const AddressSpace& loaded);
  ~GuestProcess();
  GuestProcess(const GuestProcess&) = delete;
  GuestProcess& operator=(const GuestProcess&) = delete;

  CpuState& state();
  AddressSpace& memory();

  // Acts on the engine's stop: services a system call (and delivers signals it raised), or
  // ends the process for any other stop, reporting it on stderr. `cycles` counts every
  // instruction the process has retired. True when the process has ended.
  bool handle_stop(const core::RunResult& stop, uint64_t cycles);

  int exit_code() const;
  int exit_signal() const;
  // What the guest wrote to fd 1 or 2 when ProcessOptions::capture_output is set.
  const std::string& captured(int fd) const;

 private:
  std::unique_ptr<Process> process_;
};

}  // namespace warp64::linux_abi
