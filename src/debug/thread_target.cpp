#include "debug/thread_target.hpp"

namespace warp64::debug {

// The runner marks the engine's run, so that a thread that unmaps memory waits for it.
core::RunResult ThreadTarget::run(uint64_t instructions) {
  thread_.runner->enter();
  const core::RunResult stop = engine_->run(thread_.state, process_.memory(), instructions).result;
  thread_.runner->leave();
  cycles_ += stop.cycles;
  return stop;
}

bool ThreadTarget::service(const core::RunResult& stop) {
  const bool ended = process_.handle_stop(thread_, stop, cycles_);
  if (process_.forked()) throw ForkedChildLeavesDebugger{};
  return ended;
}

gdb::StopEvent ThreadTarget::ended() const {
  gdb::StopEvent event;
  if (process_.exit_signal() != 0) {
    event.kind = gdb::StopKind::kKilled;
    event.signal = process_.exit_signal();
  } else {
    event.kind = gdb::StopKind::kExited;
    event.exit_status = process_.exit_code();
  }
  return event;
}

}  // namespace warp64::debug
