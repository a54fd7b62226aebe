// The warp64 subcommands. Each returns the process exit status; usage errors are thrown as
// cli::UsageError and library errors as warp64::Error.
#pragma once

#include <span>

namespace warp64::cli {

int run_command(std::span<char* const> args);
int bench_command(std::span<char* const> args);

}  // namespace warp64::cli
