// MpiWorld over Open MPI.
#include "cli/distributed/mpi_world.hpp"

#include <mpi.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <set>
#include <string_view>

namespace warp64::cli {
namespace {

// MPI counts are ints: a large message travels in pieces of at most this many bytes.
constexpr uint64_t kPieceBytes = 1 << 30;
constexpr int kSizeTag = 1;
constexpr int kPieceTag = 2;

std::set<std::string> environment_names() {
  std::set<std::string> names;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    const std::string_view text = *entry;
    names.emplace(text.substr(0, text.find('=')));
  }
  return names;
}

}  // namespace

// MPI_Init sets variables for the libraries it starts (PSM2_DEVICES when ranks share a node).
// They have done their work once it returns; the guests of lanes, whose environment is this
// process's, would see them, and a rank's guests would differ from a plain run's.
MpiWorld::MpiWorld() {
  const std::set<std::string> before = environment_names();
  // Engines and guests may run threads of their own; only this one calls MPI.
  int provided = 0;
  MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
  for (const std::string& name : environment_names()) {
    if (!before.contains(name)) unsetenv(name.c_str());
  }
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
}

MpiWorld::~MpiWorld() { MPI_Finalize(); }

std::vector<std::string> MpiWorld::gather(const std::string& message) const {
  if (rank_ != 0) {
    const uint64_t size = message.size();
    MPI_Send(&size, 1, MPI_UINT64_T, 0, kSizeTag, MPI_COMM_WORLD);
    for (uint64_t at = 0; at < size; at += kPieceBytes) {
      const int piece = static_cast<int>(std::min(kPieceBytes, size - at));
      MPI_Send(message.data() + at, piece, MPI_CHAR, 0, kPieceTag, MPI_COMM_WORLD);
    }
    return {};
  }
  std::vector<std::string> messages{message};
  for (int rank = 1; rank < size_; ++rank) {
    uint64_t size = 0;
    MPI_Recv(&size, 1, MPI_UINT64_T, rank, kSizeTag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    std::string received(size, '\0');
    for (uint64_t at = 0; at < size; at += kPieceBytes) {
      const int piece = static_cast<int>(std::min(kPieceBytes, size - at));
      MPI_Recv(received.data() + at, piece, MPI_CHAR, rank, kPieceTag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    }
    messages.push_back(std::move(received));
  }
  return messages;
}

}  // namespace warp64::cli
