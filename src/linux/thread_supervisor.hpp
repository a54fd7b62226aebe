// A debugger's hold on a process's threads: while one is set (Process::supervise_threads), every
// guest thread runs under it on its own host thread, so that all of them can stop together.
#pragma once

#include "linux/guest_thread.hpp"

namespace warp64::linux_abi {

class ThreadSupervisor {
 public:
  virtual ~ThreadSupervisor() = default;
  // Runs `thread` on the calling host thread until the thread or the process ends (true), or
  // until the supervisor lets it go (false): the process's own loop then runs it on.
  virtual bool supervise(GuestThread& thread) = 0;
};

}  // namespace warp64::linux_abi
