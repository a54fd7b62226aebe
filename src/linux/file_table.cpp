#include "linux/file_table.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

namespace warp64::linux_abi {

HostDescriptor::~HostDescriptor() {
  if (owned_) ::close(fd_);
}

std::shared_ptr<HostDescriptor> HostFilePool::open(int dirfd, const std::string& path, int flags, int64_t& error) {
  flags &= ~O_CLOEXEC;  // the host descriptor is always close-on-exec; the lane's flag is its own
  struct stat st;
  if (::fstatat(dirfd, path.c_str(), &st, 0) != 0) {
    error = -errno;
    return nullptr;
  }
  if (!S_ISREG(st.st_mode)) return nullptr;
  const std::lock_guard lock(mutex_);
  std::weak_ptr<HostDescriptor>& entry = files_[{st.st_dev, st.st_ino, flags}];
  if (auto shared = entry.lock()) return shared;
  const int fd = ::openat(dirfd, path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) {
    error = -errno;
    files_.erase({st.st_dev, st.st_ino, flags});
    return nullptr;
  }
  auto opened = std::make_shared<HostDescriptor>(fd, true);
  // The path may have named another file by now: that file is keyed by what was opened.
  struct stat now;
  if (::fstat(fd, &now) == 0 && (now.st_dev != st.st_dev || now.st_ino != st.st_ino)) {
    files_[{now.st_dev, now.st_ino, flags}] = opened;
  } else {
    entry = opened;
  }
  return opened;
}

FileTable::FileTable(HostFilePool& pool, uint64_t limit) : pool_(pool), limit_(limit) {
  slots_.resize(3);
  slots_[0].file = std::make_shared<OpenFile>(OpenFile{std::make_shared<HostDescriptor>(0, false)});
  for (int stream : {1, 2}) {
    slots_[stream].file = std::make_shared<OpenFile>(OpenFile{std::make_shared<HostDescriptor>(stream, false), stream});
  }
}

OpenFile* FileTable::find(int64_t fd) const { return open_at(fd) ? slots_[fd].file.get() : nullptr; }

int FileTable::host_fd(int64_t fd) const { return open_at(fd) ? slots_[fd].file->host->fd() : -1; }

int64_t FileTable::install(std::shared_ptr<OpenFile> file, bool cloexec, int64_t lowest) {
  int64_t fd = lowest;
  while (open_at(fd)) ++fd;
  if (static_cast<uint64_t>(fd) >= limit_) return -EMFILE;
  if (static_cast<uint64_t>(fd) >= slots_.size()) slots_.resize(fd + 1);
  slots_[fd] = {std::move(file), cloexec};
  return fd;
}

int64_t FileTable::adopt(int64_t host_fd, bool cloexec) {
  if (host_fd < 0) return host_fd;
  auto file = std::make_shared<OpenFile>(OpenFile{std::make_shared<HostDescriptor>(static_cast<int>(host_fd), true)});
  return install(std::move(file), cloexec);
}

int64_t FileTable::close(int64_t fd) {
  if (!open_at(fd)) return -EBADF;
  slots_[fd] = {};
  while (!slots_.empty() && !slots_.back().file) slots_.pop_back();
  return 0;
}

int64_t FileTable::duplicate(int64_t fd, int64_t lowest, bool cloexec) {
  if (!open_at(fd)) return -EBADF;
  if (lowest < 0 || static_cast<uint64_t>(lowest) >= limit_) return -EINVAL;
  return install(slots_[fd].file, cloexec, lowest);
}

int64_t FileTable::duplicate_to(int64_t fd, int64_t target, bool cloexec) {
  if (!open_at(fd) || target < 0 || static_cast<uint64_t>(target) >= limit_) return -EBADF;
  if (static_cast<uint64_t>(target) >= slots_.size()) slots_.resize(target + 1);
  slots_[target] = {slots_[fd].file, cloexec};
  return target;
}

int64_t FileTable::descriptor_flags(int64_t fd) const {
  if (!open_at(fd)) return -EBADF;
  return slots_[fd].cloexec ? FD_CLOEXEC : 0;
}

int64_t FileTable::set_descriptor_flags(int64_t fd, int64_t flags) {
  if (!open_at(fd)) return -EBADF;
  slots_[fd].cloexec = flags & FD_CLOEXEC;
  return 0;
}

}  // namespace warp64::linux_abi
