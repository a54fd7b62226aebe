// Differential fuzzing of warp64's A64 core against Unicorn 2 (QEMU's A64 translator).
//
// Each case is a short random program built from the encoding table: every encoding that
// warp64's decoder knows is a candidate, its operand bits are filled at random, and short
// MOVZ/MOVK "setup" runs in front of memory and register-branch instructions point their
// base register into a 64 KiB data region (or their target inside the program). Both
// emulators start from the same random registers, flags and data, run exactly the same
// number of instructions, and must end with identical X0-X30, SP, PC, NZCV, V0-V31, FPCR,
// FPSR, TPIDR_EL0 and memory; a store-exclusive after the case then shows that their
// exclusive monitors agree. A word that one of them rejects as UNDEFINED while the other
// executes it fails the run unless it belongs to a documented class
// (undefined_disagreements.hpp).
#pragma once

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "warp64/core/encoding.hpp"
#include "warp64/core/state.hpp"

namespace warp64::fuzz {

// Guest layout, identical on both sides: one RWX region [0, kMemorySize).
inline constexpr uint64_t kMemorySize = 0x20000;
inline constexpr uint64_t kCodeBase = 0x1000;
inline constexpr uint64_t kCodeLimit = 0x2000;
inline constexpr uint64_t kDataBase = 0x10000;
inline constexpr uint64_t kDataSize = 0x10000;

struct FuzzOptions {
  uint64_t seed = 1;
  uint64_t instructions = 20000;  // random (non-setup) instructions to execute; 0: no limit
  unsigned min_length = 8;        // random instructions per case
  unsigned max_length = 32;
  unsigned full_reports = 5;    // mismatches printed in full (all are counted)
  uint64_t first_case = 0;      // index of the first case (to resume a run part-way)
  bool verbose = false;         // print every case
  std::ostream* log = nullptr;  // progress and reports; nullptr: silent
  // Test hook: called after every instruction warp64 executes, with its word; may change
  // the state (the harness's own tests inject faults through it to see them reported).
  std::function<void(uint32_t word, core::CpuState& state)> after_warp64_step;
};

// Words of one documented class on which the two emulators disagree about whether they are
// instructions at all.
struct DecodeDisagreement {
  uint64_t count = 0;
  std::vector<uint32_t> examples;  // the first few
};

struct Mismatch {
  uint64_t case_seed;
  uint32_t word;      // the first instruction after which the states differ
  std::string op;     // its warp64 encoding name
  std::string what;   // the differing state, one line
  std::string known;  // non-empty: the documented divergence it matches
};

struct FuzzReport {
  uint64_t cases = 0;
  uint64_t compared_cases = 0;  // cases whose final states were compared
  uint64_t executed = 0;        // random instructions executed (and compared)
  uint64_t setup_executed = 0;  // MOVZ/MOVK/... executed to set up bases and targets
  std::map<std::string, uint64_t> executed_per_op;
  std::vector<std::string> never_generated;  // encodings fuzz_exclusions() excludes, by name or pattern
  // Unknown divergences, undocumented UNDEFINED disagreements and encodings that cannot be
  // generated without an exclusion: each fails the run.
  std::vector<Mismatch> mismatches;
  std::vector<Mismatch> known;  // matched a documented divergence
  // Documented UNDEFINED disagreements, by class name: warp64 executes the word and Unicorn
  // raises UNDEFINED, and the reverse.
  std::map<std::string, DecodeDisagreement> unicorn_rejects;
  std::map<std::string, DecodeDisagreement> warp64_rejects;
  // Random fills whose warp64 handler returned UNDEFINED, checked against Unicorn.
  uint64_t undefined_probed = 0;
  // ... of which Unicorn rejected too.
  uint64_t undefined_agreed = 0;
  // Both stopped at the same instruction on a memory fault or UNDEFINED.
  uint64_t agreed_stops = 0;
  // Store-exclusives run after a case to compare the exclusive monitors (status and memory).
  uint64_t monitor_probes = 0;

  uint64_t unknown_mismatches() const { return mismatches.size(); }
};

class DifferentialFuzzer {
 public:
  explicit DifferentialFuzzer(const FuzzOptions& options);
  ~DifferentialFuzzer();

  // Runs cases until options.instructions random instructions have executed (forever when
  // 0, until stop() is called).
  FuzzReport run();
  // Runs the one case with this seed (as printed in a report), verbosely.
  FuzzReport run_case(uint64_t case_seed);
  void stop();

  static void print_summary(const FuzzReport& report, std::ostream& out, bool coverage);
  // Whether Unicorn raises UNDEFINED for the word executed alone (a harness self-check).
  static bool unicorn_rejects(uint32_t word);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The state of the guest as both emulators expose it.
struct GuestSnapshot {
  uint64_t x[31];
  uint64_t sp, pc;
  uint32_t nzcv;
  uint64_t v[32][2];  // V0-V31 as in CpuState: [0] bits 63:0, [1] bits 127:64
  uint32_t fpsr;
  uint32_t fpcr;
  uint64_t tpidr_el0;
  std::vector<uint8_t> memory;  // [0, kMemorySize)
};

// The first instruction after which the two emulators' states differ.
struct Divergence {
  uint32_t word;
  const core::CpuState& before;  // warp64's state before it (both agree up to here)
  const GuestSnapshot& before_snapshot;
  const GuestSnapshot& warp64;  // after it
  const GuestSnapshot& unicorn;
  bool monitor_disturbed;  // a store changed the bytes warp64's exclusive monitor marks
  bool warp64_faulted;     // warp64 stopped on a fault here (its "after" is its "before")
};

// A documented divergence that does not fail the run: either Unicorn (QEMU) contradicts
// the Arm ARM, or the Arm ARM leaves the result IMPLEMENTATION DEFINED. `accepts` decides
// whether a divergence is exactly that case; for Unicorn defects it also checks warp64's
// result against the Arm ARM's pseudocode, so that warp64 stays tested there.
struct KnownDivergence {
  const char* name;
  uint32_t mask;  // the first diverging instruction matches (word & mask) == value
  uint32_t value;
  bool unicorn_defect;  // false: IMPLEMENTATION DEFINED
  const char* rule;
  bool (*accepts)(const Divergence&);
};
const std::vector<KnownDivergence>& known_divergences();

// Encodings or words never generated, with why. An encoding none of whose random fills
// executes on warp64 must be listed here by name, or the run fails.
struct FuzzExclusion {
  const char* op_name;  // an encoding name, or nullptr for a word pattern
  uint32_t mask;
  uint32_t value;
  const char* reason;
};
const std::vector<FuzzExclusion>& fuzz_exclusions();

}  // namespace warp64::fuzz
