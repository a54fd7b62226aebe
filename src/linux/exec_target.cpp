#include "linux/exec_target.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace warp64::linux_abi {
namespace {

// Linux reads this much of a file to recognise its format (BINPRM_BUF_SIZE).
constexpr size_t kHeaderSize = 256;
constexpr uint16_t kEtExec = 2, kEtDyn = 3, kEmAarch64 = 183;

// The first bytes of an executable file, or the errno of the checks execve makes first.
int read_header(const std::string& path, std::string& header) {
  struct stat st;
  if (::stat(path.c_str(), &st) < 0) return errno;
  if (!S_ISREG(st.st_mode) || ::access(path.c_str(), X_OK) < 0) return EACCES;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return errno;
  header.resize(kHeaderSize);
  const ssize_t n = ::read(fd, header.data(), header.size());
  ::close(fd);
  if (n < 0) return errno;
  header.resize(n);
  return 0;
}

bool is_aarch64_executable(const std::string& header) {
  if (header.size() < 20 || header.compare(0, 4, "\177ELF") != 0) return false;
  if (header[4] != 2 || header[5] != 1) return false;  // ELFCLASS64, little-endian
  uint16_t type, machine;
  std::memcpy(&type, header.data() + 16, 2);
  std::memcpy(&machine, header.data() + 18, 2);
  return (type == kEtExec || type == kEtDyn) && machine == kEmAarch64;
}

bool blank(char c) { return c == ' ' || c == '\t'; }

// The "#!" line's interpreter and its one optional argument (everything after the name, less
// the blanks around it), as binfmt_script splits it. False when it names no interpreter.
bool parse_interpreter_line(const std::string& header, std::string& interpreter, std::string& argument) {
  std::string line = header.substr(2);
  line = line.substr(0, line.find_first_of(std::string("\n\0", 2)));
  size_t at = 0;
  while (at < line.size() && blank(line[at])) ++at;
  size_t end = at;
  while (end < line.size() && !blank(line[end])) ++end;
  interpreter = line.substr(at, end - at);
  while (end < line.size() && blank(line[end])) ++end;
  size_t last = line.size();
  while (last > end && blank(line[last - 1])) --last;
  argument = line.substr(end, last - end);
  return !interpreter.empty();
}

}  // namespace

int find_exec_target(const std::string& path, const std::vector<std::string>& argv, ExecTarget& target) {
  target = {path, argv};
  for (int depth = 0;; ++depth) {
    std::string header;
    if (const int error = read_header(target.program, header)) return error;
    if (is_aarch64_executable(header)) return 0;
    if (header.compare(0, 2, "#!") != 0) return ENOEXEC;
    if (depth == kMaxInterpreterDepth) return ELOOP;
    std::string interpreter, argument;
    if (!parse_interpreter_line(header, interpreter, argument)) return ENOEXEC;
    // argv[0] gives way to the interpreter, its argument and the script's path.
    std::vector<std::string> next{interpreter};
    if (!argument.empty()) next.push_back(argument);
    next.push_back(target.program);
    if (!target.argv.empty()) next.insert(next.end(), target.argv.begin() + 1, target.argv.end());
    target = {interpreter, next};
  }
}

}  // namespace warp64::linux_abi
