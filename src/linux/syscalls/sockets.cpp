// Sockets on the host. Every structure a socket call shares with the guest has one layout on
// aarch64 and x86-64 (both LP64, both asm-generic's socket numbers): sockaddr_in, sockaddr_in6
// and sockaddr_un; struct msghdr (56 bytes) and struct cmsghdr (16 bytes, 8-byte aligned
// payloads); struct linger and struct timeval for the common options. Addresses, options and
// control messages therefore pass as bytes; descriptors in SCM_RIGHTS are the host's, which the
// guest's are.
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

#include "linux/process.hpp"
#include "linux/syscalls/host_call.hpp"

namespace warp64::linux_abi {
namespace {

static_assert(sizeof(struct msghdr) == 56 && sizeof(struct cmsghdr) == 16);

// Longer than any socket address (sockaddr_storage is 128 bytes) and any common option.
constexpr uint64_t kMaxAddress = 128;
constexpr uint64_t kMaxOption = 256;
constexpr uint64_t kMaxControl = 64 * 1024;
constexpr uint64_t kMaxTransfer = 0x7ffff000;

int64_t sent_or_interrupted(ssize_t n) { return n < 0 ? interrupted_or(-errno) : n; }

}  // namespace

// An address the guest passes in: `length` bytes at `address`.
bool Process::read_socket_address(uint64_t address, uint64_t length, std::vector<uint8_t>& out) const {
  out.assign(std::min(length, kMaxAddress), 0);
  return guest_.copy_in(address, out.data(), out.size());
}

// An address the host filled in (`length` its full size) for a guest buffer at `address`
// whose size is at `length_at`: truncated to the guest's buffer, the full size written back.
int64_t Process::write_socket_address(uint64_t address, uint64_t length_at, const uint8_t* bytes, uint32_t length) {
  if (address == 0 || length_at == 0) return 0;
  uint32_t room;
  if (!guest_.copy_in(length_at, &room, 4)) return -EFAULT;
  if (!guest_.copy_out(address, bytes, std::min<uint64_t>(room, length))) return -EFAULT;
  return guest_.put(length_at, static_cast<uint32_t>(length)) ? 0 : -EFAULT;
}

// A blocking transfer waits as a sleeping call, so that a signal can end the wait; MSG_DONTWAIT
// answers at once, as a non-blocking socket does.
int64_t Process::wait_for_socket(int fd, uint64_t flags, short events) {
  return (flags & MSG_DONTWAIT) ? 0 : wait_until_ready(fd, events);
}

int64_t Process::sys_socket(const SyscallArgs& a) {
  return new_descriptor(host(::socket(static_cast<int>(a[0]), static_cast<int>(a[1]), static_cast<int>(a[2]))),
                        a[1] & SOCK_CLOEXEC);
}

int64_t Process::sys_socketpair(const SyscallArgs& a) {
  int fds[2];
  if (!guest_.accessible(a[3], 8, kPermWrite)) return -EFAULT;
  if (::socketpair(static_cast<int>(a[0]), static_cast<int>(a[1]), static_cast<int>(a[2]), fds) < 0) return -errno;
  return put_descriptor_pair(a[3], fds, a[1] & SOCK_CLOEXEC);
}

int64_t Process::sys_bind(const SyscallArgs& a) {
  std::vector<uint8_t> address;
  if (!read_socket_address(a[1], a[2], address)) return -EFAULT;
  return host(::bind(host_fd(a[0]), reinterpret_cast<const sockaddr*>(address.data()), static_cast<socklen_t>(a[2])));
}

int64_t Process::sys_connect(const SyscallArgs& a) {
  std::vector<uint8_t> address;
  if (!read_socket_address(a[1], a[2], address)) return -EFAULT;
  return host(
      ::connect(host_fd(a[0]), reinterpret_cast<const sockaddr*>(address.data()), static_cast<socklen_t>(a[2])));
}

int64_t Process::sys_listen(const SyscallArgs& a) { return host(::listen(host_fd(a[0]), static_cast<int>(a[1]))); }
int64_t Process::sys_shutdown(const SyscallArgs& a) { return host(::shutdown(host_fd(a[0]), static_cast<int>(a[1]))); }

int64_t Process::sys_accept(const SyscallArgs& a) { return sys_accept4({a[0], a[1], a[2], 0, 0, 0}); }

int64_t Process::sys_accept4(const SyscallArgs& a) {
  if (const int64_t interrupted = wait_until_ready(host_fd(a[0]), POLLIN)) return interrupted;
  sockaddr_storage peer;
  socklen_t length = sizeof peer;
  const int fd = ::accept4(host_fd(a[0]), reinterpret_cast<sockaddr*>(&peer), &length, static_cast<int>(a[3]));
  if (fd < 0) return interrupted_or(-errno);
  if (const int64_t error = write_socket_address(a[1], a[2], reinterpret_cast<const uint8_t*>(&peer), length)) {
    ::close(fd);
    return error;
  }
  return new_descriptor(fd, a[3] & SOCK_CLOEXEC);
}

int64_t Process::sys_getsockname(const SyscallArgs& a) {
  sockaddr_storage name;
  socklen_t length = sizeof name;
  if (::getsockname(host_fd(a[0]), reinterpret_cast<sockaddr*>(&name), &length) < 0) return -errno;
  return write_socket_address(a[1], a[2], reinterpret_cast<const uint8_t*>(&name), length);
}

int64_t Process::sys_getpeername(const SyscallArgs& a) {
  sockaddr_storage name;
  socklen_t length = sizeof name;
  if (::getpeername(host_fd(a[0]), reinterpret_cast<sockaddr*>(&name), &length) < 0) return -errno;
  return write_socket_address(a[1], a[2], reinterpret_cast<const uint8_t*>(&name), length);
}

int64_t Process::sys_sendto(const SyscallArgs& a) {
  const uint64_t count = std::min(a[2], kMaxTransfer);
  std::vector<uint8_t> data(count), address;
  if (!guest_.copy_in(a[1], data.data(), count)) return -EFAULT;
  if (a[4] != 0 && !read_socket_address(a[4], a[5], address)) return -EFAULT;
  if (const int64_t interrupted = wait_for_socket(host_fd(a[0]), a[3], POLLOUT)) return interrupted;
  return sent_or_interrupted(::sendto(host_fd(a[0]), data.data(), count, static_cast<int>(a[3]),
                                      a[4] != 0 ? reinterpret_cast<const sockaddr*>(address.data()) : nullptr,
                                      static_cast<socklen_t>(a[5])));
}

int64_t Process::sys_recvfrom(const SyscallArgs& a) {
  const uint64_t count = std::min(a[2], kMaxTransfer);
  if (!guest_.accessible(a[1], count, kPermWrite)) return -EFAULT;
  std::vector<uint8_t> data(count);
  sockaddr_storage from;
  socklen_t length = sizeof from;
  const ssize_t n = ::recvfrom(host_fd(a[0]), data.data(), count, static_cast<int>(a[3]),
                               reinterpret_cast<sockaddr*>(&from), &length);
  if (n < 0) return -errno;
  guest_.copy_out(a[1], data.data(), static_cast<uint64_t>(n));
  if (const int64_t error = write_socket_address(a[4], a[5], reinterpret_cast<const uint8_t*>(&from), length)) {
    return error;
  }
  return n;
}

int64_t Process::sys_setsockopt(const SyscallArgs& a) {
  const uint64_t length = std::min(a[4], kMaxOption);
  std::vector<uint8_t> value(length);
  if (a[3] != 0 && !guest_.copy_in(a[3], value.data(), length)) return -EFAULT;
  return host(::setsockopt(host_fd(a[0]), static_cast<int>(a[1]), static_cast<int>(a[2]),
                           a[3] != 0 ? value.data() : nullptr, static_cast<socklen_t>(length)));
}

int64_t Process::sys_getsockopt(const SyscallArgs& a) {
  uint32_t room;
  if (!guest_.copy_in(a[4], &room, 4)) return -EFAULT;
  std::vector<uint8_t> value(std::min<uint64_t>(room, kMaxOption));
  socklen_t length = static_cast<socklen_t>(value.size());
  if (::getsockopt(host_fd(a[0]), static_cast<int>(a[1]), static_cast<int>(a[2]), value.data(), &length) < 0) {
    return -errno;
  }
  if (!guest_.copy_out(a[3], value.data(), std::min<uint64_t>(length, value.size()))) return -EFAULT;
  return guest_.put(a[4], static_cast<uint32_t>(length)) ? 0 : -EFAULT;
}

namespace {

// struct msghdr { void* name; socklen_t namelen; struct iovec* iov; size_t iovlen;
// void* control; size_t controllen; int flags; }: words 0, 1, 2, 3, 4, 5 and 6.
struct GuestMessage {
  uint64_t header[7];
  std::vector<uint64_t> iov;  // the guest's (base, length) pairs
  std::vector<std::vector<uint8_t>> pieces;
  std::vector<struct iovec> host_iov;
  std::vector<uint8_t> control;
  struct msghdr host = {};
};

// Reads the guest's msghdr at `address` and its iovecs into host buffers: filled with the
// guest's bytes to send, or checked writable to receive into.
int64_t read_message(const GuestMemory& guest, uint64_t address, bool sending, GuestMessage& m) {
  if (!guest.copy_in(address, m.header, sizeof m.header)) return -EFAULT;
  const uint64_t count = m.header[3];
  if (count > 1024) return -EMSGSIZE;
  m.iov.resize(count * 2);
  if (!guest.copy_in(m.header[2], m.iov.data(), m.iov.size() * 8)) return -EFAULT;
  m.pieces.resize(count);
  m.host_iov.resize(count);
  for (uint64_t i = 0; i < count; ++i) {
    m.pieces[i].resize(std::min(m.iov[2 * i + 1], kMaxTransfer));
    const bool ok = sending ? guest.copy_in(m.iov[2 * i], m.pieces[i].data(), m.pieces[i].size())
                            : guest.accessible(m.iov[2 * i], m.pieces[i].size(), kPermWrite);
    if (!ok) return -EFAULT;
    m.host_iov[i] = {m.pieces[i].data(), m.pieces[i].size()};
  }
  m.control.resize(m.header[4] != 0 ? std::min(m.header[5], kMaxControl) : 0);
  if (sending && !guest.copy_in(m.header[4], m.control.data(), m.control.size())) return -EFAULT;
  m.host.msg_iov = m.host_iov.data();
  m.host.msg_iovlen = m.host_iov.size();
  m.host.msg_control = m.header[4] != 0 ? m.control.data() : nullptr;
  m.host.msg_controllen = m.control.size();
  return 0;
}

}  // namespace

// Descriptors passed with SCM_RIGHTS (struct cmsghdr has one layout on both sides) are the
// host's on the wire and a lane's in its memory.
void Process::pass_rights(struct msghdr& message, bool sending, bool cloexec) {
  if (!files_) return;
  for (struct cmsghdr* c = CMSG_FIRSTHDR(&message); c != nullptr; c = CMSG_NXTHDR(&message, c)) {
    if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS) continue;
    int* fds = reinterpret_cast<int*>(CMSG_DATA(c));
    const size_t count = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
    for (size_t i = 0; i < count; ++i) {
      fds[i] = sending ? host_fd(static_cast<uint32_t>(fds[i])) : static_cast<int>(new_descriptor(fds[i], cloexec));
    }
  }
}

