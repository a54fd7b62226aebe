// Words on which warp64 and Unicorn may disagree about whether they are instructions at all.
// Every such class is narrow (the encoding diagrams of the instructions it names, as bit
// patterns) and carries the Arm ARM's reason; a disagreement outside them fails the
// differential fuzzer (docs/decode-disagreements.md).
#pragma once

#include <cstdint>
#include <vector>

namespace warp64::fuzz {

// Which emulator raises UNDEFINED while the other executes the word.
enum class Rejecter { kWarp64, kUnicorn };

struct UndefinedDisagreementClass {
  const char* name;  // several entries may share a name: one class, several encodings
  Rejecter rejecter;
  const char* pattern;  // 32 characters, bit 31 first: '0' and '1' fixed, 'x' either
  const char* rule;
  uint32_t mask() const;
  uint32_t value() const;
  bool matches(uint32_t word) const { return (word & mask()) == value(); }
};

const std::vector<UndefinedDisagreementClass>& undefined_disagreement_classes();

// The documented class `word` belongs to when `rejecter` rejects it, or nullptr.
const UndefinedDisagreementClass* classify_undefined_disagreement(uint32_t word, Rejecter rejecter);

}  // namespace warp64::fuzz
