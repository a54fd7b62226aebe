#include "debug/process_target.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstring>

namespace warp64::debug {

int64_t ProcessTarget::process_id() const { return ::getpid(); }

uint64_t ProcessTarget::mapped_length(uint64_t address, uint64_t length) const {
  uint64_t mapped = 0;
  while (mapped < length && address + mapped >= address) {
    const Region* region = process_.memory().find(address + mapped);
    if (region == nullptr) break;
    mapped += std::min(length - mapped, region->base + region->size - (address + mapped));
  }
  return mapped;
}

size_t ProcessTarget::read_memory(uint64_t address, std::span<uint8_t> out) {
  const uint64_t length = mapped_length(address, out.size());
  if (length == 0) return 0;
  const std::vector<uint8_t> bytes = process_.memory().read_bytes(address, length);
  std::memcpy(out.data(), bytes.data(), length);
  return length;
}

// The CPU engine's decode cache serves only the word it recorded, so a write into code is
// seen by the next fetch.
bool ProcessTarget::write_memory(uint64_t address, std::span<const uint8_t> data) {
  if (mapped_length(address, data.size()) != data.size()) return false;
  if (!data.empty()) process_.memory().write_bytes(address, data);
  return true;
}

core::RunResult ProcessTarget::run(uint64_t instructions) {
  const core::RunResult stop = engine_->run(process_.state(), process_.memory(), instructions).result;
  cycles_ += stop.cycles;
  return stop;
}

bool ProcessTarget::service(const core::RunResult& stop) {
  const bool ended = process_.handle_stop(stop, cycles_);
  if (process_.forked()) throw ForkedChildLeavesDebugger{};
  return ended;
}

gdb::StopEvent ProcessTarget::ended() const {
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
