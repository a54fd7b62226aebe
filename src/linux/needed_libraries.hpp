// The shared libraries a dynamically linked program needs (DT_NEEDED), directly and through
// one another, found where its loader looks for them under the sysroot: what lanes lay out
// once for all of them (lane_libraries.hpp). Nothing here is trusted to be right: a library
// the loader finds elsewhere (RPATH, LD_LIBRARY_PATH) or a file read wrongly only costs lanes
// their sharing, since they map whatever they open privately.
#pragma once

#include <string>
#include <vector>

#include "linux/sysroot.hpp"

namespace warp64::linux_abi {

// The host paths of the libraries `program` needs, in the order the loader maps them
// (breadth-first), each once.
std::vector<std::string> needed_libraries(const std::string& program, const Sysroot& sysroot);

}  // namespace warp64::linux_abi
