#include "debug/gdb/socket.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "warp64/error.hpp"

namespace warp64::debug::gdb {

Socket::~Socket() {
  if (fd_ >= 0) ::close(fd_);
}

Socket& Socket::operator=(Socket&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.release();
  }
  return *this;
}

int Socket::release() {
  const int fd = fd_;
  fd_ = -1;
  return fd;
}

namespace {

[[noreturn]] void fail(const std::string& what, uint16_t port) {
  throw Error("gdb server on port " + std::to_string(port) + ": " + what + ": " + std::strerror(errno));
}

}  // namespace

Socket listen_on_loopback(uint16_t port) {
  Socket listener(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (listener.fd() < 0) fail("socket", port);
  const int reuse = 1;
  ::setsockopt(listener.fd(), SOL_SOCKET, SO_REUSEADDR, &reuse, sizeof reuse);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::bind(listener.fd(), reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) fail("bind", port);
  if (::listen(listener.fd(), 1) != 0) fail("listen", port);
  return listener;
}

uint16_t bound_port(const Socket& listener) {
  sockaddr_in address{};
  socklen_t length = sizeof address;
  if (::getsockname(listener.fd(), reinterpret_cast<sockaddr*>(&address), &length) != 0) return 0;
  return ntohs(address.sin_port);
}

Socket accept_connection(const Socket& listener, const std::function<void()>& on_signal) {
  // poll, unlike accept, returns at a signal even when its handler asks for restarted calls.
  pollfd incoming{listener.fd(), POLLIN, 0};
  while (::poll(&incoming, 1, -1) < 0) {
    if (errno != EINTR) fail("poll", bound_port(listener));
    if (on_signal) on_signal();
  }
  int fd;
  do {
    fd = ::accept4(listener.fd(), nullptr, nullptr, SOCK_CLOEXEC);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) fail("accept", bound_port(listener));
  // Replies are single small packets: send each at once.
  const int no_delay = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &no_delay, sizeof no_delay);
  return Socket(fd);
}

}  // namespace warp64::debug::gdb
