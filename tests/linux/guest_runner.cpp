#include "guest_runner.hpp"

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>

namespace warp64::test {

std::string read_file(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

void write_file(const std::string& path, const std::string& data) {
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  file << data;
}

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "warp64-linux-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

Outcome run_command(const std::vector<std::string>& argv, const std::string& cwd, const std::vector<std::string>& env) {
  TempDir capture;
  const std::string out_path = capture.path() + "/out", err_path = capture.path() + "/err";
  const pid_t pid = fork();
  if (pid == 0) {
    // No core files from the guests that die of signals on purpose.
    struct rlimit no_core {
      0, 0
    };
    setrlimit(RLIMIT_CORE, &no_core);
    const int in = open("/dev/null", O_RDONLY);
    const int out = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const int err = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(in, 0);
    dup2(out, 1);
    dup2(err, 2);
    // Only the three standard streams, as a shell starts a program: descriptors the test
    // runner inherited (ctest passes some) would move the numbers a guest's open gets.
    close_range(3, ~0u, 0);
    if (chdir(cwd.c_str()) != 0) _exit(126);
    std::vector<char*> args, envp;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    for (const auto& e : env) envp.push_back(const_cast<char*>(e.c_str()));
    envp.push_back(nullptr);
    execve(args[0], args.data(), envp.data());
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  Outcome outcome;
  if (WIFEXITED(status)) {
    outcome.status = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    outcome.status = 128 + WTERMSIG(status);
    outcome.signal = WTERMSIG(status);
  }
  outcome.out = read_file(out_path);
  outcome.err = read_file(err_path);
  return outcome;
}

// Paths fixed at build time, which a run on another machine (the GPU's) may override.
std::string path_from(const char* variable, const char* built_in) {
  const char* value = std::getenv(variable);
  return value != nullptr && *value != 0 ? value : built_in;
}

std::string program(const std::string& name) {
  return path_from("WARP64_TEST_PROGRAM_DIR", WARP64_PROGRAM_DIR) + "/" + name;
}

Outcome run_warp64(const std::string& name, const std::vector<std::string>& args, const std::string& cwd,
                   const std::vector<std::string>& env, const std::vector<std::string>& options) {
  std::vector<std::string> argv{path_from("WARP64_TEST_BINARY", WARP64_BINARY), "run"};
  argv.insert(argv.end(), options.begin(), options.end());
  argv.push_back(name.find('/') == std::string::npos ? program(name) : name);
  argv.insert(argv.end(), args.begin(), args.end());
  return run_command(argv, cwd, env);
}

Outcome run_qemu(const std::string& name, const std::vector<std::string>& args, const std::string& cwd,
                 const std::vector<std::string>& env, const std::vector<std::string>& options) {
  std::vector<std::string> argv{path_from("WARP64_TEST_QEMU", WARP64_QEMU)};
  argv.insert(argv.end(), options.begin(), options.end());
  argv.push_back(name.find('/') == std::string::npos ? program(name) : name);
  argv.insert(argv.end(), args.begin(), args.end());
  return run_command(argv, cwd, env);
}

}  // namespace warp64::test
