// Commands run as child processes and timed the way a user times them: from fork to exit.
// `warp64 bench` runs qemu-aarch64 and `warp64 run` this way, so that both are measured
// alike, and compares what they print.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace warp64::cli {

struct ChildResult {
  int status = 0;        // the exit status, or 128 + N when signal N ended the process
  double seconds = 0;    // from fork to exit
  std::string out;       // everything it wrote to stdout
  std::string err;       // and to stderr
  bool stopped = false;  // killed at its deadline, or never started because the deadline had passed
};

// When children still running are killed; none: they run to their end.
using Deadline = std::optional<std::chrono::steady_clock::time_point>;

// Runs argv[0] (searched on PATH) with stdin from /dev/null; throws warp64::Error when it
// cannot be started.
ChildResult run_child(const std::vector<std::string>& argv, const Deadline& deadline = std::nullopt);

// Runs every command, up to `parallel` at a time; the results are in the commands' order. Past
// the deadline, no command starts.
std::vector<ChildResult> run_children(const std::vector<std::vector<std::string>>& commands, unsigned parallel,
                                      const Deadline& deadline = std::nullopt);

// The first line of what a child printed, at most 200 characters: for one-line reports.
std::string first_line(const std::string& text);

// Whether `program` is found on PATH.
bool program_installed(const std::string& program);

// The path of the running warp64 executable.
std::string own_executable();

}  // namespace warp64::cli
