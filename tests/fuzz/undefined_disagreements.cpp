#include "undefined_disagreements.hpp"

namespace warp64::fuzz {
namespace {

// The bits of `pattern` (bit 31 first) for which `wanted` holds.
template <class Predicate>
uint32_t pattern_bits(const char* pattern, Predicate wanted) {
  uint32_t bits = 0;
  for (unsigned i = 0; i < 32; ++i) bits |= static_cast<uint32_t>(wanted(pattern[i])) << (31 - i);
  return bits;
}

}  // namespace

uint32_t UndefinedDisagreementClass::mask() const {
  return pattern_bits(pattern, [](char c) { return c != 'x'; });
}
uint32_t UndefinedDisagreementClass::value() const {
  return pattern_bits(pattern, [](char c) { return c == '1'; });
}

// warp64 implements the Armv8.0 Advanced SIMD instruction set (with the half-precision
// conversions): the Arm ARM makes each feature below OPTIONAL from the version named, and
// an implementation without it treats its encodings as UNDEFINED. Unicorn's max CPU has
// them. The encodings are the instructions' diagrams in the Arm ARM (C7.2).
const std::vector<UndefinedDisagreementClass>& undefined_disagreement_classes() {
  constexpr Rejecter kW = Rejecter::kWarp64;
  static const char* const kFp16 =
      "FEAT_FP16 (OPTIONAL from Armv8.2): half-precision arithmetic; warp64 has the half-precision conversions only";
  static const char* const kFhm = "FEAT_FHM (OPTIONAL from Armv8.2): FMLAL, FMLSL, FMLAL2, FMLSL2";
  static const char* const kFcma = "FEAT_FCMA (OPTIONAL from Armv8.2, mandatory from Armv8.3): FCMLA";
  static const char* const kRdm = "FEAT_RDM (OPTIONAL in Armv8.0, mandatory from Armv8.1): SQRDMLAH, SQRDMLSH";
  static const char* const kDot = "FEAT_DotProd (OPTIONAL from Armv8.2): SDOT, UDOT";
  static const char* const kFrintts = "FEAT_FRINTTS (OPTIONAL from Armv8.4): FRINT32X, FRINT32Z, FRINT64X, FRINT64Z";
  static const char* const kPmull = "FEAT_PMULL (OPTIONAL, with FEAT_AES): PMULL/PMULL2 of 64-bit elements (size = 11)";
  static const char* const kHalfSz =
      "unallocated: the half-precision forms fix bit 22 (sz) at 0 and U at 0 (the single and double "
      "forms are U = 1); QEMU 5.0 ignores the bit";
  static const std::vector<UndefinedDisagreementClass> list = {
      // Advanced SIMD across lanes, half-precision: FMAXNMV, FMINNMV (opcode 01100), FMAXV,
      // FMINV (01111); bit 23 chooses max or min.
      {"fp16-across-lanes", kW, "0x001110x0110000110010xxxxxxxxxx", kFp16},
      {"fp16-across-lanes", kW, "0x001110x0110000111110xxxxxxxxxx", kFp16},
      // Advanced SIMD scalar pairwise, half-precision: FMAXNMP, FMINNMP, FADDP, FMAXP, FMINP.
      {"fp16-scalar-pairwise", kW, "01011110x0110000110010xxxxxxxxxx", kFp16},
      {"fp16-scalar-pairwise", kW, "0101111000110000110110xxxxxxxxxx", kFp16},
      {"fp16-scalar-pairwise", kW, "01011110x0110000111110xxxxxxxxxx", kFp16},
      // By element, size = 00 (half-precision): FMLA (opcode 0001), FMLS (0101), FMUL and
      // FMULX (1001, U = 0 and 1); vector and scalar.
      {"fp16-by-element", kW, "0x00111100xxxxxx0x01x0xxxxxxxxxx", kFp16},
      {"fp16-by-element", kW, "0xx0111100xxxxxx1001x0xxxxxxxxxx", kFp16},
      {"fp16-by-element", kW, "0101111100xxxxxx0x01x0xxxxxxxxxx", kFp16},
      {"fp16-by-element", kW, "01x1111100xxxxxx1001x0xxxxxxxxxx", kFp16},
      // Shift by immediate with immh = 001x (half-precision): SCVTF, UCVTF (fixed-point,
      // opcode 11100), FCVTZS, FCVTZU (fixed-point, 11111); vector and scalar.
      {"fp16-fixed-point-conversion", kW, "0xx011110001xxxx111001xxxxxxxxxx", kFp16},
      {"fp16-fixed-point-conversion", kW, "0xx011110001xxxx111111xxxxxxxxxx", kFp16},
      {"fp16-fixed-point-conversion", kW, "01x111110001xxxx111001xxxxxxxxxx", kFp16},
      {"fp16-fixed-point-conversion", kW, "01x111110001xxxx111111xxxxxxxxxx", kFp16},
      // FMLAL/FMLSL (U = 0, opcode 11101) and FMLAL2/FMLSL2 (U = 1, 11001), three same,
      // bit 23 chooses; by element: size = 10, opcodes 0000/0100 (U = 0), 1000/1100 (U = 1).
      {"fhm-fmlal", kW, "0x001110x01xxxxx111011xxxxxxxxxx", kFhm},
      {"fhm-fmlal", kW, "0x101110x01xxxxx110011xxxxxxxxxx", kFhm},
      {"fhm-fmlal", kW, "0x00111110xxxxxx0x00x0xxxxxxxxxx", kFhm},
      {"fhm-fmlal", kW, "0x10111110xxxxxx1x00x0xxxxxxxxxx", kFhm},
      // FCMLA (by element): U = 1, size = 01 or 10, opcode 0 rot 1.
      {"fcma-fcmla-by-element", kW, "0x10111101xxxxxx0xx1x0xxxxxxxxxx", kFcma},
      {"fcma-fcmla-by-element", kW, "0x10111110xxxxxx0xx1x0xxxxxxxxxx", kFcma},
      // SQRDMLAH (opcode 1101), SQRDMLSH (1111) by element: U = 1, size = 01 or 10.
      {"rdm-by-element", kW, "0x10111101xxxxxx11x1x0xxxxxxxxxx", kRdm},
      {"rdm-by-element", kW, "0x10111110xxxxxx11x1x0xxxxxxxxxx", kRdm},
      {"rdm-by-element", kW, "0111111101xxxxxx11x1x0xxxxxxxxxx", kRdm},
      {"rdm-by-element", kW, "0111111110xxxxxx11x1x0xxxxxxxxxx", kRdm},
      // SDOT (U = 0), UDOT (U = 1) by element: size = 10, opcode 1110.
      {"dotprod-by-element", kW, "0xx0111110xxxxxx1110x0xxxxxxxxxx", kDot},
      // Two-register miscellaneous, opcodes 11110 (FRINT32*) and 11111 (FRINT64*), size 0x.
      {"frintts", kW, "0xx011100x100001111x10xxxxxxxxxx", kFrintts},
      {"pmull-64", kW, "0x001110111xxxxx111000xxxxxxxxxx", kPmull},
      // Unallocated words that QEMU 5.0 executes.
      {"unallocated-fp16-across-lanes-sz", kW, "0x001110x1110000110010xxxxxxxxxx", kHalfSz},
      {"unallocated-fp16-across-lanes-sz", kW, "0x001110x1110000111110xxxxxxxxxx", kHalfSz},
      {"unallocated-fp16-scalar-pairwise-sz", kW, "01011110x1110000110010xxxxxxxxxx", kHalfSz},
      {"unallocated-fp16-scalar-pairwise-sz", kW, "0101111001110000110110xxxxxxxxxx", kHalfSz},
      {"unallocated-fp16-scalar-pairwise-sz", kW, "01011110x1110000111110xxxxxxxxxx", kHalfSz},
      {"unallocated-modified-immediate-op1-cmode1111-o2", kW, "0x10111100000xxx111111xxxxxxxxxx",
       "unallocated: Advanced SIMD modified immediate with op = 1, cmode = 1111 and o2 = 1 (o2 = 1 is "
       "allocated only for op = 0, FMOV (vector, immediate) half-precision); QEMU 5.0 executes it"},
  };
  return list;
}

const UndefinedDisagreementClass* classify_undefined_disagreement(uint32_t word, Rejecter rejecter) {
  for (const UndefinedDisagreementClass& c : undefined_disagreement_classes()) {
    if (c.rejecter == rejecter && c.matches(word)) return &c;
  }
  return nullptr;
}

}  // namespace warp64::fuzz
