#include "debug/debug_session.hpp"

#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <functional>
#include <memory>
#include <thread>
#include <utility>

#include "debug/gdb/server.hpp"
#include "debug/gdb/socket.hpp"
#include "debug/process_target.hpp"
#include "linux/host_signals.hpp"

namespace warp64::debug {
namespace {

gdb::Socket announce_and_accept(const gdb::Socket& listener, const std::function<void()>& on_signal = {}) {
  std::fprintf(stderr, "warp64: waiting for gdb on localhost:%u\n", static_cast<unsigned>(gdb::bound_port(listener)));
  std::fflush(stderr);
  return gdb::accept_connection(listener, on_signal);
}

// The host's asynchronous signals are the guest's: the server's thread leaves them to the
// guest's threads, so that one waiting in the host wakes for them.
void leave_signals_to_the_guest() {
  sigset_t asynchronous;
  sigfillset(&asynchronous);
  for (const int synchronous : {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP}) sigdelset(&asynchronous, synchronous);
  pthread_sigmask(SIG_BLOCK, &asynchronous, nullptr);
}

// The child of a fork of the first thread ends as run_one_process ends a forked guest: the
// host thread that ran it is the child's only one.
[[noreturn]] void end_forked_child(const linux_abi::ProcessResult& result) {
  std::fflush(nullptr);
  if (result.signal != 0) linux_abi::host_signals::die_by(result.signal);
  _exit(result.exit_code);
}

}  // namespace

gdb::SessionEnd serve_debugger(gdb::DebugTarget& target, uint16_t port) {
  const gdb::Socket listener = gdb::listen_on_loopback(port);
  const gdb::Socket connection = announce_and_accept(listener);
  return gdb::GdbServer(target, connection.fd()).serve();
}

linux_abi::ProcessResult debug_process(const linux_abi::ProcessOptions& options, uint16_t port) {
  auto process = std::make_unique<linux_abi::Process>(options);
  linux_abi::Process& guest = *process;
  const gdb::Socket listener = gdb::listen_on_loopback(port);
  // The guest's signal handling is in place: Ctrl-C or a kill while no debugger has come ends
  // warp64 as it would end the guest.
  const gdb::Socket connection = announce_and_accept(listener, linux_abi::host_signals::die_by_fatal_arrival);
  auto target = std::make_unique<ProcessTarget>(guest);
  target->close_in_forked_child({listener.fd(), connection.fd()});
  // The first guest thread runs on a host thread of its own, as the others do, so that this
  // one serves gdb whatever the guest's threads wait for.
  linux_abi::ProcessResult finished;
  std::thread first_thread([&finished, &options, owned = std::move(process)]() mutable {
    finished = finish_process(std::move(owned), options);
    if (finished.forked) end_forked_child(finished);
  });
  leave_signals_to_the_guest();
  const gdb::SessionEnd end = gdb::GdbServer(*target, connection.fd()).serve();
  if (end == gdb::SessionEnd::kKilled || end == gdb::SessionEnd::kDisconnected) {
    linux_abi::ProcessResult killed;
    killed.signal = SIGKILL;
    killed.exit_code = 128 + SIGKILL;
    if (target->select_thread(target->process_id())) killed.state = target->read_registers();
    // The guest's threads stay stopped, and die with warp64.
    first_thread.detach();
    static_cast<void>(target.release());
    return killed;
  }
  if (end == gdb::SessionEnd::kDetached) target->release();
  first_thread.join();
  // A thread asleep in the host when the process ended leaves by itself, through the target.
  if (target->supervising()) static_cast<void>(target.release());
  return finished;
}

}  // namespace warp64::debug
