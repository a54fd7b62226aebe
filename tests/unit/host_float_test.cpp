// The host's arithmetic in softfloat.hpp's place (host_float.hpp): fp::add, mul, div, sqrt,
// mul_add and compare, which take it where it applies, must give exactly what the soft path
// alone gives, result bits and FPSR, for operands at every edge of the formats (zeros,
// denormals, the smallest and largest normals, infinities, NaNs), in every rounding mode with
// FZ and DN on and off, and with the cumulative flags clear, Inexact alone set, or all set.
// The soft path is itself checked against Unicorn (fp_data_processing_test.cpp).
#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <vector>

#include "warp64/core/softfloat.hpp"

namespace warp64::core::fp {
namespace {

uint32_t fpcr_of(unsigned rounding, bool fz, bool dn) {
  return (rounding << kFpcrRModeShift) | (fz ? kFpcrFz : 0u) | (dn ? kFpcrDn : 0u);
}

std::vector<uint32_t> all_fpcr() {
  std::vector<uint32_t> configs;
  for (unsigned rounding = 0; rounding < 4; ++rounding)
    for (const bool fz : {false, true})
      for (const bool dn : {false, true}) configs.push_back(fpcr_of(rounding, fz, dn));
  return configs;
}

constexpr uint32_t kFpsrPresets[] = {0, kIxc, kIoc | kDzc | kOfc | kUfc | kIxc | kIdc};

// n-bit values from every part of the format: each edge exponent and a spread of ordinary
// ones, with edge and random fractions, of both signs.
std::vector<uint64_t> edge_values(unsigned n, std::mt19937_64& rng) {
  const unsigned f_bits = frac_bits(n);
  const uint64_t max_exp = low_mask(exp_bits(n));
  const uint64_t bias = static_cast<uint64_t>(exp_bias(n));
  std::vector<uint64_t> exponents = {0, 1, 2, max_exp - 2, max_exp - 1, max_exp, bias - 1, bias, bias + 1};
  for (int i = 0; i < 6; ++i) exponents.push_back(1 + rng() % (max_exp - 1));
  // Exponents whose products or quotients land at the edges of the range.
  exponents.push_back(bias / 2);
  exponents.push_back(bias / 2 + 1);
  exponents.push_back(bias + bias / 2);
  exponents.push_back(bias + bias / 2 + 1);
  const uint64_t fractions[] = {
      0, 1, uint64_t{1} << (f_bits - 1), low_mask(f_bits), rng() & low_mask(f_bits), rng() & low_mask(f_bits)};
  std::vector<uint64_t> values;
  for (const uint64_t exp : exponents)
    for (const uint64_t fraction : fractions)
      for (const uint64_t sign : {uint64_t{0}, sign_bit(n)}) values.push_back(sign | (exp << f_bits) | fraction);
  return values;
}

// Runs `operation(fpcr, fpsr)` through the wrapper and through the soft path alone in every
// configuration and compares results and flags.
template <class Wrapped, class Soft>
void expect_same(Wrapped wrapped, Soft soft, const char* what, uint64_t a, uint64_t b, uint64_t c, unsigned& failures) {
  for (const uint32_t fpcr : all_fpcr()) {
    for (const uint32_t preset : kFpsrPresets) {
      uint32_t fpsr_wrapped = preset, fpsr_soft = preset;
      const uint64_t got = wrapped(fpcr, fpsr_wrapped);
      const uint64_t want = soft(fpcr, fpsr_soft);
      if ((got != want || fpsr_wrapped != fpsr_soft) && failures++ < 20) {
        ADD_FAILURE() << what << std::hex << " a " << a << " b " << b << " c " << c << " fpcr " << fpcr << " fpsr "
                      << preset << ": got " << got << " flags " << fpsr_wrapped << ", soft " << want << " flags "
                      << fpsr_soft;
      }
    }
  }
}

void check_two_operand(unsigned n, uint64_t a, uint64_t b, unsigned& failures) {
  expect_same([&](uint32_t fpcr, uint32_t& fpsr) { return add(n, a, b, false, fpcr, fpsr); },
              [&](uint32_t fpcr, uint32_t& fpsr) { return soft_add(n, a, b, false, fpcr, fpsr); }, "add", a, b, 0,
              failures);
  expect_same([&](uint32_t fpcr, uint32_t& fpsr) { return add(n, a, b, true, fpcr, fpsr); },
              [&](uint32_t fpcr, uint32_t& fpsr) { return soft_add(n, a, b, true, fpcr, fpsr); }, "sub", a, b, 0,
              failures);
  expect_same([&](uint32_t fpcr, uint32_t& fpsr) { return mul(n, a, b, fpcr, fpsr); },
              [&](uint32_t fpcr, uint32_t& fpsr) { return soft_mul(n, a, b, fpcr, fpsr); }, "mul", a, b, 0, failures);
  expect_same([&](uint32_t fpcr, uint32_t& fpsr) { return div(n, a, b, fpcr, fpsr); },
              [&](uint32_t fpcr, uint32_t& fpsr) { return soft_div(n, a, b, fpcr, fpsr); }, "div", a, b, 0, failures);
  for (const bool signal : {false, true}) {
    expect_same([&](uint32_t fpcr, uint32_t& fpsr) { return compare(n, a, b, signal, fpcr, fpsr); },
                [&](uint32_t fpcr, uint32_t& fpsr) { return soft_compare(n, a, b, signal, fpcr, fpsr); }, "compare", a,
                b, 0, failures);
  }
}

void check_mul_add(unsigned n, uint64_t addend, uint64_t a, uint64_t b, unsigned& failures) {
  expect_same([&](uint32_t fpcr, uint32_t& fpsr) { return mul_add(n, addend, a, b, fpcr, fpsr); },
              [&](uint32_t fpcr, uint32_t& fpsr) { return soft_mul_add(n, addend, a, b, fpcr, fpsr); }, "mul_add", a, b,
              addend, failures);
}

TEST(HostFloat, TwoOperandsAtEveryEdge) {
  for (const unsigned n : {32u, 64u}) {
    std::mt19937_64 rng(n);
    const std::vector<uint64_t> values = edge_values(n, rng);
    unsigned failures = 0;
    for (const uint64_t a : values)
      for (const uint64_t b : values) check_two_operand(n, a, b, failures);
    EXPECT_EQ(failures, 0u) << n << "-bit";
  }
}

TEST(HostFloat, SquareRootAtEveryEdge) {
  for (const unsigned n : {32u, 64u}) {
    std::mt19937_64 rng(n);
    unsigned failures = 0;
    for (const uint64_t a : edge_values(n, rng)) {
      expect_same([&](uint32_t fpcr, uint32_t& fpsr) { return sqrt(n, a, fpcr, fpsr); },
                  [&](uint32_t fpcr, uint32_t& fpsr) { return soft_sqrt(n, a, fpcr, fpsr); }, "sqrt", a, 0, 0,
                  failures);
    }
    EXPECT_EQ(failures, 0u) << n << "-bit";
  }
}

// Random triples of edge values, and addends that cancel the product exactly, nearly, or
// down into the denormals.
TEST(HostFloat, MulAddAtEveryEdge) {
  for (const unsigned n : {32u, 64u}) {
    std::mt19937_64 rng(n);
    const std::vector<uint64_t> values = edge_values(n, rng);
    unsigned failures = 0;
    for (int i = 0; i < 20000; ++i) {
      const uint64_t a = values[rng() % values.size()], b = values[rng() % values.size()];
      const uint64_t addend = values[rng() % values.size()];
      check_mul_add(n, addend, a, b, failures);
      uint32_t ignored = 0;
      const uint64_t product = soft_mul(n, a, b, 0, ignored);
      for (const uint64_t nearby : {product, product + 1, product - 1})
        check_mul_add(n, fp_neg(n, nearby), a, b, failures);
    }
    EXPECT_EQ(failures, 0u) << n << "-bit";
  }
}

// Results next to the smallest normal, where the host (tiny after rounding) and the Arm ARM
// (tiny before rounding) disagree about Underflow: the soft path must decide them.
TEST(HostFloat, UnderflowBoundaryIsTheSoftPaths) {
  const uint64_t smallest_normal = 0x0010000000000000ull, just_below_one = 0x3FEFFFFFFFFFFFFFull;
  uint32_t fpsr = kIxc;
  // (1 - 2^-53) * 2^-1022 rounds up to 2^-1022: tiny before rounding and inexact.
  EXPECT_EQ(mul(64, just_below_one, smallest_normal, 0, fpsr), smallest_normal);
  EXPECT_EQ(fpsr, kIxc | kUfc);
  // Under FZ it flushes to zero instead.
  fpsr = kIxc;
  EXPECT_EQ(mul(64, just_below_one, smallest_normal, kFpcrFz, fpsr), 0u);
  EXPECT_EQ(fpsr, kIxc | kUfc);
}

// The host path does take the ordinary cases (or the tests above would prove nothing).
TEST(HostFloat, OrdinaryOperandsTakeTheHostPath) {
  const uint64_t one_and_half = 0x3FF8000000000000ull, two_and_half = 0x4004000000000000ull;
  uint64_t result = 0;
  EXPECT_TRUE(host::mul(double{}, one_and_half, two_and_half, result));
  EXPECT_EQ(result, 0x400E000000000000ull);  // 3.75
  EXPECT_TRUE(host::add(float{}, 0x3FC00000u, 0x40200000u, false, result));
  EXPECT_EQ(result, 0x40800000u);                                                  // 1.5 + 2.5 = 4
  EXPECT_FALSE(host::mul(double{}, 0x0000000000000001ull, one_and_half, result));  // a denormal
  EXPECT_FALSE(host::div(double{}, one_and_half, 0, result));                      // a zero divisor
  EXPECT_FALSE(host::in_format(16, [](auto) { return true; }));                    // no half precision
}

}  // namespace
}  // namespace warp64::core::fp
