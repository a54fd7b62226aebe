#include <unistd.h>

#include <array>
#include <cstdlib>
#include <string_view>

#include "cli/distributed/mpi_world.hpp"

namespace warp64::cli {
namespace {

constexpr std::array<std::string_view, 4> kLauncherPrefixes{"OMPI_", "PMIX_", "OPAL_", "PRTE_"};
constexpr std::array<std::string_view, 2> kLauncherNames{"HFI_NO_BACKTRACE", "IPATH_NO_BACKTRACE"};

bool set_by_launcher(std::string_view name) {
  for (const std::string_view prefix : kLauncherPrefixes) {
    if (name.starts_with(prefix)) return true;
  }
  for (const std::string_view launcher_name : kLauncherNames) {
    if (name == launcher_name) return true;
  }
  return false;
}

}  // namespace

bool started_by_mpirun() {
  return std::getenv("OMPI_COMM_WORLD_SIZE") != nullptr || std::getenv("PMIX_RANK") != nullptr;
}

std::vector<std::string> launcher_variables() {
  std::vector<std::string> names;
  if (!started_by_mpirun()) return names;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    const std::string_view text = *entry;
    const std::string_view name = text.substr(0, text.find('='));
    if (set_by_launcher(name)) names.emplace_back(name);
  }
  return names;
}

}  // namespace warp64::cli
