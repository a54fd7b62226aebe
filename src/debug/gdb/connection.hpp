// One debugger connection: the bytes of a socket turned into protocol events, and replies
// written back.
#pragma once

#include <array>
#include <string_view>

#include "debug/gdb/packet.hpp"

namespace warp64::debug::gdb {

class Connection {
 public:
  // Reads and writes `fd` (a connected stream socket), which the caller keeps and closes.
  explicit Connection(int fd) : fd_(fd) {}

  enum class Input : uint8_t { kEvent, kNothing, kClosed };
  // The next event. With `wait`, blocks until one arrives; without, returns kNothing when no
  // buffered or immediately readable byte completes one.
  Input next(PacketEvent& event, bool wait);
  // False once the peer is gone.
  bool send(std::string_view bytes);
  bool closed() const { return closed_; }

 private:
  bool readable_now() const;

  int fd_;
  PacketReader reader_;
  std::array<char, 4096> buffer_{};
  size_t begin_ = 0;
  size_t end_ = 0;
  bool closed_ = false;
};

}  // namespace warp64::debug::gdb
