"""The seed prototype's 23 cases through the Python API.

Every word is encoded by hand from the A64 field layout (Arm ARM), e.g.
  MOVZ Xd, #imm16, LSL #16*hw   = 0xD2800000 | hw << 21 | imm16 << 5 | Rd
  MOVK Xd, #imm16, LSL #16*hw   = 0xF2800000 | hw << 21 | imm16 << 5 | Rd
  ADD/SUB/SUBS Xd, Xn, #imm12   = 0x91000000 / 0xD1000000 / 0xF1000000 | imm12 << 10 | Rn << 5 | Rd
  ADD/SUB Xd, Xn, Xm            = 0x8B000000 / 0xCB000000 | Rm << 16 | Rn << 5 | Rd
  AND/ORR/EOR Xd, Xn, Xm        = 0x8A000000 / 0xAA000000 / 0xCA000000 | Rm << 16 | Rn << 5 | Rd
  B / BL label                  = 0x14000000 / 0x94000000 | (offset / 4) mod 2**26
  CBZ / CBNZ Xt, label          = 0xB4000000 / 0xB5000000 | ((offset / 4) mod 2**19) << 5 | Rt
  B.cond label                  = 0x54000000 | ((offset / 4) mod 2**19) << 5 | cond   (NE = 1)
  RET                           = 0xD65F03C0 (Rn = X30)
  SVC / HLT #imm16              = 0xD4000001 / 0xD4400000 | imm16 << 5
  NOP                           = 0xD503201F
  STR / LDR Xt, [Xn, #imm]      = 0xF9000000 / 0xF9400000 | (imm / 8) << 10 | Rn << 5 | Rt
  STRB / LDRB Wt, [Xn, #imm]    = 0x39000000 / 0x39400000 | imm << 10 | Rn << 5 | Rt
Expected values are worked out by hand from each instruction's definition.
"""

from conftest import MEMORY_SIZE, run
from warp64 import StopReason

HLT_0 = 0xD4400000  # hlt #0


def test_movz_basic(cpu):
    r = run(cpu, [
        0xD2824680,  # movz x0, #0x1234          (0x1234 << 5 = 0x24680)
        HLT_0,
    ])
    assert r.stop_reason == StopReason.HALT
    assert cpu.get_register(0) == 0x1234


def test_movk_basic(cpu):
    run(cpu, [
        0xD2824680,  # movz x0, #0x1234
        0xF2B579A0,  # movk x0, #0xabcd, lsl #16 (hw=1: 1 << 21; 0xabcd << 5 = 0x1579A0)
        HLT_0,
    ])
    assert cpu.get_register(0) == 0xABCD1234  # bits 31..16 replaced, 15..0 kept


def test_add_immediate(cpu):
    run(cpu, [
        0xD2800500,  # movz x0, #40              (40 << 5 = 0x500)
        0x91000801,  # add x1, x0, #2            (2 << 10 = 0x800, Rn=0, Rd=1)
        HLT_0,
    ])
    assert cpu.get_register(1) == 42  # 40 + 2


def test_sub_immediate(cpu):
    run(cpu, [
        0xD2800640,  # movz x0, #50              (50 << 5 = 0x640)
        0xD1002001,  # sub x1, x0, #8            (8 << 10 = 0x2000)
        HLT_0,
    ])
    assert cpu.get_register(1) == 42  # 50 - 8


def test_add_register(cpu):
    run(cpu, [
        0xD28003C0,  # movz x0, #30              (30 << 5 = 0x3C0)
        0xD2800181,  # movz x1, #12              (12 << 5 = 0x180)
        0x8B010002,  # add x2, x0, x1            (Rm=1 << 16)
        HLT_0,
    ])
    assert cpu.get_register(2) == 42  # 30 + 12


def test_sub_register(cpu):
    run(cpu, [
        0xD2800640,  # movz x0, #50
        0xD2800101,  # movz x1, #8               (8 << 5 = 0x100)
        0xCB010002,  # sub x2, x0, x1
        HLT_0,
    ])
    assert cpu.get_register(2) == 42  # 50 - 8


def test_logical_ops(cpu):
    run(cpu, [
        0xD281FE00,  # movz x0, #0xff0           (0xff0 << 5 = 0x1FE00)
        0xD2801FE1,  # movz x1, #0x0ff           (0xff << 5 = 0x1FE0)
        0x8A010002,  # and x2, x0, x1
        0xAA010003,  # orr x3, x0, x1
        0xCA010004,  # eor x4, x0, x1
        HLT_0,
    ])
    assert cpu.get_register(2) == 0x0F0  # 0xff0 & 0x0ff
    assert cpu.get_register(3) == 0xFFF  # 0xff0 | 0x0ff
    assert cpu.get_register(4) == 0xF0F  # 0xff0 ^ 0x0ff


