#include "debug/gdb/connection.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

namespace warp64::debug::gdb {

Connection::Input Connection::next(PacketEvent& event, bool wait) {
  for (;;) {
    while (begin_ < end_) {
      if (auto decoded = reader_.feed(buffer_[begin_++])) {
        event = std::move(*decoded);
        return Input::kEvent;
      }
    }
    if (closed_) return Input::kClosed;
    if (!wait && !readable_now()) return Input::kNothing;
    const ssize_t count = ::read(fd_, buffer_.data(), buffer_.size());
    if (count < 0 && errno == EINTR) continue;
    if (count <= 0) {
      closed_ = true;
      return Input::kClosed;
    }
    begin_ = 0;
    end_ = static_cast<size_t>(count);
  }
}

bool Connection::readable_now() const {
  pollfd poll_fd{fd_, POLLIN, 0};
  int ready;
  do {
    ready = ::poll(&poll_fd, 1, 0);
  } while (ready < 0 && errno == EINTR);
  return ready != 0;  // an error or hang-up is "readable": the read then reports it
}

bool Connection::send(std::string_view bytes) {
  while (!closed_ && !bytes.empty()) {
    const ssize_t count = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (count < 0 && errno == EINTR) continue;
    if (count <= 0) {
      closed_ = true;
      break;
    }
    bytes.remove_prefix(static_cast<size_t>(count));
  }
  return !closed_;
}

}  // namespace warp64::debug::gdb
