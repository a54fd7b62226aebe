// Test support: ARM64 assembly text to instruction words, through the GNU cross assembler
// (an encoder no one here wrote), and a helper to run such a program.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "warp64/machine.hpp"

namespace warp64::test {

// Assembles `source` (GNU as syntax, one instruction per line or ';'-separated) into the
// words of its .text section. Fails the current test on an assembler error.
std::vector<uint32_t> assemble(const std::string& source);

// Loads `source` at address 0 of `machine`, sets pc to 0 and executes up to max_cycles.
ExecResult run_assembly(Machine& machine, const std::string& source, uint64_t max_cycles = 1'000'000);

}  // namespace warp64::test
