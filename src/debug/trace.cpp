#include "debug/trace.hpp"

#include <cinttypes>
#include <cstdio>

namespace warp64::debug {
namespace {

std::string hex_digits(uint64_t value, int width) {
  char buffer[24];
  std::snprintf(buffer, sizeof buffer, "%0*" PRIx64, width, value);
  return buffer;
}

std::string hex_value(uint64_t value, int width) {
  char buffer[24];
  std::snprintf(buffer, sizeof buffer, "0x%0*" PRIx64, width, value);
  return buffer;
}

std::string vector_value(const uint64_t (&halves)[2]) {
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "0x%016" PRIx64 "%016" PRIx64, halves[1], halves[0]);
  return buffer;
}

std::string numbered(char prefix, int number) {
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, "%c%d", prefix, number);
  return buffer;
}

std::string flags(uint32_t nzcv) {
  std::string out = "NZCV";
  const uint32_t bits[] = {core::kFlagN, core::kFlagZ, core::kFlagC, core::kFlagV};
  for (int i = 0; i < 4; ++i) {
    if ((nzcv & bits[i]) == 0) out[i] = '-';
  }
  return out;
}

void add(std::string& out, const std::string& name, const std::string& value) {
  if (!out.empty()) out += ' ';
  out += name + "=" + value;
}

}  // namespace

std::string TraceFormatter::instruction(uint64_t pc, uint32_t word) const {
  const std::string text = disassembler_.text(word, pc);
  std::string line = hex_value(pc, 16);
  line += ": ";
  line += hex_digits(word, 8);
  line += "  ";
  line += text.empty() ? ".inst " + hex_value(word, 8) : text;
  return line;
}

std::string TraceFormatter::instruction(uint64_t pc, uint32_t word, const core::CpuState& before,
                                        const core::CpuState& after) const {
  std::string line = instruction(pc, word);
  const std::string changes = register_changes(before, after);
  if (!changes.empty()) line += "  // " + changes;
  return line;
}

std::string register_changes(const core::CpuState& before, const core::CpuState& after) {
  std::string out;
  for (int i = 0; i < 31; ++i) {
    if (before.x[i] != after.x[i]) add(out, numbered('x', i), hex_value(after.x[i], 16));
  }
  if (before.sp != after.sp) add(out, "sp", hex_value(after.sp, 16));
  if (before.nzcv != after.nzcv) add(out, "nzcv", flags(after.nzcv));
  if (before.fpsr != after.fpsr) add(out, "fpsr", hex_value(after.fpsr, 8));
  if (before.fpcr != after.fpcr) add(out, "fpcr", hex_value(after.fpcr, 8));
  if (before.tpidr_el0 != after.tpidr_el0) add(out, "tpidr_el0", hex_value(after.tpidr_el0, 16));
  for (int i = 0; i < 32; ++i) {
    if (before.v[i][0] != after.v[i][0] || before.v[i][1] != after.v[i][1]) {
      add(out, numbered('v', i), vector_value(after.v[i]));
    }
  }
  return out;
}

}  // namespace warp64::debug
