// gdb's AArch64 register numbering and the target description that names it:
// x0-x30 (0-30), sp (31), pc (32), cpsr (33), v0-v31 (34-65, 128-bit), fpsr (66), fpcr (67).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "warp64/core/state.hpp"

namespace warp64::debug::gdb {

inline constexpr unsigned kRegisterCount = 68;
inline constexpr unsigned kPcRegister = 32;
inline constexpr unsigned kSpRegister = 31;
inline constexpr unsigned kFrameRegister = 29;

// The register's size in bytes, or 0 past the last one.
size_t register_size(unsigned number);
// The bytes of all registers in order, little-endian: the 'g' packet's contents.
size_t all_registers_size();

// One register's bytes, little-endian; empty optional for an unknown number.
std::optional<std::string> read_register(const core::CpuState& state, unsigned number);
// False (and the state unchanged) for an unknown number or bytes of the wrong size. Writes to
// cpsr keep only the NZCV flags, the state EL0 has.
bool write_register(core::CpuState& state, unsigned number, std::string_view bytes);

std::string read_all_registers(const core::CpuState& state);
bool write_all_registers(core::CpuState& state, std::string_view bytes);

// The target description served as qXfer:features:read:target.xml: the
// org.gnu.gdb.aarch64.core and org.gnu.gdb.aarch64.fpu features, GNU/Linux ABI.
std::string_view target_description();

}  // namespace warp64::debug::gdb