int64_t Process::sys_sendmsg(const SyscallArgs& a) {
  GuestMessage m;
  if (const int64_t error = read_message(guest_, a[1], true, m)) return error;
  std::vector<uint8_t> name;
  if (m.header[0] != 0 && !read_socket_address(m.header[0], m.header[1] & 0xffffffff, name)) return -EFAULT;
  m.host.msg_name = m.header[0] != 0 ? name.data() : nullptr;
  m.host.msg_namelen = static_cast<socklen_t>(name.size());
  pass_rights(m.host, true, false);
  if (const int64_t interrupted = wait_for_socket(host_fd(a[0]), a[2], POLLOUT)) return interrupted;
  return sent_or_interrupted(::sendmsg(host_fd(a[0]), &m.host, static_cast<int>(a[2])));
}

int64_t Process::sys_recvmsg(const SyscallArgs& a) {
  GuestMessage m;
  if (const int64_t error = read_message(guest_, a[1], false, m)) return error;
  sockaddr_storage name;
  m.host.msg_name = m.header[0] != 0 ? &name : nullptr;
  m.host.msg_namelen = m.header[0] != 0 ? sizeof name : 0;
  if (const int64_t interrupted = wait_for_socket(host_fd(a[0]), a[2], POLLIN)) return interrupted;
  const ssize_t n = ::recvmsg(host_fd(a[0]), &m.host, static_cast<int>(a[2]));
  if (n < 0) return interrupted_or(-errno);
  pass_rights(m.host, false, a[2] & MSG_CMSG_CLOEXEC);
  uint64_t left = static_cast<uint64_t>(n);
  for (uint64_t i = 0; i < m.pieces.size() && left > 0; ++i) {
    const uint64_t piece = std::min<uint64_t>(left, m.pieces[i].size());
    guest_.copy_out(m.iov[2 * i], m.pieces[i].data(), piece);
    left -= piece;
  }
  if (m.header[0] != 0) {
    const uint64_t room = m.header[1] & 0xffffffff;
    if (!guest_.copy_out(m.header[0], &name, std::min<uint64_t>(room, m.host.msg_namelen))) return -EFAULT;
  }
  if (m.header[4] != 0 && !guest_.copy_out(m.header[4], m.control.data(), m.host.msg_controllen)) return -EFAULT;
  // namelen is a 32-bit field at byte 8; controllen and flags follow the pointers.
  const uint32_t namelen = m.header[0] != 0 ? m.host.msg_namelen : 0;
  const uint64_t controllen = m.header[4] != 0 ? m.host.msg_controllen : 0;
  const int32_t flags = m.host.msg_flags;
  if (!guest_.put(a[1] + 8, namelen) || !guest_.put(a[1] + 40, controllen) || !guest_.put(a[1] + 48, flags)) {
    return -EFAULT;
  }
  return n;
}

}  // namespace warp64::linux_abi
