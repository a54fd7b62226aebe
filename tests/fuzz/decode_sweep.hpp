// Decode sweep: random words in the base integer encoding spaces, each asked of warp64
// ("allocated and implemented": decodes to an encoding whose handler does not return
// UNDEFINED) and of capstone 4 (cs_disasm succeeds). Every disagreement must fall into a
// documented class (docs/decode-disagreements.md), each a mask/value pattern with the
// architecture rule that decides it.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <map>
#include <string>
#include <vector>

namespace warp64::fuzz {

enum class Verdict : uint8_t {
  kCapstoneOnly,  // capstone decodes, warp64 says unallocated/unimplemented
  kWarp64Only,    // warp64 executes, capstone rejects
};

// A documented class: words with (word & mask) == value, and `also(word)` where a field
// relation (such as Rt == Rt2) is part of the class.
struct SweepClass {
  const char* name;
  Verdict verdict;
  uint32_t mask;
  uint32_t value;
  bool (*also)(uint32_t word);  // nullptr: the mask/value alone
  const char* rule;             // why they disagree, and what the Arm ARM says
};
const std::vector<SweepClass>& documented_sweep_classes();

struct SweepOptions {
  uint64_t seed = 1;
  uint64_t words = 1'000'000;  // random words inside the base integer spaces
  bool system_space = true;    // also every MRS/MSR/SYS/hint/barrier operand encoding
  std::ostream* log = nullptr;
};

struct SweepGroup {
  uint64_t count = 0;
  std::vector<uint32_t> examples;
};

struct SweepResult {
  uint64_t words = 0;         // random words
  uint64_t system_words = 0;  // exhaustive system-space words
  uint64_t both = 0;          // both decode
  uint64_t neither = 0;       // both reject
  uint64_t capstone_only = 0;
  uint64_t warp64_only = 0;
  std::map<std::string, SweepGroup> documented;    // by class name
  std::map<std::string, SweepGroup> undocumented;  // by verdict and op/mnemonic
};

SweepResult run_decode_sweep(const SweepOptions& options);
void print_sweep(const SweepResult& result, std::ostream& out);

}  // namespace warp64::fuzz
