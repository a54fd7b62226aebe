#include "debug/gdb/server.hpp"

#include <algorithm>
#include <utility>

#include "debug/gdb/packet.hpp"
#include "debug/gdb/registers.hpp"
#include "debug/gdb/signals.hpp"

namespace warp64::debug::gdb {
namespace {

// Error replies carry a Linux errno in hex.
constexpr std::string_view kInvalid = "E16";  // EINVAL: malformed or unknown arguments
constexpr std::string_view kFault = "E0e";    // EFAULT: memory that cannot be read or written
constexpr std::string_view kNoSpace = "E1c";  // ENOSPC: too many breakpoints or watchpoints
constexpr std::string_view kOk = "OK";

constexpr int kLinuxSigint = 2;
constexpr int kLinuxSigtrap = 5;
// Each kind of stop point holds at most this many, so that no peer can grow them without end.
constexpr size_t kMaxStopPoints = 4096;
// Binary replies may double when escaped: half a packet of data keeps them within PacketSize.
constexpr size_t kMaxReplyData = kMaxPacketSize / 2;

bool starts_with(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }

// Splits "a<separator>b" at the first separator; the second part is empty when there is none.
std::pair<std::string_view, std::string_view> split(std::string_view text, char separator) {
  const size_t at = text.find(separator);
  if (at == std::string_view::npos) return {text, {}};
  return {text.substr(0, at), text.substr(at + 1)};
}

// "address,length" as two numbers.
std::optional<std::pair<uint64_t, uint64_t>> parse_range(std::string_view text) {
  const auto [first, second] = split(text, ',');
  const auto address = parse_hex(first);
  const auto length = parse_hex(second);
  if (!address || !length) return std::nullopt;
  return std::pair{*address, *length};
}

std::span<uint8_t> bytes_of(std::string& text) { return {reinterpret_cast<uint8_t*>(text.data()), text.size()}; }
std::span<const uint8_t> bytes_of(std::string_view text) {
  return {reinterpret_cast<const uint8_t*>(text.data()), text.size()};
}

}  // namespace

GdbServer::GdbServer(DebugTarget& target, int socket_fd, ServerOptions options)
    : target_(target), connection_(socket_fd), options_(options), last_stop_thread_(target.process_id()) {
  last_stop_.kind = StopKind::kSignal;
  last_stop_.signal = kLinuxSigtrap;
}

SessionEnd GdbServer::serve() {
  PacketEvent event;
  while (connection_.next(event, true) == Connection::Input::kEvent) {
    switch (event.kind) {
      case PacketEvent::Kind::kAck:
      case PacketEvent::Kind::kInterrupt:  // the guest is already stopped
        break;
      case PacketEvent::Kind::kNak:
        if (ack_mode_ && !last_packet_.empty()) connection_.send(last_packet_);
        break;
      case PacketEvent::Kind::kBadPacket:
        // With acknowledgements the debugger resends; without, it waits for a reply.
        if (ack_mode_) {
          connection_.send("-");
        } else {
          reply(kInvalid);
        }
        break;
      case PacketEvent::Kind::kPacket:
        if (ack_mode_) connection_.send("+");
        if (auto end = handle(event.payload)) return *end;
        break;
    }
  }
  return SessionEnd::kDisconnected;
}

void GdbServer::reply(std::string_view payload) {
  last_packet_ = frame_packet(payload);
  connection_.send(last_packet_);
}

std::optional<SessionEnd> GdbServer::handle(std::string_view packet) {
  if (packet.empty()) {
    reply("");
    return std::nullopt;
  }
  const std::string_view arguments = packet.substr(1);
  switch (packet[0]) {
    case '?': reply(stop_reply(last_stop_, target_.read_registers(), points_, last_stop_thread_, stop_reasons_)); break;
    case 'g': reply(hex_encode(gdb::read_all_registers(target_.read_registers()))); break;
    case 'G': write_all_registers(arguments); break;
    case 'p': read_register(arguments); break;
    case 'P': write_register(arguments); break;
    case 'm': read_memory(arguments, false); break;
    case 'x': read_memory(arguments, true); break;
    case 'M': write_memory(arguments, false); break;
    case 'X': write_memory(arguments, true); break;
    case 'Z':
    case 'z': handle_stop_point(packet); break;
    case 'c':
    case 'C':
    case 's':
    case 'S': return handle_resume(packet);
    case 'v': return handle_v_packet(packet);
    case 'q': handle_query(packet); break;
    case 'Q':
      if (packet == "QStartNoAckMode") {
        reply(kOk);
        ack_mode_ = false;
      } else {
        reply("");
      }
      break;
    case 'H': select_thread(arguments); break;
    case 'T': reply(is_live_thread(arguments) ? kOk : kInvalid); break;
    case 'D': reply(kOk); return SessionEnd::kDetached;
    case 'k': return SessionEnd::kKilled;  // gdb expects no reply
    default: reply(""); break;
  }
  if (connection_.closed()) return SessionEnd::kDisconnected;
  return std::nullopt;
}

std::optional<int64_t> GdbServer::live_thread(std::string_view thread) {
  const auto id = parse_hex(thread);
  if (!id) return std::nullopt;
  const std::vector<int64_t> live = target_.threads();
  if (std::ranges::find(live, static_cast<int64_t>(*id)) == live.end()) return std::nullopt;
  return static_cast<int64_t>(*id);
}

bool GdbServer::is_live_thread(std::string_view thread) {
  return thread == "-1" || thread == "0" || live_thread(thread);  // all threads, any thread, or one
}

// Hg picks the thread whose registers g, p, G and P access; Hc, which the old c and s packets
// follow, is accepted for any live thread (gdb resumes with vCont, which names its threads).
void GdbServer::select_thread(std::string_view arguments) {
  if (arguments.empty()) return reply(kInvalid);
  const std::string_view thread = arguments.substr(1);
  if (arguments[0] != 'g' || thread == "-1" || thread == "0") return reply(is_live_thread(thread) ? kOk : kInvalid);
  const std::optional<int64_t> id = live_thread(thread);
  reply(id && target_.select_thread(*id) ? kOk : kInvalid);
}

void GdbServer::read_register(std::string_view arguments) {
  const auto number = parse_hex(arguments);
  const auto bytes = number && *number < kRegisterCount
                         ? gdb::read_register(target_.read_registers(), static_cast<unsigned>(*number))
                         : std::nullopt;
  reply(bytes ? hex_encode(*bytes) : std::string(kInvalid));
}

void GdbServer::write_register(std::string_view arguments) {
  const auto [number_text, value_text] = split(arguments, '=');
  const auto number = parse_hex(number_text);
  const auto value = hex_decode(value_text);
  core::CpuState state = target_.read_registers();
  if (!number || *number >= kRegisterCount || !value ||
      !gdb::write_register(state, static_cast<unsigned>(*number), *value)) {
    return reply(kInvalid);
  }
  target_.write_registers(state);
  reply(kOk);
}

void GdbServer::write_all_registers(std::string_view hex) {
  const auto bytes = hex_decode(hex);
  core::CpuState state = target_.read_registers();
  if (!bytes || !gdb::write_all_registers(state, *bytes)) return reply(kInvalid);
  target_.write_registers(state);
  reply(kOk);
}

void GdbServer::read_memory(std::string_view arguments, bool binary) {
  const auto range = parse_range(arguments);
  if (!range) return reply(kInvalid);
  const auto [address, length] = *range;
  std::string bytes(std::min<uint64_t>(length, kMaxReplyData), '\0');
  bytes.resize(target_.read_memory(address, bytes_of(bytes)));
  if (bytes.empty() && length != 0) return reply(kFault);
  reply(binary ? "b" + bytes : hex_encode(bytes));
}

void GdbServer::write_memory(std::string_view arguments, bool binary) {
  const auto [range_text, data_text] = split(arguments, ':');
  const auto range = parse_range(range_text);
  const auto data = binary ? std::optional<std::string>(data_text) : hex_decode(data_text);
  if (!range || !data || data->size() != range->second) return reply(kInvalid);
  if (data->empty()) return reply(kOk);  // gdb's probe for X support
  reply(target_.write_memory(range->first, bytes_of(*data)) ? kOk : kFault);
}

void GdbServer::handle_stop_point(std::string_view packet) {
  const bool insert = packet[0] == 'Z';
  const auto [type_text, rest] = split(packet.substr(1, packet.find(';') - 1), ',');
  const auto [address_text, kind_text] = split(rest, ',');
  const auto type = parse_hex(type_text);
  const auto address = parse_hex(address_text);
  const auto kind = parse_hex(kind_text);
  if (!type || !address || !kind) return reply(kInvalid);
  auto update = [&](auto& set, const auto& point) {
    if (!insert) {
      set.erase(point);
    } else if (set.size() >= kMaxStopPoints && !set.contains(point)) {
      return reply(kNoSpace);
    } else {
      set.insert(point);
    }
    reply(kOk);
  };
  switch (*type) {
    case 0: return update(points_.software_breakpoints, *address);
    case 1: return update(points_.hardware_breakpoints, *address);
    case 2:
    case 3:
    case 4: {
      if (*kind == 0) return reply(kInvalid);
      const WatchKind watch = *type == 2 ? WatchKind::kWrite : *type == 3 ? WatchKind::kRead : WatchKind::kAccess;
      return update(points_.watchpoints, Watchpoint{*address, *kind, watch});
    }
    default: return reply("");  // a kind of stop point this server does not know
  }
}

std::optional<SessionEnd> GdbServer::handle_resume(std::string_view packet) {
  const ResumeMode mode = packet[0] == 'c' || packet[0] == 'C' ? ResumeMode::kContinue : ResumeMode::kStep;
  std::string_view address_text = packet.substr(1);
  int signal = 0;
  if (packet[0] == 'C' || packet[0] == 'S') {
    const auto [signal_text, after] = split(address_text, ';');
    const auto gdb_signal = parse_hex(signal_text);
    if (!gdb_signal || *gdb_signal > 0xff) {
      reply(kInvalid);
      return std::nullopt;
    }
    signal = linux_signal_from_gdb(static_cast<int>(*gdb_signal));
    address_text = after;
  }
  if (!address_text.empty()) {
    const auto address = parse_hex(address_text);
    if (!address) {
      reply(kInvalid);
      return std::nullopt;
    }
    core::CpuState state = target_.read_registers();
    state.pc = *address;
    target_.write_registers(state);
  }
  // c and C resume every thread (the signal goes to the current one); s and S step the current
  // thread alone.
  const std::optional<ResumeMode> others =
      mode == ResumeMode::kContinue ? std::optional(ResumeMode::kContinue) : std::nullopt;
  return resume({mode, signal, target_.current_thread(), others});
}

std::optional<SessionEnd> GdbServer::handle_v_packet(std::string_view packet) {
  if (packet == "vCont?") {
    reply("vCont;c;C;s;S");
  } else if (starts_with(packet, "vCont;")) {
    return handle_vcont(packet.substr(6));
  } else if (packet == "vKill" || starts_with(packet, "vKill;")) {
    reply(kOk);
    return SessionEnd::kKilled;
  } else {
    reply("");
  }
  return std::nullopt;
}

namespace {

struct ParsedAction {
  ResumeMode mode;
  int signal;  // Linux's
};

// One vCont action: c, s, Cxx or Sxx.
std::optional<ParsedAction> parse_action(std::string_view action) {
  if (action == "c" || action == "s") return ParsedAction{action == "c" ? ResumeMode::kContinue : ResumeMode::kStep, 0};
  if (action.empty() || (action[0] != 'C' && action[0] != 'S')) return std::nullopt;
  const auto gdb_signal = parse_hex(action.substr(1));
  if (!gdb_signal || *gdb_signal > 0xff) return std::nullopt;
  return ParsedAction{action[0] == 'C' ? ResumeMode::kContinue : ResumeMode::kStep,
                      linux_signal_from_gdb(static_cast<int>(*gdb_signal))};
}

}  // namespace

std::optional<SessionEnd> GdbServer::handle_vcont(std::string_view actions) {
  // Each thread takes the leftmost action that applies to it. gdb names at most one thread in
  // all-stop mode ("s:TID;c": that thread steps while the others continue, "s:TID": the others
  // stay stopped), so the leftmost action decides the named thread and the first action for
  // every thread after it decides the others; an action for a thread that is gone is skipped.
  std::optional<Resume> resume_as;
  while (!actions.empty()) {
    const auto [action_and_thread, rest] = split(actions, ';');
    actions = rest;
    const auto [action, thread] = split(action_and_thread, ':');
    const std::optional<ParsedAction> parsed = parse_action(action);
    if (!parsed) break;
    const bool every_thread = thread.empty() || thread == "-1";
    const std::optional<int64_t> named = thread == "0" ? target_.current_thread() : live_thread(thread);
    if (!every_thread && !named) continue;
    if (!resume_as) {
      resume_as = Resume{parsed->mode, parsed->signal, every_thread ? 0 : *named, std::nullopt};
      if (!every_thread) continue;
    }
    if (every_thread) {
      resume_as->others = parsed->mode;
      return resume(*resume_as);
    }
  }
  if (!actions.empty() || !resume_as) {
    reply(kInvalid);
    return std::nullopt;
  }
  return resume(*resume_as);
}

std::optional<SessionEnd> GdbServer::resume(const Resume& resume_as) {
  const std::optional<StopEvent> event = run_until_stop(resume_as);
  if (!event) return SessionEnd::kDisconnected;
  last_stop_ = *event;
  const bool ended = event->kind == StopKind::kExited || event->kind == StopKind::kKilled;
  if (!ended) last_stop_thread_ = target_.current_thread();
  const core::CpuState registers = ended ? core::CpuState{} : target_.read_registers();
  reply(stop_reply(*event, registers, points_, last_stop_thread_, stop_reasons_));
  if (ended) return SessionEnd::kGuestEnded;
  if (connection_.closed()) return SessionEnd::kDisconnected;
  return std::nullopt;
}

std::optional<StopEvent> GdbServer::run_until_stop(const Resume& resume_as) {
  // A step is one instruction; a continue runs in slices.
  const uint64_t slice = resume_as.mode == ResumeMode::kStep ? 1 : options_.slice_instructions;
  ResumeRequest request{resume_as.mode, resume_as.signal, slice, points_, resume_as.thread, resume_as.others};
  for (;;) {
    StopEvent event = target_.resume(request);
    request.signal = 0;  // delivered with the first slice
    if (event.kind != StopKind::kRunning) return event;
    // While the guest runs, gdb sends nothing but its interrupt: anything else is dropped.
    PacketEvent input;
    for (;;) {
      const Connection::Input arrived = connection_.next(input, false);
      if (arrived == Connection::Input::kNothing) break;
      if (arrived == Connection::Input::kClosed) {
        target_.stop();
        return std::nullopt;
      }
      if (input.kind == PacketEvent::Kind::kInterrupt) {
        target_.stop();
        StopEvent interrupted;
        interrupted.kind = StopKind::kSignal;
        interrupted.signal = kLinuxSigint;
        return interrupted;
      }
    }
  }
}

void GdbServer::handle_query(std::string_view packet) {
  if (packet == "qSupported" || starts_with(packet, "qSupported:")) {
    handle_supported(packet.substr(std::min<size_t>(packet.size(), 11)));
  } else if (packet == "qAttached" || starts_with(packet, "qAttached:")) {
    reply("1");  // on quit, gdb detaches and the guest runs on, as it does under qemu
  } else if (packet == "qC") {
    reply("QC" + hex_number(static_cast<uint64_t>(target_.current_thread())));
  } else if (packet == "qfThreadInfo") {
    std::string list;
    for (const int64_t thread : target_.threads())
      list += (list.empty() ? "m" : ",") + hex_number(static_cast<uint64_t>(thread));
    reply(list.empty() ? "l" : list);
  } else if (packet == "qsThreadInfo") {
    reply("l");
  } else if (starts_with(packet, "qXfer:")) {
    handle_transfer(packet.substr(6));
  } else {
    reply("");
  }
}

void GdbServer::handle_supported(std::string_view features) {
  while (!features.empty()) {
    const auto [feature, rest] = split(features, ';');
    features = rest;
    if (feature == "swbreak+") stop_reasons_.swbreak = true;
    if (feature == "hwbreak+") stop_reasons_.hwbreak = true;
  }
  reply("PacketSize=" + hex_number(kMaxPacketSize) +
        ";qXfer:features:read+;qXfer:auxv:read+;qXfer:exec-file:read+;qXfer:siginfo:read+"
        ";swbreak+;hwbreak+;vContSupported+;QStartNoAckMode+;binary-upload+");
}

void GdbServer::handle_transfer(std::string_view request) {
  // object:read:annex:offset,length
  const auto [object, after_object] = split(request, ':');
  const auto [operation, after_operation] = split(after_object, ':');
  const size_t last_colon = after_operation.rfind(':');
  if (operation != "read" || last_colon == std::string_view::npos) return reply("");
  const std::string_view annex = after_operation.substr(0, last_colon);
  const auto range = parse_range(after_operation.substr(last_colon + 1));
  if (!range) return reply(kInvalid);

  std::string data;
  if (object == "features") {
    if (annex != "target.xml") return reply(kInvalid);
    data = target_description();
  } else if (object == "auxv") {
    data = target_.auxv();
  } else if (object == "exec-file") {
    data = target_.executable_path();
  } else if (object == "siginfo") {
    data = linux_siginfo(last_stop_);
  } else {
    return reply("");
  }
  const auto [offset, length] = *range;
  if (offset >= data.size()) return reply("l");
  const std::string chunk = data.substr(offset, std::min<uint64_t>(length, kMaxReplyData));
  reply((offset + chunk.size() < data.size() ? "m" : "l") + chunk);
}

}  // namespace warp64::debug::gdb
