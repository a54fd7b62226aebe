#include "engine/cpu/host_compiler.hpp"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <semaphore>
#include <sstream>
#include <thread>

#include "engine/translation/code_cache.hpp"
#include "engine/translation/embedded_sources.hpp"
#include "warp64/error.hpp"

namespace warp64::cpu {
namespace {

namespace fs = std::filesystem;

// Part of every cache key: a change to what the generator writes must change it.
constexpr const char* kGeneratorVersion = "cpu-translation-1";

const std::vector<std::string> kFlags = {"-std=c++20",
                                         "-O2",
                                         "-ffp-contract=off",
                                         "-fPIC",
                                         "-fno-exceptions",
                                         "-fno-rtti",
                                         "-fno-asynchronous-unwind-tables",
                                         "-g0",
                                         "-w"};
constexpr const char* kFunctionHeader = "engine/cpu/translated_function.hpp";

// At most as many compilers at once as the host has cores, however many builds run.
std::counting_semaphore<>& compiler_slots() {
  static std::counting_semaphore<> slots(compilers_at_once());
  return slots;
}

// `name` as a path: itself when it has a slash, else the first executable on $PATH.
std::string resolve_program(const std::string& name) {
  if (name.find('/') != std::string::npos) return name;
  const char* path = std::getenv("PATH");
  std::istringstream directories(path != nullptr ? path : kDefaultSearchPath);
  for (std::string directory; std::getline(directories, directory, ':');) {
    const std::string candidate = (directory.empty() ? "." : directory) + "/" + name;
    if (access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return {};
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

void write_file(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out) throw Error("cannot write " + path.string());
}

// A compiler's first error line, for an error of ours (the lines before it say only where
// the file was included from); the first line when none says "error:".
std::string first_error(const std::string& text) {
  size_t start = text.find("error:");
  start = start == std::string::npos ? 0 : text.rfind('\n', start);
  start = start == std::string::npos ? 0 : start + (text[start] == '\n');
  return text.substr(start, text.find('\n', start) - start);
}

// Where builds go: the cache, or without one a directory of this user's under /tmp.
fs::path build_directory() {
  fs::path directory = translation::cache_directory();
  if (directory.empty()) directory = fs::temp_directory_path() / ("warp64-" + std::to_string(getuid()));
  std::error_code error;
  fs::create_directories(directory, error);
  return directory;
}

// Runs `program --version` and returns what it printed; throws when it does not run or fails.
std::string version_of(const std::string& program) {
  int pipe_fds[2];
  if (pipe2(pipe_fds, O_CLOEXEC) != 0) throw Error("cannot create a pipe");
  HiddenChild child = [&] {
    try {
      return HiddenChild::spawn(program, {program, "--version"}, pipe_fds[1], pipe_fds[1]);
    } catch (...) {
      close(pipe_fds[0]);
      close(pipe_fds[1]);
      throw;
    }
  }();
  close(pipe_fds[1]);
  std::string output;
  char buffer[4096];
  for (ssize_t n; (n = read(pipe_fds[0], buffer, sizeof buffer)) != 0;) {
    if (n > 0) output.append(buffer, static_cast<size_t>(n));
    if (n < 0 && errno != EINTR) break;
  }
  close(pipe_fds[0]);
  if (!exited_cleanly(child.wait())) throw Error(program + " --version failed");
  return output;
}

}  // namespace

void BuildControl::cancel() {
  std::lock_guard lock(mutex_);
  cancelled_ = true;
  for (const pid_t pid : running_) kill(-pid, SIGKILL);
}

bool BuildControl::cancelled() {
  std::lock_guard lock(mutex_);
  return cancelled_;
}

void BuildControl::started(const HiddenChild& child) {
  std::lock_guard lock(mutex_);
  if (cancelled_) child.cancel();
  running_.push_back(child.pid());
}

void BuildControl::ended(const HiddenChild& child) {
  std::lock_guard lock(mutex_);
  std::erase(running_, child.pid());
}

std::unique_ptr<HostCompiler> HostCompiler::find() {
  const char* named = std::getenv("WARP64_CXX");
  std::vector<std::string> candidates;
  if (named != nullptr && *named != '\0') {
    candidates = {named};
  } else {
    candidates = {"c++", "g++"};
  }
  std::string why = "no c++ or g++ on PATH";
  for (const std::string& candidate : candidates) {
    const std::string program = resolve_program(candidate);
    if (program.empty()) continue;
    if (access(program.c_str(), X_OK) != 0) {
      why = "cannot execute " + program + ": " + std::strerror(errno);
      continue;
    }
    try {
      return std::unique_ptr<HostCompiler>(new HostCompiler(program, program + "\n" + version_of(program)));
    } catch (const Error& error) {
      why = error.what();
    }
  }
  if (named != nullptr && *named != '\0') throw Error("WARP64_CXX=" + std::string(named) + ": " + why);
  throw Error(why);
}

unsigned compilers_at_once() {
  const unsigned cores = std::thread::hardware_concurrency();
  return cores > 1 ? cores - 1 : 1;
}

HostCompiler::HostCompiler(std::string program, std::string identity)
    : program_(std::move(program)), identity_(std::move(identity)) {}

std::vector<std::string> HostCompiler::compile_command(const IncludeDirectories& includes, const fs::path& source,
                                                       const fs::path& object) {
  std::vector<std::string> command{program_};
  command.insert(command.end(), kFlags.begin(), kFlags.end());
  if (!includes.precompiled.empty()) command.push_back("-I" + includes.precompiled.string());
  command.insert(command.end(), {"-I" + includes.headers.string(), "-c", source.string(), "-o", object.string()});
  return command;
}

HostCompiler::IncludeDirectories HostCompiler::prepare_headers(const fs::path& directory, BuildControl& control) {
  std::lock_guard lock(headers_mutex_);
  if (!includes_.headers.empty() && includes_.headers.parent_path() == directory && fs::exists(includes_.headers)) {
    return includes_;
  }
  includes_ = {};
  const std::string headers_digest = translation::embedded_sources_digest();
  const fs::path headers = directory / ("cpu-headers-" + headers_digest);
  if (!fs::exists(headers)) {
    const fs::path temporary = translation::temporary_beside(headers);
    for (const translation::EmbeddedSource& source : translation::embedded_sources()) {
      write_file(temporary / source.name, source.text);
    }
    translation::publish(temporary, headers);  // a concurrent run may have won: same contents
  }
  includes_.headers = headers;

  // The precompiled header saves each unit most of its parsing; GCC's format only.
  if (identity_.find("clang") != std::string::npos) return includes_;
  translation::Digest digest;
  digest.add(identity_);
  digest.add(headers_digest);
  for (const std::string& flag : kFlags) digest.add(flag);
  const fs::path precompiled = directory / ("cpu-pch-" + digest.hex());
  if (!fs::exists(precompiled)) {
    const fs::path temporary = translation::temporary_beside(precompiled);
    fs::create_directories(temporary / fs::path(kFunctionHeader).parent_path());
    std::vector<std::string> command{program_};
    command.insert(command.end(), kFlags.begin(), kFlags.end());
    command.insert(command.end(), {"-I" + headers.string(), "-x", "c++-header", (headers / kFunctionHeader).string(),
                                   "-o", (temporary / kFunctionHeader).string() + ".gch"});
    try {
      run_all({command}, temporary / "log", control);
      fs::remove(temporary / "log");
    } catch (const Error&) {
      std::error_code error;
      fs::remove_all(temporary, error);
      if (control.cancelled()) throw;
      return includes_;  // units compile without it
    }
    translation::publish(temporary, precompiled);
  }
  includes_.precompiled = precompiled;
  return includes_;
}

void HostCompiler::run_all(const std::vector<std::vector<std::string>>& commands, const fs::path& log,
                           BuildControl& control) {
  const int log_fd = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0644);
  if (log_fd < 0) throw Error("cannot write " + log.string());
  std::vector<HiddenChild> running;
  bool failed = false;
  // Reaps the oldest running compiler, giving its slot back.
  auto reap = [&] {
    running.front().await_end();
    control.ended(running.front());
    failed |= !exited_cleanly(running.front().wait());
    compiler_slots().release();
    running.erase(running.begin());
  };
  // A slot, reaping this build's own compilers while others hold the rest: a build never
  // waits for a slot while it holds one.
  auto take_slot = [&] {
    while (!compiler_slots().try_acquire()) {
      if (running.empty()) return compiler_slots().acquire();
      reap();
    }
  };
  for (const std::vector<std::string>& command : commands) {
    if (failed || control.cancelled()) break;
    take_slot();
    try {
      running.push_back(HiddenChild::spawn(program_, command, log_fd, log_fd));
    } catch (const Error&) {
      compiler_slots().release();
      failed = true;
      break;
    }
    control.started(running.back());
  }
  while (!running.empty()) reap();
  close(log_fd);
  if (control.cancelled()) throw Error("translation cancelled");
  if (failed) throw Error(program_ + " failed: " + first_error(read_file(log)));
}

HostCompiler::Built HostCompiler::build(const UnitSources& sources, BuildControl& control, bool cached_only) {
  const auto started = std::chrono::steady_clock::now();
  translation::Digest digest;
  digest.add(kGeneratorVersion);
  digest.add(identity_);
  for (const std::string& flag : kFlags) digest.add(flag);
  digest.add(translation::embedded_sources_digest());
  for (const TranslationUnit& unit : sources.functions) digest.add(unit.source);
  digest.add(sources.manifest);
  const fs::path directory = build_directory();  // at each build: the cache may move
  const fs::path object = directory / ("cpu-" + digest.hex() + ".so");
  if (fs::exists(object)) return {object, 0};
  if (cached_only) return {{}, 0};

  const IncludeDirectories includes = prepare_headers(directory, control);
  const fs::path work = translation::temporary_beside(object);
  fs::create_directories(work);
  try {
    std::vector<std::vector<std::string>> compiles;
    std::vector<std::string> link{program_, "-shared", "-o", (work / "translated.so").string()};
    auto add_unit = [&](const std::string& name, const std::string& source) {
      write_file(work / (name + ".cpp"), source);
      compiles.push_back(compile_command(includes, work / (name + ".cpp"), work / (name + ".o")));
      link.push_back((work / (name + ".o")).string());
    };
    for (size_t i = 0; i < sources.functions.size(); ++i)
      add_unit("f" + std::to_string(i), sources.functions[i].source);
    add_unit("code", sources.manifest);
    run_all(compiles, work / "log", control);
    run_all({link}, work / "log", control);
    std::error_code error;
    fs::rename(work / "translated.so", object, error);
    if (error) throw Error("cannot write " + object.string() + ": " + error.message());
  } catch (...) {
    std::error_code error;
    fs::remove_all(work, error);
    throw;
  }
  std::error_code error;
  fs::remove_all(work, error);
  return {object, std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count()};
}

}  // namespace warp64::cpu
