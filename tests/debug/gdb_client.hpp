// The debugger's side of a test: a GdbServer on one end of a socket pair, serving a
// FakeTarget on its own thread, and a client on the other end that frames packets and reads
// replies the way gdb does, every wait bounded.
#pragma once

#include <chrono>
#include <condition_variable>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

#include "debug/gdb/server.hpp"
#include "fake_target.hpp"

namespace warp64::debug::gdb::test {

using namespace std::chrono_literals;

// '$payload#cs' with the checksum computed here, independently of the server's framing.
std::string framed(std::string_view payload);

class GdbClient {
 public:
  explicit GdbClient(int fd);  // takes ownership of fd
  ~GdbClient();

  void send_raw(std::string_view bytes);
  void send_packet(std::string_view payload) { send_raw(framed(payload)); }
  // The next packet's payload, its escapes undone; empty optional on timeout, a bad checksum
  // or a closed connection. Acknowledges it with '+' unless in no-ack mode.
  std::optional<std::string> receive_packet(std::chrono::milliseconds timeout = 5s);
  // Sends a packet and returns the reply ("<none>" when none came).
  std::string command(std::string_view payload, std::chrono::milliseconds timeout = 5s);
  // The bytes that came before the last packet receive_packet returned (its '+' ack, say).
  const std::string& bytes_before_packet() const { return bytes_before_packet_; }
  // Every byte received so far that no receive_packet consumed ('+' and '-' included).
  std::string unread();
  // Waits until `needle` has arrived and drops everything up to its end; false on timeout.
  bool skip_past(std::string_view needle, std::chrono::milliseconds timeout = 5s);
  // Closes the client's end.
  void close();
  void set_no_ack(bool no_ack) { no_ack_ = no_ack; }

 private:
  void read_loop();

  int fd_;
  bool no_ack_ = false;
  std::mutex mutex_;
  std::condition_variable arrived_;
  std::string received_;
  std::string bytes_before_packet_;
  bool peer_closed_ = false;
  std::thread reader_;
};

// A server on its own thread and a client connected to it.
class ServerSession {
 public:
  explicit ServerSession(FakeTarget& target, ServerOptions options = {});
  ~ServerSession();

  GdbClient& client() { return *client_; }
  // The way serve() ended, once it has, within the timeout.
  std::optional<SessionEnd> wait_end(std::chrono::milliseconds timeout = 5s);

 private:
  int server_fd_;
  std::unique_ptr<GdbClient> client_;
  std::future<SessionEnd> session_;
  std::optional<SessionEnd> end_;
};

}  // namespace warp64::debug::gdb::test
