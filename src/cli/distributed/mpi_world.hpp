// The MPI job a process was started in by mpirun, when there is one. Only mpirun's children
// initialise MPI: a plain run never touches it.
#pragma once

#include <string>
#include <vector>

namespace warp64::cli {

// Whether mpirun (or a launcher speaking PMIx to Open MPI) started this process.
bool started_by_mpirun();

// The names of the environment variables mpirun gave this process (OMPI_*, PMIX_*...): none
// outside mpirun. Lanes drop them, so that a guest sees the environment of a plain run.
std::vector<std::string> launcher_variables();

// MPI from MPI_Init to MPI_Finalize. A build without MPI refuses to construct one: its rank 0
// says so in one line, and every rank exits with status 2.
class MpiWorld {
 public:
  MpiWorld();
  ~MpiWorld();
  MpiWorld(const MpiWorld&) = delete;
  MpiWorld& operator=(const MpiWorld&) = delete;

  int rank() const { return rank_; }
  int size() const { return size_; }

  // Every rank's message, in rank order, on rank 0 (its own included); nothing elsewhere.
  std::vector<std::string> gather(const std::string& message) const;

 private:
  int rank_ = 0;
  int size_ = 1;
};

}  // namespace warp64::cli
