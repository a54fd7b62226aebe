// Trace lines. The disassembly texts are capstone 4.0.2's (Debian 12's libcapstone-dev), the
// oracle the formatter defers to; the register changes are hand-made states.
#include "debug/trace.hpp"

#include <gtest/gtest.h>

namespace warp64::debug {
namespace {

TEST(TraceFormatter, InstructionLinesShowPcWordAndDisassembly) {
  const TraceFormatter trace;
  EXPECT_EQ(trace.instruction(0x400120, 0xd2800540), "0x0000000000400120: d2800540  movz x0, #0x2a");
  EXPECT_EQ(trace.instruction(0x400124, 0x8b020020), "0x0000000000400124: 8b020020  add x0, x1, x2");
  EXPECT_EQ(trace.instruction(0x400128, 0xd4000001), "0x0000000000400128: d4000001  svc #0");
  EXPECT_EQ(trace.instruction(0x40012c, 0xa9bf7bfd), "0x000000000040012c: a9bf7bfd  stp x29, x30, [sp, #-0x10]!");
  EXPECT_EQ(trace.instruction(0x400130, 0x4ea18420), "0x0000000000400130: 4ea18420  add v0.4s, v1.4s, v1.4s");
  EXPECT_EQ(trace.instruction(0x400134, 0xd65f03c0), "0x0000000000400134: d65f03c0  ret");
}

TEST(TraceFormatter, BranchTargetsAreAbsolute) {
  const TraceFormatter trace;
  EXPECT_EQ(trace.instruction(0x400120, 0x54000040), "0x0000000000400120: 54000040  b.eq #0x400128");
  EXPECT_EQ(trace.instruction(0x400120, 0x97ffffff), "0x0000000000400120: 97ffffff  bl #0x40011c");
}

TEST(TraceFormatter, WordsCapstoneRejectsShowAsInst) {
  const TraceFormatter trace;
  EXPECT_EQ(trace.instruction(0xffffffffffffff00, 0x00000000), "0xffffffffffffff00: 00000000  .inst 0x00000000");
}

TEST(TraceFormatter, RegisterChangesInOrder) {
  core::CpuState before{};
  core::CpuState after{};
  EXPECT_EQ(register_changes(before, after), "");
  after.pc = 4;  // every instruction moves pc: not a change worth a column
  EXPECT_EQ(register_changes(before, after), "");
  after.x[0] = 0x2a;
  after.x[30] = 0xffffffffffffffff;
  after.sp = 0x7ffffffff000;
  after.nzcv = core::kFlagZ | core::kFlagC;
  after.fpsr = 0x08000000;
  after.fpcr = 0x00c00000;
  after.tpidr_el0 = 0x4a0000;
  after.v[1][0] = 0x1122334455667788;
  after.v[1][1] = 0x99aabbccddeeff00;
  after.v[31][1] = 1;
  EXPECT_EQ(register_changes(before, after),
            "x0=0x000000000000002a x30=0xffffffffffffffff sp=0x00007ffffffff000 nzcv=-ZC- fpsr=0x08000000 "
            "fpcr=0x00c00000 tpidr_el0=0x00000000004a0000 v1=0x99aabbccddeeff001122334455667788 "
            "v31=0x00000000000000010000000000000000");
}

TEST(TraceFormatter, FlagsShowTheNewState) {
  core::CpuState before{};
  before.nzcv = core::kFlagN | core::kFlagV;
  core::CpuState after = before;
  after.nzcv = core::kNzcvMask;
  EXPECT_EQ(register_changes(before, after), "nzcv=NZCV");
  after.nzcv = 0;
  EXPECT_EQ(register_changes(before, after), "nzcv=----");
}

TEST(TraceFormatter, LineWithChanges) {
  const TraceFormatter trace;
  core::CpuState before{};
  before.x[1] = 5;
  before.x[2] = 7;
  core::CpuState after = before;
  after.x[0] = 12;
  after.pc = 4;
  EXPECT_EQ(trace.instruction(0, 0x8b020020, before, after),
            "0x0000000000000000: 8b020020  add x0, x1, x2  // x0=0x000000000000000c");
  EXPECT_EQ(trace.instruction(0, 0xd503201f, before, before), "0x0000000000000000: d503201f  nop");
}

}  // namespace
}  // namespace warp64::debug
