#include "debug/gdb/registers.hpp"

#include <bit>
#include <cstring>
#include <span>
#include <type_traits>

namespace warp64::debug::gdb {
namespace {

static_assert(std::endian::native == std::endian::little, "register bytes are copied in host order");

constexpr unsigned kCpsrRegister = 33;
constexpr unsigned kFirstVector = 34;
constexpr unsigned kFpsrRegister = 66;
constexpr unsigned kFpcrRegister = 67;

// The state's storage of register `number`, empty past the last register.
template <class State>
auto register_bytes(State& state, unsigned number) {
  using Byte = std::conditional_t<std::is_const_v<State>, const uint8_t, uint8_t>;
  auto bytes = [](auto& field) { return std::span<Byte>(reinterpret_cast<Byte*>(&field), sizeof field); };
  if (number < kSpRegister) return bytes(state.x[number]);
  if (number == kSpRegister) return bytes(state.sp);
  if (number == kPcRegister) return bytes(state.pc);
  if (number == kCpsrRegister) return bytes(state.nzcv);
  if (number >= kFirstVector && number < kFpsrRegister) return bytes(state.v[number - kFirstVector]);
  if (number == kFpsrRegister) return bytes(state.fpsr);
  if (number == kFpcrRegister) return bytes(state.fpcr);
  return std::span<Byte>();
}

// The description in pieces around its two runs of numbered registers.
constexpr std::string_view kDescriptionStart = R"(<?xml version="1.0"?>
<!DOCTYPE target SYSTEM "gdb-target.dtd">
<target version="1.0">
  <architecture>aarch64</architecture>
  <osabi>GNU/Linux</osabi>
  <feature name="org.gnu.gdb.aarch64.core">
    <flags id="cpsr_flags" size="4">
      <field name="V" start="28" end="28"/>
      <field name="C" start="29" end="29"/>
      <field name="Z" start="30" end="30"/>
      <field name="N" start="31" end="31"/>
    </flags>
)";
constexpr std::string_view kBetweenRuns = R"(    <reg name="sp" bitsize="64" type="data_ptr"/>
    <reg name="pc" bitsize="64" type="code_ptr"/>
    <reg name="cpsr" bitsize="32" type="cpsr_flags"/>
  </feature>
  <feature name="org.gnu.gdb.aarch64.fpu">
    <vector id="v2d" type="ieee_double" count="2"/>
    <vector id="v2u" type="uint64" count="2"/>
    <vector id="v2i" type="int64" count="2"/>
    <vector id="v4f" type="ieee_single" count="4"/>
    <vector id="v4u" type="uint32" count="4"/>
    <vector id="v4i" type="int32" count="4"/>
    <vector id="v8f" type="ieee_half" count="8"/>
    <vector id="v8u" type="uint16" count="8"/>
    <vector id="v8i" type="int16" count="8"/>
    <vector id="v16u" type="uint8" count="16"/>
    <vector id="v16i" type="int8" count="16"/>
    <vector id="v1u" type="uint128" count="1"/>
    <vector id="v1i" type="int128" count="1"/>
    <union id="vnd"><field name="f" type="v2d"/><field name="u" type="v2u"/><field name="s" type="v2i"/></union>
    <union id="vns"><field name="f" type="v4f"/><field name="u" type="v4u"/><field name="s" type="v4i"/></union>
    <union id="vnh"><field name="f" type="v8f"/><field name="u" type="v8u"/><field name="s" type="v8i"/></union>
    <union id="vnb"><field name="u" type="v16u"/><field name="s" type="v16i"/></union>
    <union id="vnq"><field name="u" type="v1u"/><field name="s" type="v1i"/></union>
    <union id="aarch64v">
      <field name="d" type="vnd"/>
      <field name="s" type="vns"/>
      <field name="h" type="vnh"/>
      <field name="b" type="vnb"/>
      <field name="q" type="vnq"/>
    </union>
)";
constexpr std::string_view kDescriptionEnd = R"(    <reg name="fpsr" bitsize="32" type="int"/>
    <reg name="fpcr" bitsize="32" type="int"/>
  </feature>
</target>
)";

// "<reg name="x0" bitsize="64" type="int" regnum="0"/>" and the like; regnum on the first only.
std::string numbered_registers(char prefix, int count, int bits, std::string_view type, unsigned first_number) {
  std::string out;
  for (int i = 0; i < count; ++i) {
    out += "    <reg name=\"" + std::string(1, prefix) + std::to_string(i) + "\" bitsize=\"" + std::to_string(bits) +
           "\" type=\"" + std::string(type) + "\"";
    if (i == 0) out += " regnum=\"" + std::to_string(first_number) + "\"";
    out += "/>\n";
  }
  return out;
}

}  // namespace

size_t register_size(unsigned number) {
  static const core::CpuState kAnyState{};
  return register_bytes(kAnyState, number).size();
}

size_t all_registers_size() {
  size_t total = 0;
  for (unsigned number = 0; number < kRegisterCount; ++number) total += register_size(number);
  return total;
}

std::optional<std::string> read_register(const core::CpuState& state, unsigned number) {
  const auto bytes = register_bytes(state, number);
  if (bytes.empty()) return std::nullopt;
  return std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

bool write_register(core::CpuState& state, unsigned number, std::string_view value) {
  const auto bytes = register_bytes(state, number);
  if (bytes.empty() || value.size() != bytes.size()) return false;
  std::memcpy(bytes.data(), value.data(), bytes.size());
  if (number == kCpsrRegister) state.nzcv &= core::kNzcvMask;
  return true;
}

std::string read_all_registers(const core::CpuState& state) {
  std::string out;
  for (unsigned number = 0; number < kRegisterCount; ++number) out += *read_register(state, number);
  return out;
}

bool write_all_registers(core::CpuState& state, std::string_view bytes) {
  if (bytes.size() != all_registers_size()) return false;
  for (unsigned number = 0; number < kRegisterCount; ++number) {
    const size_t size = register_size(number);
    write_register(state, number, bytes.substr(0, size));
    bytes.remove_prefix(size);
  }
  return true;
}

std::string_view target_description() {
  static const std::string description =
      std::string(kDescriptionStart) + numbered_registers('x', 31, 64, "int", 0) + std::string(kBetweenRuns) +
      numbered_registers('v', 32, 128, "aarch64v", kFirstVector) + std::string(kDescriptionEnd);
  return description;
}

}  // namespace warp64::debug::gdb
