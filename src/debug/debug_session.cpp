#include "debug/debug_session.hpp"

#include <signal.h>

#include <cstdio>
#include <memory>
#include <utility>

#include "debug/gdb/server.hpp"
#include "debug/gdb/socket.hpp"
#include "debug/process_target.hpp"

namespace warp64::debug {

gdb::SessionEnd serve_debugger(gdb::DebugTarget& target, uint16_t port) {
  const gdb::Socket listener = gdb::listen_on_loopback(port);
  std::fprintf(stderr, "warp64: waiting for gdb on localhost:%u\n", static_cast<unsigned>(gdb::bound_port(listener)));
  std::fflush(stderr);
  const gdb::Socket connection = gdb::accept_connection(listener);
  return gdb::GdbServer(target, connection.fd()).serve();
}

linux_abi::ProcessResult debug_process(const linux_abi::ProcessOptions& options, uint16_t port) {
  auto process = std::make_unique<linux_abi::Process>(options);
  gdb::SessionEnd end;
  try {
    ProcessTarget target(*process);
    end = serve_debugger(target, port);
  } catch (const ForkedChildLeavesDebugger&) {
    return finish_process(std::move(process), options);  // the sockets are closed in this child
  }
  if (end == gdb::SessionEnd::kKilled || end == gdb::SessionEnd::kDisconnected) {
    linux_abi::ProcessResult killed;
    killed.signal = SIGKILL;
    killed.exit_code = 128 + SIGKILL;
    killed.state = process->state();
    static_cast<void>(process.release());  // its threads, if any, die with warp64
    return killed;
  }
  return finish_process(std::move(process), options);  // detached: runs on; ended: nothing left to run
}

}  // namespace warp64::debug
