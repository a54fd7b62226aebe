// `warp64 run -g PORT`: a guest stopped at its first instruction, served to one gdb over TCP,
// then run on or ended as the debugger leaves it.
#pragma once

#include <cstdint>

#include "debug/gdb/server.hpp"
#include "linux/process.hpp"

namespace warp64::debug {

// Listens on 127.0.0.1:port (0: a port the system picks), says on stderr "warp64: waiting
// for gdb on localhost:PORT" and serves `target` to the first debugger that connects. Throws
// warp64::Error when the port cannot be listened on.
gdb::SessionEnd serve_debugger(gdb::DebugTarget& target, uint16_t port);

// Loads the program, listens on 127.0.0.1:port (0: a port the system picks), says on stderr
// "warp64: waiting for gdb on localhost:PORT" and serves the first debugger that connects.
// After a detach the guest runs on to its end; a kill or a dropped connection kills it
// (SIGKILL). Returns how the guest ended, as run_process does. Throws warp64::Error when the
// port cannot be listened on.
linux_abi::ProcessResult debug_process(const linux_abi::ProcessOptions& options, uint16_t port);

}  // namespace warp64::debug
