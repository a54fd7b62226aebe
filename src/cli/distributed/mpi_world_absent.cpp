// MpiWorld in a build without MPI: under mpirun, a run of lanes stops at once, rank 0 saying
// why in one line.
#include <cstdlib>
#include <cstring>

#include "cli/arguments.hpp"
#include "cli/distributed/mpi_world.hpp"

namespace warp64::cli {

MpiWorld::MpiWorld() {
  const char* rank = std::getenv("OMPI_COMM_WORLD_RANK");
  if (rank == nullptr) rank = std::getenv("PMIX_RANK");
  if (rank != nullptr && std::strcmp(rank, "0") != 0) std::exit(2);
  throw UsageError(
      "this build has no MPI, so it cannot share lanes between mpirun's ranks "
      "(install libopenmpi-dev and rebuild)");
}

MpiWorld::~MpiWorld() = default;

std::vector<std::string> MpiWorld::gather(const std::string&) const { return {}; }

}  // namespace warp64::cli
