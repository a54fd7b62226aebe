// A GDB remote serial protocol server in all-stop mode: it reads the debugger's packets from a
// connected socket and serves them from a DebugTarget, whose threads stop and resume together,
// until the debugger detaches or kills the guest, the guest ends, or the connection drops.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "debug/gdb/connection.hpp"
#include "debug/gdb/stop_reply.hpp"
#include "debug/gdb/target.hpp"

namespace warp64::debug::gdb {

enum class SessionEnd : uint8_t {
  kDetached,      // 'D': the guest should run on to its end without the debugger
  kKilled,        // 'k' or vKill: the guest should end now
  kGuestEnded,    // the guest exited or died; the debugger has its W or X reply
  kDisconnected,  // the connection dropped (the guest is as it was at its last stop)
};

struct ServerOptions {
  // Instructions per resume slice while continuing: between slices the server looks for the
  // debugger's interrupt.
  uint64_t slice_instructions = 1u << 16;
};

class GdbServer {
 public:
  // Serves `target` over `socket_fd`, a connected stream socket that the caller keeps.
  GdbServer(DebugTarget& target, int socket_fd, ServerOptions options = {});

  // The guest is stopped when this starts (gdb's first '?' reads SIGTRAP).
  SessionEnd serve();

 private:
  std::optional<SessionEnd> handle(std::string_view packet);
  void reply(std::string_view payload);

  void handle_query(std::string_view packet);
  void handle_transfer(std::string_view request);
  void handle_supported(std::string_view features);
  void handle_stop_point(std::string_view packet);
  std::optional<SessionEnd> handle_v_packet(std::string_view packet);
  std::optional<SessionEnd> handle_resume(std::string_view packet);
  std::optional<SessionEnd> handle_vcont(std::string_view actions);

  void read_memory(std::string_view arguments, bool binary);
  void write_memory(std::string_view arguments, bool binary);
  void read_register(std::string_view arguments);
  void write_register(std::string_view arguments);
  void write_all_registers(std::string_view hex);
  // The id of a live thread, parsed.
  std::optional<int64_t> live_thread(std::string_view thread);
  // A live thread, or "-1" (all) or "0" (any).
  bool is_live_thread(std::string_view thread);
  void select_thread(std::string_view arguments);

  // How the guest resumes: ResumeRequest's choices of threads, modes and signal.
  struct Resume {
    ResumeMode mode;
    int signal;
    int64_t thread;
    std::optional<ResumeMode> others;
  };
  // Runs the guest, sends the stop reply and ends the session when the guest ended.
  std::optional<SessionEnd> resume(const Resume& resume_as);
  // Resumes, in slices while continuing, until a stop or the debugger's interrupt; empty when
  // the connection drops (the guest is stopped then).
  std::optional<StopEvent> run_until_stop(const Resume& resume_as);

  DebugTarget& target_;
  Connection connection_;
  ServerOptions options_;
  StopPoints points_;
  int64_t last_stop_thread_;  // the thread that last_stop_ stopped
  StopEvent last_stop_;
  StopReasonSupport stop_reasons_;
  bool ack_mode_ = true;
  std::string last_packet_;  // framed, for a '-' retransmission request
};

}  // namespace warp64::debug::gdb
