#include "gdb_client.hpp"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

namespace warp64::debug::gdb::test {

std::string framed(std::string_view payload) {
  unsigned sum = 0;
  for (char c : payload) sum += static_cast<unsigned char>(c);
  char trailer[4];
  std::snprintf(trailer, sizeof trailer, "#%02x", sum % 256);
  return "$" + std::string(payload) + trailer;
}

GdbClient::GdbClient(int fd) : fd_(fd), reader_([this] { read_loop(); }) {}

GdbClient::~GdbClient() {
  close();
  reader_.join();
  ::close(fd_);
}

void GdbClient::close() {
  // Shutting down both directions wakes the reader thread; the descriptor closes after it.
  ::shutdown(fd_, SHUT_RDWR);
}

void GdbClient::read_loop() {
  char buffer[4096];
  for (;;) {
    const ssize_t count = ::read(fd_, buffer, sizeof buffer);
    std::lock_guard lock(mutex_);
    if (count <= 0) {
      peer_closed_ = true;
      arrived_.notify_all();
      return;
    }
    received_.append(buffer, static_cast<size_t>(count));
    arrived_.notify_all();
  }
}

void GdbClient::send_raw(std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t count = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (count <= 0) return;  // the server has gone: the next receive reports it
    bytes.remove_prefix(static_cast<size_t>(count));
  }
}

std::optional<std::string> GdbClient::receive_packet(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  size_t start = 0;
  size_t hash = std::string::npos;
  const bool complete = arrived_.wait_for(lock, timeout, [&] {
    start = received_.find('$');
    if (start != std::string::npos) hash = received_.find('#', start);
    return (hash != std::string::npos && hash + 2 < received_.size()) || peer_closed_;
  });
  if (!complete || hash == std::string::npos || hash + 2 >= received_.size()) return std::nullopt;
  bytes_before_packet_ = received_.substr(0, start);
  const std::string body = received_.substr(start + 1, hash - start - 1);
  const unsigned sent_sum = std::stoul(received_.substr(hash + 1, 2), nullptr, 16);
  received_.erase(0, hash + 3);
  lock.unlock();
  unsigned sum = 0;
  std::string payload;
  for (size_t i = 0; i < body.size(); ++i) {
    sum += static_cast<unsigned char>(body[i]);
    if (body[i] == '}' && i + 1 < body.size()) {
      sum += static_cast<unsigned char>(body[++i]);
      payload += static_cast<char>(body[i] ^ 0x20);
    } else {
      payload += body[i];
    }
  }
  if (sum % 256 != sent_sum) return std::nullopt;
  if (!no_ack_) send_raw("+");
  return payload;
}

std::string GdbClient::command(std::string_view payload, std::chrono::milliseconds timeout) {
  send_packet(payload);
  return receive_packet(timeout).value_or("<none>");
}

std::string GdbClient::unread() {
  std::lock_guard lock(mutex_);
  return received_;
}

bool GdbClient::skip_past(std::string_view needle, std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  size_t searched = 0;  // where no match can begin: each wake searches only the new bytes
  size_t found = std::string::npos;
  const bool arrived = arrived_.wait_for(lock, timeout, [&] {
    found = received_.find(needle, searched);
    if (found == std::string::npos && received_.size() >= needle.size())
      searched = received_.size() - needle.size() + 1;
    return found != std::string::npos || peer_closed_;
  });
  if (!arrived || found == std::string::npos) return false;
  received_.erase(0, found + needle.size());
  return true;
}

ServerSession::ServerSession(FakeTarget& target, ServerOptions options) {
  int fds[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) std::abort();
  server_fd_ = fds[0];
  client_ = std::make_unique<GdbClient>(fds[1]);
  session_ = std::async(std::launch::async, [&target, options, fd = server_fd_] {
    GdbServer server(target, fd, options);
    return server.serve();
  });
}

ServerSession::~ServerSession() {
  client_->close();
  // A server that never returns would block this destructor for ever: end the test run
  // instead, so that the hang shows as a failure.
  if (!end_ && !wait_end(10s)) {
    std::fprintf(stderr, "gdb server did not end after its connection closed\n");
    std::abort();
  }
  client_.reset();
  ::close(server_fd_);
}

std::optional<SessionEnd> ServerSession::wait_end(std::chrono::milliseconds timeout) {
  if (!end_ && session_.wait_for(timeout) == std::future_status::ready) end_ = session_.get();
  return end_;
}

}  // namespace warp64::debug::gdb::test
