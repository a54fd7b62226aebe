// A guest Linux process: a static AArch64 executable run by the CPU or GPU engine, with its
// system calls serviced by the host.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "warp64/core/run.hpp"
#include "warp64/machine.hpp"

namespace warp64::linux_abi {

struct ProcessOptions {
  std::string path;                                          // the executable, as given (argv[0] and AT_EXECFN)
  std::vector<std::string> args;                             // argv[1..]
  std::vector<std::pair<std::string, std::string>> set_env;  // -E VAR=VAL
  std::vector<std::string> unset_env;                        // -U VAR
  bool strace = false;
  bool capture_output = false;  // keep what the guest writes to fd 1 and 2 instead of writing it
  uint64_t max_cycles = kUnlimitedCycles;
  EngineKind engine = EngineKind::kAuto;  // auto is the CPU engine: one process runs faster there
};

struct ProcessResult {
  int exit_code = 0;     // the guest's status, or 128+signal
  int signal = 0;        // the signal that ended it, or 0
  core::RunResult last;  // the engine's final stop (pc in state)
  CpuState state;
  uint64_t cycles = 0;
  double elapsed_seconds = 0;
  const char* engine = "cpu";  // the engine that ran it
};

// Loads and runs the program. Throws linux_abi::ElfError for a bad executable and
// warp64::Error for other failures before the guest starts.
ProcessResult run_process(const ProcessOptions& options);

}  // namespace warp64::linux_abi
