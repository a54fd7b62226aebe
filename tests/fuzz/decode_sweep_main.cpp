// decode_sweep: warp64's decoder against capstone 4 over random base-integer words
// (see docs/decode-disagreements.md).
//
//   decode_sweep [--seed S] [--words N]
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>

#include "decode_sweep.hpp"

int main(int argc, char** argv) {
  warp64::fuzz::SweepOptions options;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if ((arg == "--seed" || arg == "--words") && i + 1 < argc) {
      const uint64_t value = std::strtoull(argv[++i], nullptr, 0);
      (arg == "--seed" ? options.seed : options.words) = value;
    } else {
      std::cerr << "usage: decode_sweep [--seed S] [--words N]\n";
      return 2;
    }
  }
  const warp64::fuzz::SweepResult result = warp64::fuzz::run_decode_sweep(options);
  warp64::fuzz::print_sweep(result, std::cout);
  return result.undocumented.empty() ? 0 : 1;
}