def test_xzr_read(cpu):
    cpu.set_register(5, 99)
    run(cpu, [
        0x8B0503E5,  # add x5, xzr, x5           (Rn=31 is XZR in ADD (shifted register))
        0x8B1F00A6,  # add x6, x5, xzr           (Rm=31 is XZR)
        HLT_0,
    ])
    assert cpu.get_register(5) == 99  # 0 + 99
    assert cpu.get_register(6) == 99  # 99 + 0
    assert cpu.get_register(31) == 0  # the API reads index 31 as XZR too


def test_xzr_write(cpu):
    sp = cpu.sp
    run(cpu, [
        0xD28000E0,  # movz x0, #7               (7 << 5 = 0xE0)
        0x8B00001F,  # add xzr, x0, x0           (Rd=31 is XZR here: the sum is discarded)
        HLT_0,
    ])
    assert cpu.sp == sp == MEMORY_SIZE  # not written as SP
    assert cpu.get_register(0) == 7
    assert cpu.get_register(31) == 0
    cpu.set_register(31, 1234)  # the API ignores writes to XZR as well
    assert cpu.get_register(31) == 0
    assert cpu.sp == MEMORY_SIZE


def test_branch_unconditional(cpu):
    run(cpu, [
        0x14000002,  # 0: b 8                    (+8 / 4 = 2)
        0xD2800020,  # 4: movz x0, #1            (skipped)
        0xD2800041,  # 8: movz x1, #2            (2 << 5 = 0x40)
        HLT_0,       # 12
    ])
    assert cpu.get_register(0) == 0
    assert cpu.get_register(1) == 2


def test_branch_with_link(cpu):
    r = run(cpu, [
        0x94000002,  # 0: bl 8                   (x30 = 4)
        HLT_0,       # 4
        0xD28000A0,  # 8: movz x0, #5            (5 << 5 = 0xA0)
        0xD65F03C0,  # 12: ret                   (to x30 = 4)
    ])
    assert r.stop_reason == StopReason.HALT
    assert cpu.get_register(0) == 5
    assert cpu.get_register(30) == 4  # the address after the BL
    assert r.final_pc == 4


def test_cbz_taken(cpu):
    run(cpu, [
        0xB4000040,  # 0: cbz x0, 8              (+8 / 4 = 2, 2 << 5 = 0x40); x0 = 0
        0xD2800021,  # 4: movz x1, #1            (skipped)
        HLT_0,       # 8
    ])
    assert cpu.get_register(1) == 0


def test_cbz_not_taken(cpu):
    run(cpu, [
        0xD2800060,  # 0: movz x0, #3            (3 << 5 = 0x60)
        0xB4000040,  # 4: cbz x0, 12             (not taken: x0 = 3)
        0xD2800021,  # 8: movz x1, #1
        HLT_0,       # 12
    ])
    assert cpu.get_register(1) == 1


def test_cbnz_taken(cpu):
    run(cpu, [
        0xD2800060,  # 0: movz x0, #3
        0xB5000040,  # 4: cbnz x0, 12            (taken: x0 = 3)
        0xD2800021,  # 8: movz x1, #1            (skipped)
        HLT_0,       # 12
    ])
    assert cpu.get_register(1) == 0


def test_loop(cpu):
    r = run(cpu, [
        0xD2800140,  # 0: movz x0, #10           (10 << 5 = 0x140)
        0x91000C21,  # 4: add x1, x1, #3         (3 << 10 = 0xC00, Rn=1 << 5 = 0x20, Rd=1)
        0xD1000400,  # 8: sub x0, x0, #1         (1 << 10 = 0x400)
        0xB5FFFFC0,  # 12: cbnz x0, 4            (-8 / 4 = -2 -> 0x7FFFE << 5 = 0xFFFFC0)
        HLT_0,       # 16
    ])
    assert cpu.get_register(1) == 30  # 10 iterations of +3
    assert r.cycles == 1 + 10 * 3  # the MOVZ, then ADD/SUB/CBNZ ten times; HLT does not retire


def test_syscall(cpu):
    r = run(cpu, [
        0xD2800BA8,  # 0: movz x8, #93           (93 << 5 = 0xBA0, Rd=8)
        0xD4000001,  # 4: svc #0
        HLT_0,       # 8
    ])
    assert r.stop_reason == StopReason.SYSCALL
    assert r.stop_reason_name == "SYSCALL"
    assert r.final_pc == 8  # after the SVC, which retired
    assert r.cycles == 2
    assert r.instruction == 0xD4000001
    assert cpu.get_register(8) == 93
    r = cpu.execute()  # continuing runs on to the HLT
    assert r.stop_reason == StopReason.HALT
    assert r.cycles == 0


