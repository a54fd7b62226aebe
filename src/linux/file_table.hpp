// A lane's own descriptors. Lanes are processes of their own inside warp64's one host process,
// so a guest descriptor number cannot be a host one: each lane has a table from its numbers to
// open files over host descriptors, with Linux's dup, close and close-on-exec semantics. A
// lane's stdout and stderr are captured, never the host's: its close(1) or dup2(x, 1) changes
// nothing for another lane or for warp64's own output. Read-only regular files are pooled, one
// host descriptor per file for every lane that opens it, each lane reading at its own offset,
// so that any number of lanes reading one input stay within the host's descriptor limit.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <tuple>
#include <vector>

namespace warp64::linux_abi {

// A host descriptor under one or more guest open files, closed with the last of them unless
// it is one of warp64's own standard streams.
class HostDescriptor {
 public:
  HostDescriptor(int fd, bool owned) : fd_(fd), owned_(owned) {}
  ~HostDescriptor();
  HostDescriptor(const HostDescriptor&) = delete;
  HostDescriptor& operator=(const HostDescriptor&) = delete;
  int fd() const { return fd_; }

 private:
  int fd_;
  bool owned_;
};

// An open file description: what dup shares.
struct OpenFile {
  std::shared_ptr<HostDescriptor> host;
  // 1 or 2: the lane's captured stdout or stderr, which writes append to; `host` then stands in
  // for it only where a call asks about the descriptor (fstat, ioctl, poll).
  int captured_stream = 0;
  // A pooled host descriptor: this file's offset is `offset`, read and advanced with pread.
  bool pooled = false;
  int64_t offset = 0;
};

// Read-only regular files, one host descriptor per (device, inode, open flags) however many
// lanes hold them open. Lanes may be serviced on several host threads at once.
class HostFilePool {
 public:
  // The pooled descriptor of `path` (relative to the host's `dirfd`) opened with the read-only
  // `flags`; nullptr for a file that is not regular (error 0) or that cannot be opened (error
  // -errno).
  std::shared_ptr<HostDescriptor> open(int dirfd, const std::string& path, int flags, int64_t& error);

 private:
  std::mutex mutex_;
  std::map<std::tuple<dev_t, ino_t, int>, std::weak_ptr<HostDescriptor>> files_;
};

class FileTable {
 public:
  // A new lane's table: fd 0 is the host's standard input, 1 and 2 the lane's captured stdout
  // and stderr. At most `limit` descriptors (the guest's RLIMIT_NOFILE).
  FileTable(HostFilePool& pool, uint64_t limit);

  HostFilePool& pool() { return pool_; }
  // The open file at `fd`, or nullptr.
  OpenFile* find(int64_t fd) const;
  // The host descriptor under `fd`, or -1 (a host call on it then fails with EBADF).
  int host_fd(int64_t fd) const;

  // Installs `file` at the lowest free descriptor from `lowest`: the descriptor, or -EMFILE.
  int64_t install(std::shared_ptr<OpenFile> file, bool cloexec, int64_t lowest = 0);
  // Takes over a new host descriptor (or passes -errno through) as the lowest free one.
  int64_t adopt(int64_t host_fd, bool cloexec);
  int64_t close(int64_t fd);
  // dup and fcntl(F_DUPFD): the same open file at the lowest free descriptor from `lowest`.
  int64_t duplicate(int64_t fd, int64_t lowest, bool cloexec);
  // dup3: the same open file at `target`, closing what was there.
  int64_t duplicate_to(int64_t fd, int64_t target, bool cloexec);
  // fcntl(F_GETFD) and fcntl(F_SETFD): FD_CLOEXEC, or -EBADF.
  int64_t descriptor_flags(int64_t fd) const;
  int64_t set_descriptor_flags(int64_t fd, int64_t flags);

 private:
  struct Slot {
    std::shared_ptr<OpenFile> file;
    bool cloexec = false;
  };
  bool open_at(int64_t fd) const { return fd >= 0 && static_cast<uint64_t>(fd) < slots_.size() && slots_[fd].file; }

  HostFilePool& pool_;
  uint64_t limit_;
  std::vector<Slot> slots_;
};

}  // namespace warp64::linux_abi
