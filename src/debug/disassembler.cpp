#include "debug/disassembler.hpp"

#include <capstone/capstone.h>

#include "warp64/error.hpp"

namespace warp64::debug {

Disassembler::Disassembler() {
  csh handle = 0;
  if (cs_open(CS_ARCH_ARM64, CS_MODE_ARM, &handle) != CS_ERR_OK) {
    throw Error("capstone: cs_open(CS_ARCH_ARM64) failed");
  }
  handle_ = handle;
}

Disassembler::~Disassembler() {
  csh handle = handle_;
  cs_close(&handle);
}

namespace {

// One word through cs_disasm; calls `use` with the decoded instruction when there is one.
template <class Use>
bool with_insn(size_t handle, uint32_t word, uint64_t address, Use use) {
  const uint8_t bytes[4] = {static_cast<uint8_t>(word), static_cast<uint8_t>(word >> 8),
                            static_cast<uint8_t>(word >> 16), static_cast<uint8_t>(word >> 24)};
  cs_insn* insn = nullptr;
  const size_t count = cs_disasm(handle, bytes, sizeof bytes, address, 1, &insn);
  if (count == 0) return false;
  use(insn[0]);
  cs_free(insn, count);
  return true;
}

}  // namespace

std::string Disassembler::text(uint32_t word, uint64_t address) const {
  std::string out;
  with_insn(handle_, word, address, [&](const cs_insn& insn) {
    out = insn.mnemonic;
    if (insn.op_str[0] != '\0') out += std::string(" ") + insn.op_str;
  });
  return out;
}

bool Disassembler::decodes(uint32_t word) const {
  return with_insn(handle_, word, 0, [](const cs_insn&) {});
}

std::string Disassembler::mnemonic(uint32_t word) const {
  std::string out;
  with_insn(handle_, word, 0, [&](const cs_insn& insn) { out = insn.mnemonic; });
  return out;
}

}  // namespace warp64::debug