def test_halt(cpu):
    r = run(cpu, [
        0xD2800020,  # 0: movz x0, #1
        0xD4400540,  # 4: hlt #0x2a              (0x2a << 5 = 0x540)
    ])
    assert r.stop_reason == StopReason.HALT
    assert r.stop_reason_name == "HALT"
    assert r.final_pc == 4
    assert r.cycles == 1
    assert r.instruction == 0xD4400540


def test_max_cycles(cpu):
    r = run(cpu, [
        0x91000400,  # 0: add x0, x0, #1         (1 << 10 = 0x400)
        0x17FFFFFF,  # 4: b 0                    (-4 / 4 = -1 -> 0x3FFFFFF)
    ], max_cycles=1001)
    assert r.stop_reason == StopReason.MAX_CYCLES
    assert r.stop_reason_name == "MAX_CYCLES"
    assert r.cycles == 1001
    assert cpu.get_register(0) == 501  # ADDs are the odd-numbered instructions: (1001 + 1) / 2
    assert r.final_pc == 4  # the next instruction to execute is the B
    assert r.instruction is None


def test_nop(cpu):
    r = run(cpu, [
        0xD503201F,  # nop
        0xD503201F,  # nop
        0xD2800020,  # movz x0, #1
        HLT_0,
    ])
    assert r.cycles == 3
    assert cpu.get_register(0) == 1


def test_memory_store_load(cpu):
    run(cpu, [
        0xD2820000,  # movz x0, #0x1000          (0x1000 << 5 = 0x20000)
        0xD297DDE1,  # movz x1, #0xbeef          (0xbeef << 5 = 0x17DDE0)
        0xF9000001,  # str x1, [x0]
        0xF9400002,  # ldr x2, [x0]
        0x39002001,  # strb w1, [x0, #8]         (8 << 10 = 0x2000)
        0x39402003,  # ldrb w3, [x0, #8]
        HLT_0,
    ])
    assert cpu.get_register(2) == 0xBEEF
    assert cpu.get_register(3) == 0xEF  # the low byte, zero-extended
    assert cpu.read_memory(0x1000, 8) == bytes([0xEF, 0xBE, 0, 0, 0, 0, 0, 0])  # little-endian
    assert cpu.read_memory(0x1008, 1) == b"\xef"


def test_backward_branch(cpu):
    run(cpu, [
        0x14000003,  # 0: b 12                   (+12 / 4 = 3)
        0xD2800120,  # 4: movz x0, #9            (9 << 5 = 0x120)
        HLT_0,       # 8
        0x17FFFFFE,  # 12: b 4                   (-8 / 4 = -2 -> 0x3FFFFFE)
    ])
    assert cpu.get_register(0) == 9


def test_large_immediate(cpu):
    run(cpu, [
        0xD2FBD5A0,  # movz x0, #0xdead, lsl #48 (hw=3: 0x600000; 0xdead << 5 = 0x1BD5A0)
        0xF2D7DDE0,  # movk x0, #0xbeef, lsl #32 (hw=2: 0x400000; 0xbeef << 5 = 0x17DDE0)
        0xF2B95FC0,  # movk x0, #0xcafe, lsl #16 (hw=1: 0x200000; 0xcafe << 5 = 0x195FC0)
        0xF29E01A0,  # movk x0, #0xf00d          (0xf00d << 5 = 0x1E01A0)
        HLT_0,
    ])
    assert cpu.get_register(0) == 0xDEADBEEFCAFEF00D


def test_performance(cpu):
    # A functional check of a long run: 100,000 iterations retire exactly 3 * 100,000 + 2.
    r = run(cpu, [
        0xD290D400,  # 0: movz x0, #0x86a0       (0x86a0 << 5 = 0x10D400)
        0xF2A00020,  # 4: movk x0, #0x1, lsl #16 (x0 = 0x186a0 = 100000)
        0x91000421,  # 8: add x1, x1, #1
        0xF1000400,  # 12: subs x0, x0, #1
        0x54FFFFC1,  # 16: b.ne 8                (-8 / 4 -> 0x7FFFE << 5 = 0xFFFFC0, cond NE = 1)
        HLT_0,       # 20
    ], max_cycles=10_000_000)
    assert r.stop_reason == StopReason.HALT
    assert cpu.get_register(1) == 100_000
    assert r.cycles == 300_002
    assert r.elapsed_seconds > 0
    assert r.ips > 0
    assert abs(r.ips - r.cycles / r.elapsed_seconds) <= 1e-6 * r.ips
