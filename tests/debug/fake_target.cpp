#include "fake_target.hpp"

#include <cstring>

namespace warp64::debug::gdb::test {
namespace {

bool inside(uint64_t address, uint64_t size) {
  return address >= FakeTarget::kBase && size <= FakeTarget::kSize &&
         address - FakeTarget::kBase <= FakeTarget::kSize - size;
}

}  // namespace

FakeTarget::FakeTarget() : memory(kSize) {
  state.pc = kBase;
  state.sp = kBase + kSize;
}

size_t FakeTarget::read_memory(uint64_t address, std::span<uint8_t> out) {
  size_t count = 0;
  while (count < out.size() && inside(address + count, 1)) {
    out[count] = memory[address + count - kBase];
    ++count;
  }
  return count;
}

bool FakeTarget::write_memory(uint64_t address, std::span<const uint8_t> data) {
  if (!inside(address, data.size())) return false;
  std::memcpy(memory.data() + (address - kBase), data.data(), data.size());
  return true;
}

std::string FakeTarget::auxv() const {
  // AT_PAGESZ 4096, AT_ENTRY kBase, AT_NULL.
  const uint64_t words[] = {6, 4096, 9, kBase, 0, 0};
  return std::string(reinterpret_cast<const char*>(words), sizeof words);
}

StopEvent FakeTarget::resume(const ResumeRequest& request) {
  resumes.push_back({request.mode, request.signal, request.max_instructions, request.thread, request.others});
  if (request.signal != 0) {  // the fake guest has no handlers: any signal delivered kills it
    StopEvent killed;
    killed.kind = StopKind::kKilled;
    killed.signal = request.signal;
    return killed;
  }
  const uint64_t count = request.mode == ResumeMode::kStep ? 1 : request.max_instructions;
  for (uint64_t i = 0; i < count; ++i) {
    if (request.points.breakpoint_at(state.pc)) return StopEvent{.kind = StopKind::kBreakpoint};
    if (auto stop = execute(request.points)) return *stop;
  }
  return StopEvent{.kind = request.mode == ResumeMode::kStep ? StopKind::kStepped : StopKind::kRunning};
}

std::optional<StopEvent> FakeTarget::execute(const StopPoints& points) {
  const auto found = program.find(state.pc);
  if (found == program.end()) {
    ++state.x[2];
    state.pc += 4;
    return std::nullopt;
  }
  const FakeAction& action = found->second;
  StopEvent stop;
  switch (action.kind) {
    case FakeAction::Kind::kStore:
    case FakeAction::Kind::kLoad: {
      const bool is_write = action.kind == FakeAction::Kind::kStore;
      if (auto hit = points.watch_hit(action.address, action.size, is_write)) {
        stop.kind = StopKind::kWatchpoint;
        stop.address = hit->address;
        stop.watch = hit->kind;
        return stop;
      }
      auto* bytes = reinterpret_cast<uint8_t*>(is_write ? &state.x[1] : &state.x[0]);
      if (is_write) {
        write_memory(action.address, {bytes, action.size});
      } else {
        read_memory(action.address, {bytes, action.size});
      }
      state.pc += 4;
      return std::nullopt;
    }
    case FakeAction::Kind::kFault:
      stop.kind = StopKind::kSignal;
      stop.signal = action.value;
      stop.signal_code = 1;  // SEGV_MAPERR
      stop.address = action.address;
      return stop;
    case FakeAction::Kind::kLoop: return std::nullopt;  // a branch to itself
    case FakeAction::Kind::kExit:
      stop.kind = StopKind::kExited;
      stop.exit_status = action.value;
      return stop;
    case FakeAction::Kind::kDie:
      stop.kind = StopKind::kKilled;
      stop.signal = action.value;
      return stop;
  }
  return std::nullopt;
}

}  // namespace warp64::debug::gdb::test
