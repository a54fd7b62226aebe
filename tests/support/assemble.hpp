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

// Expects two machines (and their last results) to agree bit for bit: registers, flags,
// system registers, PC, stop, cycles and the whole of memory.
void expect_same_machines(const Machine& expected, const ExecResult& expected_result, const Machine& actual,
                          const ExecResult& actual_result);

// Loads `source` at address 0 of `machine`, sets pc to 0 and executes up to max_cycles.
// With WARP64_TEST_GPU_DIFFERENTIAL=1 the same start also runs on the GPU engine and the
// two must agree bit for bit.
ExecResult run_assembly(Machine& machine, const std::string& source, uint64_t max_cycles = 1'000'000);

// As run_assembly, but never compared with the GPU engine: for programs whose results
// legitimately differ between runs (reads of the virtual counter).
ExecResult run_assembly_nondeterministic(Machine& machine, const std::string& source, uint64_t max_cycles = 1'000'000);

}  // namespace warp64::test
