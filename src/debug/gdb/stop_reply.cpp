#include "debug/gdb/stop_reply.hpp"

#include <cstdio>
#include <cstring>

#include "debug/gdb/packet.hpp"
#include "debug/gdb/registers.hpp"
#include "debug/gdb/signals.hpp"

namespace warp64::debug::gdb {
namespace {

constexpr int kLinuxSigtrap = 5;
// si_code values of SIGTRAP (Linux's asm-generic/siginfo.h).
constexpr int kTrapBreakpoint = 1;
constexpr int kTrapTrace = 2;
constexpr int kTrapHardware = 4;

constexpr size_t kSiginfoSize = 128;
constexpr size_t kSiginfoCodeOffset = 8;
constexpr size_t kSiginfoAddressOffset = 16;  // si_addr, after signo, errno, code and padding

// A letter followed by a byte in two hex digits: "T05", "W00", or a register number "1f".
std::string with_byte(const char* prefix, unsigned value) {
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, "%s%02x", prefix, value & 0xff);
  return buffer;
}

std::string watch_reason(const StopEvent& event) {
  const char* name = event.watch == WatchKind::kWrite ? "watch" : event.watch == WatchKind::kRead ? "rwatch" : "awatch";
  return std::string(name) + ":" + hex_number(event.address) + ";";
}

std::string breakpoint_reason(uint64_t pc, const StopPoints& points, StopReasonSupport support) {
  if (support.swbreak && points.software_breakpoints.contains(pc)) return "swbreak:;";
  if (support.hwbreak && points.hardware_breakpoints.contains(pc)) return "hwbreak:;";
  return "";
}

std::string expedited(const core::CpuState& registers, unsigned number) {
  return with_byte("", number) + ":" + hex_encode(*read_register(registers, number)) + ";";
}

// The Linux signal a stop reports: SIGTRAP for the debugger's own stops.
int stop_signal(const StopEvent& event) {
  return event.kind == StopKind::kSignal || event.kind == StopKind::kKilled ? event.signal : kLinuxSigtrap;
}

}  // namespace

std::string stop_reply(const StopEvent& event, const core::CpuState& registers, const StopPoints& points,
                       int64_t thread, StopReasonSupport support) {
  if (event.kind == StopKind::kExited) return with_byte("W", static_cast<unsigned>(event.exit_status));
  const auto signal = static_cast<unsigned>(gdb_signal_from_linux(stop_signal(event)));
  if (event.kind == StopKind::kKilled) return with_byte("X", signal);
  std::string reply = with_byte("T", signal);
  if (event.kind == StopKind::kWatchpoint) reply += watch_reason(event);
  if (event.kind == StopKind::kBreakpoint) reply += breakpoint_reason(registers.pc, points, support);
  reply += "thread:" + hex_number(static_cast<uint64_t>(thread)) + ";";
  for (unsigned number : {kFrameRegister, kSpRegister, kPcRegister}) reply += expedited(registers, number);
  return reply;
}

std::string linux_siginfo(const StopEvent& event) {
  int code = event.signal_code;
  uint64_t address = event.address;
  switch (event.kind) {
    case StopKind::kBreakpoint: code = kTrapBreakpoint, address = 0; break;
    case StopKind::kStepped: code = kTrapTrace, address = 0; break;
    case StopKind::kWatchpoint: code = kTrapHardware; break;
    default: break;
  }
  const int signal = stop_signal(event);
  std::string info(kSiginfoSize, '\0');
  std::memcpy(info.data(), &signal, sizeof signal);
  std::memcpy(info.data() + kSiginfoCodeOffset, &code, sizeof code);
  std::memcpy(info.data() + kSiginfoAddressOffset, &address, sizeof address);
  return info;
}

}  // namespace warp64::debug::gdb
