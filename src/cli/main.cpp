// warp64: run ARM64 programs on the CPU or GPU engine.
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <exception>
#include <span>
#include <string_view>

#include "cli/arguments.hpp"
#include "cli/commands.hpp"
#include "engine/lane_engine.hpp"
#include "warp64/error.hpp"

namespace {

constexpr const char* kUsage = R"(usage: warp64 <command> [options]

Runs ARM64 (AArch64) code on a CPU engine or, when an NVIDIA GPU is present, a GPU engine.

commands:
  run      run a static ARM64 Linux executable, or a raw image with --raw
           (warp64 run --help)
  bench    run the built-in benchmarks      (warp64 bench --help)

options:
  -h, --help   show this help

Errors in use print one line on stderr and exit with status 2.
)";

int run_main(std::span<char* const> args) {
  try {
    if (args.empty()) {
      std::fputs(kUsage, stderr);
      return 2;
    }
    const std::string_view command = args[0];
    if (command == "-h" || command == "--help" || command == "help") {
      std::fputs(kUsage, stdout);
      return 0;
    }
    if (command == "run") return warp64::cli::run_command(args.subspan(1));
    if (command == "bench") return warp64::cli::bench_command(args.subspan(1));
    throw warp64::cli::UsageError("unknown command '" + std::string(command) + "' (see warp64 --help)");
  } catch (const warp64::cli::UsageError& error) {
    std::fprintf(stderr, "warp64: %s\n", error.what());
  } catch (const warp64::Error& error) {
    std::fprintf(stderr, "warp64: %s\n", error.what());
  } catch (const std::exception& error) {
    std::fprintf(stderr, "warp64: internal error: %s\n", error.what());
  }
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  const int status = run_main(std::span<char* const>(argv + 1, argc > 0 ? argc - 1 : 0));
  if (warp64::gpu_builds_running() > 0) {
    std::fflush(nullptr);
    _exit(status);
  }
  return status;
}
