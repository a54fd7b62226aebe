// Runs a guest program under warp64 or qemu-aarch64 and captures what it did.
#pragma once

#include <string>
#include <vector>

namespace warp64::test {

struct Outcome {
  std::string out;
  std::string err;
  int status = -1;  // exit status, or 128+N for death by signal N (as a shell reports it)
  int signal = 0;   // the signal the command died of (warp64 dies of its guest's), or 0
};

// Runs argv in directory `cwd` with exactly `env` as the environment, stdin from /dev/null.
Outcome run_command(const std::vector<std::string>& argv, const std::string& cwd, const std::vector<std::string>& env);

// The build-time paths of warp64, qemu-aarch64 and the guest programs can be overridden with
// WARP64_TEST_BINARY, WARP64_TEST_QEMU and WARP64_TEST_PROGRAM_DIR (and the dynamic programs'
// sysroot with WARP64_TEST_SYSROOT).
std::string path_from(const char* variable, const char* built_in);
std::string program(const std::string& name);
Outcome run_warp64(const std::string& name, const std::vector<std::string>& args, const std::string& cwd,
                   const std::vector<std::string>& env = {"WARP64_TEST=1"},
                   const std::vector<std::string>& options = {});
Outcome run_qemu(const std::string& name, const std::vector<std::string>& args, const std::string& cwd,
                 const std::vector<std::string>& env = {"WARP64_TEST=1"}, const std::vector<std::string>& options = {});

// A fresh empty directory under the system temp dir; removed by the destructor.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

std::string read_file(const std::string& path);
void write_file(const std::string& path, const std::string& data);

}  // namespace warp64::test
