// The server's side of the TCP connection: a listener on the loopback interface that accepts
// one debugger.
#pragma once

#include <cstdint>
#include <functional>

namespace warp64::debug::gdb {

// Owns one file descriptor.
class Socket {
 public:
  Socket() = default;
  explicit Socket(int fd) : fd_(fd) {}
  ~Socket();
  Socket(Socket&& other) noexcept : fd_(other.release()) {}
  Socket& operator=(Socket&& other) noexcept;
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;

  int fd() const { return fd_; }
  int release();

 private:
  int fd_ = -1;
};

// Listens on 127.0.0.1:port (port 0: one the system picks). Throws warp64::Error naming the
// port and the reason when it cannot.
Socket listen_on_loopback(uint16_t port);
// The port a listener is bound to.
uint16_t bound_port(const Socket& listener);
// Waits for one connection; a signal that interrupts the wait runs `on_signal` (which may end
// the process) before it goes on. Throws warp64::Error when accept fails.
Socket accept_connection(const Socket& listener, const std::function<void()>& on_signal = {});

}  // namespace warp64::debug::gdb
