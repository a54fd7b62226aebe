// Semantics of the "Loads and stores" encodings: single registers, pairs and literals.
#pragma once

#include "warp64/core/semantics/common.hpp"

namespace warp64::core::sem {

// ---- Load/store register (unsigned immediate) -----------------------------------------
// size (bits 31:30) gives the access size; imm12 is scaled by it. Rn may be SP.
W64_SEMANTICS(STR_uimm) {
  const unsigned size = field(insn, 31, 30);
  const uint64_t address = x_or_sp(s, rn(insn)) + (static_cast<uint64_t>(field(insn, 21, 10)) << size);
  if (!mem.write(address, 1u << size, x_or_zero(s, rt(insn)))) {
    return Outcome::fault(address, AccessKind::kWrite);
  }
  return Outcome::next();
}

W64_SEMANTICS(LDR_uimm) {
  const unsigned size = field(insn, 31, 30);
  const uint64_t address = x_or_sp(s, rn(insn)) + (static_cast<uint64_t>(field(insn, 21, 10)) << size);
  uint64_t value;
  if (!mem.read(address, 1u << size, value)) return Outcome::fault(address, AccessKind::kRead);
  set_x_or_zero(s, rt(insn), value);
  return Outcome::next();
}

}  // namespace warp64::core::sem
