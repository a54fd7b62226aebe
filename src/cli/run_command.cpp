// warp64 run: parse the request, then hand it to the executor of its form.
#include <cstdio>

#include "cli/commands.hpp"
#include "cli/run_request.hpp"

namespace warp64::cli {

int run_command(std::span<char* const> args) {
  const RunRequest request = parse_run_request(args);
  if (request.help) {
    std::fputs(run_usage().c_str(), stdout);
    return 0;
  }
  return (request.form() & kRawForms) ? run_raw_image(request) : run_program(request);
}

}  // namespace warp64::cli
