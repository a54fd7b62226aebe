// Why execution stopped, as plain data: engines report it, the Linux layer services it.
#pragma once

#include <cstdint>

#include "warp64/core/config.hpp"

namespace warp64::core {

enum class StopReason : uint8_t {
  kNone = 0,  // still running
  kHalt,
  kSyscall,
  kBreakpoint,
  kUndefined,
  kFault,
  kMaxCycles,
  // An access the engine could not back with memory: a lane engine's page pool was exhausted.
  // Engines report it; the core never does.
  kOutOfMemory,
};

// The kind of access that faulted.
enum class AccessKind : uint8_t { kNone = 0, kRead, kWrite, kFetch };

// What one instruction asks the engine to do next.
enum class Flow : uint8_t {
  kNext,  // retire; PC advances by 4
  kJump,  // retire; the instruction already wrote PC
  kStop,  // see Outcome::reason
};

struct Outcome {
  Flow flow;
  StopReason reason;
  AccessKind access;
  uint64_t fault_address;

  W64_HD static constexpr Outcome next() { return {Flow::kNext, StopReason::kNone, AccessKind::kNone, 0}; }
  W64_HD static constexpr Outcome jump() { return {Flow::kJump, StopReason::kNone, AccessKind::kNone, 0}; }
  W64_HD static constexpr Outcome stop(StopReason reason) { return {Flow::kStop, reason, AccessKind::kNone, 0}; }
  W64_HD static constexpr Outcome undefined() { return stop(StopReason::kUndefined); }
  W64_HD static constexpr Outcome fault(uint64_t address, AccessKind access) {
    return {Flow::kStop, StopReason::kFault, access, address};
  }
};

inline const char* stop_reason_name(StopReason reason) {
  switch (reason) {
    case StopReason::kNone: return "NONE";
    case StopReason::kHalt: return "HALT";
    case StopReason::kSyscall: return "SYSCALL";
    case StopReason::kBreakpoint: return "BREAKPOINT";
    case StopReason::kUndefined: return "UNDEFINED";
    case StopReason::kFault: return "FAULT";
    case StopReason::kMaxCycles: return "MAX_CYCLES";
    case StopReason::kOutOfMemory: return "OUT_OF_MEMORY";
  }
  return "UNKNOWN";
}

inline const char* access_kind_name(AccessKind kind) {
  switch (kind) {
    case AccessKind::kNone: return "none";
    case AccessKind::kRead: return "read";
    case AccessKind::kWrite: return "write";
    case AccessKind::kFetch: return "fetch";
  }
  return "unknown";
}

}  // namespace warp64::core
