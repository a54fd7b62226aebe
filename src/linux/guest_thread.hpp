// One thread of a guest process: what Linux keeps per task rather than per thread group.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <thread>
#include <utility>

#include "linux/signals.hpp"
#include "memory/address_space.hpp"
#include "warp64/machine.hpp"

namespace warp64::linux_abi {

struct GuestThread {
  CpuState state{};
  uint64_t sigmask = 0;
  AltStack altstack;
  // rt_sigsuspend's caller mask: the first handler frame saves it instead of the temporary one.
  std::optional<uint64_t> suspended_mask;
  // Why a system call (rt_sigreturn, with a bad frame) left the thread to die of SIGSEGV as it
  // returns, or nullptr.
  const char* doomed = nullptr;
  uint64_t syscall_pc = 0;    // the SVC of the system call being serviced
  bool quiet_return = false;  // strace shows no line for this call (the child's side of fork)

  pid_t tid = 0;  // the host thread's tid: the first thread's is the process's pid
  // set_tid_address, CLONE_CHILD_CLEARTID: the word zeroed and futex-woken when the thread
  // ends, which pthread_join waits on.
  uint64_t clear_child_tid = 0;
  bool ended = false;     // it called exit: the process goes on without it
  bool finished = false;  // its host thread has left the guest for good
  bool asleep = false;    // waiting in a host call, the process's lock released
  // Waiting in a host call or a futex: it runs no guest code before the call returns, which a
  // debugger counts as stopped.
  bool blocked = false;
  // A signal about to be delivered to it, held for a debugger (Process::hold_signals_for_debugger).
  std::optional<std::pair<int, SignalInfo>> held_signal;
  std::thread host;                        // the host thread that runs it; none for the first thread
  AddressSpace::Runner* runner = nullptr;  // while it runs the engine (threads.cpp)
};

// A thread waiting in FUTEX_WAIT: woken by a FUTEX_WAKE on its word whose bitset meets its own.
struct FutexWaiter {
  uint64_t address;
  uint32_t bitset;
  bool woken = false;
};

}  // namespace warp64::linux_abi
