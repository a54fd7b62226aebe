"""warp64.CPU beyond the seed cases: program forms, registers, flags, memory, state, runs."""

import array
import signal
import threading
import time

import numpy as np
import pytest

import warp64
from conftest import MEMORY_SIZE, run
from warp64 import AccessKind, StopReason

HLT_0 = 0xD4400000  # hlt #0
MOVZ_X0_42 = 0xD2800540  # movz x0, #42 (42 << 5 = 0x540)
ADD_X0_X0_1 = 0x91000400  # add x0, x0, #1 (1 << 10 = 0x400)
SVC_0 = 0xD4000001  # svc #0
B_SELF = 0x14000000  # b . (offset 0)


def word_bytes(words):
    return b"".join(w.to_bytes(4, "little") for w in words)


# --- program forms -----------------------------------------------------------------------

PROGRAM = [MOVZ_X0_42, ADD_X0_X0_1, HLT_0]  # x0 = 42 + 1


@pytest.mark.parametrize(
    "form",
    [
        list,
        tuple,
        lambda p: iter(p),
        lambda p: word_bytes(p),
        lambda p: bytearray(word_bytes(p)),
        lambda p: memoryview(word_bytes(p)),
        lambda p: array.array("B", word_bytes(p)),
        lambda p: np.array(p, dtype=np.uint32),
        lambda p: np.frombuffer(word_bytes(p), dtype=np.uint8),
        lambda p: np.array(p, dtype=np.int64),
        lambda p: np.array(p, dtype=np.uint64),
        lambda p: [np.uint32(w) for w in p],
    ],
    ids=["list", "tuple", "iterator", "bytes", "bytearray", "memoryview", "array", "np.uint32", "np.uint8",
         "np.int64", "np.uint64", "numpy-scalars"],
)
def test_program_forms(cpu, form):
    r = run(cpu, form(PROGRAM))
    assert r.stop_reason == StopReason.HALT
    assert r.cycles == 2
    assert cpu.get_register(0) == 43


def test_program_is_little_endian_in_memory(cpu):
    cpu.load_program([0x11223344, 0xAABBCCDD], address=0x100)
    assert cpu.read_memory(0x100, 8) == bytes([0x44, 0x33, 0x22, 0x11, 0xDD, 0xCC, 0xBB, 0xAA])


def test_program_at_other_address(cpu):
    cpu.load_program(PROGRAM, address=0x2000)
    cpu.set_pc(0x2000)
    r = cpu.execute()
    assert r.stop_reason == StopReason.HALT
    assert r.final_pc == 0x2008
    assert cpu.pc == 0x2008
    assert cpu.get_register(0) == 43


def test_program_at_end_of_memory(cpu):
    cpu.load_program(PROGRAM, address=MEMORY_SIZE - 12)  # exactly fits
    cpu.pc = MEMORY_SIZE - 12
    assert cpu.execute().stop_reason == StopReason.HALT


# --- registers, SP, PC, flags ------------------------------------------------------------

def test_registers_round_trip(cpu):
    for i in range(31):
        cpu.set_register(i, (i + 1) * 0x0101010101010101)
    for i in range(31):
        assert cpu.get_register(i) == (i + 1) * 0x0101010101010101
    regs = cpu.get_registers_numpy()
    assert regs.dtype == np.uint64 and regs.shape == (31,)
    assert [int(v) for v in regs] == [(i + 1) * 0x0101010101010101 for i in range(31)]
    regs[0] = 0  # a copy: the machine is not affected
    assert cpu.get_register(0) == 0x0101010101010101


def test_register_values_wrap_and_limits(cpu):
    cpu.set_register(1, -1)
    assert cpu.get_register(1) == 2**64 - 1  # two's complement
    cpu.set_register(2, -(2**63))
    assert cpu.get_register(2) == 2**63
    cpu.set_register(3, 2**64 - 1)
    assert cpu.get_register(3) == 2**64 - 1
    cpu.set_register(4, np.uint64(7))
    assert cpu.get_register(4) == 7
    with pytest.raises(ValueError):
        cpu.set_register(5, 2**64)
    with pytest.raises(ValueError):
        cpu.set_register(5, -(2**63) - 1)
    with pytest.raises(TypeError):
        cpu.set_register(5, 1.5)
    with pytest.raises(TypeError):
        cpu.set_register(5, "1")


def test_sp_and_pc(cpu):
    assert cpu.sp == MEMORY_SIZE  # SP starts at the top of memory
    assert cpu.pc == 0
    cpu.sp = 0x8000
    assert cpu.sp == 0x8000
    assert cpu.get_state()["sp"] == 0x8000
    cpu.set_pc(0x40)
    assert cpu.pc == 0x40
    cpu.pc = 0x80
    assert cpu.pc == 0x80


def test_flags_get_set(cpu):
    assert cpu.get_flags() == (False, False, False, False)
    cpu.set_flags(N=True, Z=False, C=False, V=True)
    f = cpu.get_flags()
    assert (f.N, f.Z, f.C, f.V) == (True, False, False, True)
    assert isinstance(f, warp64.Flags)
    assert cpu.nzcv == 0x90000000  # N is bit 31, V is bit 28
    cpu.set_flags(Z=True)  # flags not given keep their value
    assert cpu.get_flags() == warp64.Flags(N=True, Z=True, C=False, V=True)
    cpu.nzcv = 0x20000000
    assert cpu.get_flags() == warp64.Flags(N=False, Z=False, C=True, V=False)
    with pytest.raises(ValueError):
        cpu.nzcv = 0x1  # only bits 31..28 exist


def test_flags_from_instructions(cpu):
    # 0 - 1: result all ones, so N=1 Z=0; a borrow, so C=0; no signed overflow, so V=0.
    run(cpu, [0xF1000400, HLT_0])  # subs x0, x0, #1 (1 << 10 = 0x400)
    assert cpu.get_flags() == warp64.Flags(N=True, Z=False, C=False, V=False)
    assert cpu.get_register(0) == 2**64 - 1
    # 0x7fffffffffffffff + 1 overflows the signed range: N=1 V=1, no carry out: C=0.
    cpu.reset()
    cpu.set_register(1, 2**63 - 1)
    run(cpu, [0xB1000421, HLT_0])  # adds x1, x1, #1 (0xB1000000 | 1 << 10 | Rn=1 << 5 | Rd=1)
    assert cpu.get_register(1) == 2**63
    assert cpu.get_flags() == warp64.Flags(N=True, Z=False, C=False, V=True)


# --- memory ------------------------------------------------------------------------------

def test_memory_round_trip(cpu):
    cpu.write_memory(0x3000, b"hello")
    assert cpu.read_memory(0x3000, 5) == b"hello"
    assert isinstance(cpu.read_memory(0x3000, 5), bytes)
    cpu.write_memory(0x3000, bytearray(b"HE"))
    cpu.write_memory(0x3002, [0x4C, 0x4C, 0x4F])  # a list of byte values
    assert cpu.read_memory(0x3000, 5) == b"HELLO"
    cpu.write_memory(0x3100, np.array([0x11223344], dtype=np.uint32))  # raw bytes of the array
    assert cpu.read_memory(0x3100, 4) == bytes([0x44, 0x33, 0x22, 0x11])
    cpu.write_memory(0x3200, np.arange(8, dtype=np.uint8)[::2])  # non-contiguous view
    assert cpu.read_memory(0x3200, 4) == bytes([0, 2, 4, 6])
    cpu.write_memory(MEMORY_SIZE - 1, b"\x7f")  # the last byte
    assert cpu.read_memory(MEMORY_SIZE - 1, 1) == b"\x7f"
    assert cpu.read_memory(0x3000, 0) == b""


def test_memory_seen_by_program(cpu):
    cpu.write_memory(0x2000, (0x0123456789ABCDEF).to_bytes(8, "little"))
    run(cpu, [
        0xD2840000,  # movz x0, #0x2000          (0x2000 << 5 = 0x40000)
        0xF9400001,  # ldr x1, [x0]
        0x91000421,  # add x1, x1, #1
        0xF9000401,  # str x1, [x0, #8]          (8 / 8 = 1 << 10 = 0x400)
        HLT_0,
    ])
    assert cpu.get_register(1) == 0x0123456789ABCDF0
    assert int.from_bytes(cpu.read_memory(0x2008, 8), "little") == 0x0123456789ABCDF0


# --- state -------------------------------------------------------------------------------

def test_state_round_trip(cpu):
    cpu.set_register(0, 5)
    cpu.set_register(30, 2**64 - 2)
    cpu.sp = 0x7000
    cpu.pc = 0x1234
    cpu.set_flags(N=True, C=True)
    state = cpu.get_state()
    assert set(state) == {"x", "sp", "pc", "nzcv", "tpidr_el0", "fpcr", "fpsr"}
    assert len(state["x"]) == 31
    assert state["x"][0] == 5 and state["x"][30] == 2**64 - 2
    assert state["sp"] == 0x7000 and state["pc"] == 0x1234 and state["nzcv"] == 0xA0000000

    state["tpidr_el0"] = 0xFEEDFACE
    state["fpcr"] = 0x03000000
    state["fpsr"] = 0x8000001F
    cpu.reset()
    assert cpu.get_register(0) == 0 and cpu.pc == 0 and cpu.sp == MEMORY_SIZE
    cpu.set_state(state)
    assert cpu.get_state() == state
    assert cpu.get_register(30) == 2**64 - 2
    assert cpu.get_flags() == warp64.Flags(True, False, True, False)


def test_state_partial_and_invalid(cpu):
    cpu.set_register(3, 33)
    cpu.set_state({"pc": 0x40})  # keys left out keep their value
    assert cpu.pc == 0x40 and cpu.get_register(3) == 33
    cpu.set_state({"x": np.arange(31, dtype=np.uint64)})
    assert cpu.get_register(30) == 30
    with pytest.raises(ValueError):
        cpu.set_state({"x": [0] * 30})
    with pytest.raises(KeyError):
        cpu.set_state({"x0": 1})
    with pytest.raises(ValueError):
        cpu.set_state({"nzcv": 0x1})
    with pytest.raises(ValueError):
        cpu.set_state({"fpcr": 2**32})
    assert cpu.pc == 0x40  # a rejected state changes nothing


def test_reset(cpu):
    run(cpu, [MOVZ_X0_42, HLT_0])
    cpu.write_memory(0x5000, b"\xff")
    cpu.set_flags(Z=True)
    cpu.sp = 16
    cpu.reset()
    assert cpu.get_register(0) == 0
    assert cpu.pc == 0 and cpu.sp == MEMORY_SIZE
    assert cpu.get_flags() == (False, False, False, False)
    assert cpu.read_memory(0x5000, 1) == b"\x00"
    assert cpu.read_memory(0, 8) == bytes(8)  # the program is gone too


def test_dump_registers(cpu):
    cpu.set_register(0, 0x1234)
    cpu.set_register(30, 0xABC)
    cpu.set_flags(N=True, V=True)
    text = cpu.dump_registers()
    assert "x0=0x0000000000001234" in text
    assert "x30=0x0000000000000abc" in text
    assert "sp=0x0000000000400000" in text
    assert "pc=0x0000000000000000" in text
    assert "nzcv=N--V" in text
    assert len(text.splitlines()) == 9


# --- execution ---------------------------------------------------------------------------

def test_result_fields_and_repr(cpu):
    r = run(cpu, [MOVZ_X0_42, HLT_0])
    assert isinstance(r, warp64.ExecResult)
    assert isinstance(r.stop_reason, StopReason)
    assert r.fault_kind == AccessKind.NONE and r.fault_address == 0
    assert "HALT" in repr(r)
    assert r.syscalls == 0


def test_execute_limits(cpu):
    cpu.load_program([ADD_X0_X0_1, 0x17FFFFFF])  # add x0, x0, #1 ; b 0 (-1 -> 0x3FFFFFF)
    r = cpu.execute(max_cycles=0)
    assert r.stop_reason == StopReason.MAX_CYCLES and r.cycles == 0 and r.final_pc == 0
    r = cpu.execute()  # the seed's default budget: 100,000
    assert r.cycles == 100_000
    assert cpu.get_register(0) == 50_000
    with pytest.raises(ValueError):
        cpu.execute(max_cycles=-1)


def test_execute_long_run_is_exact(cpu):
    # Long runs go to the engine in slices; the count must come out exact regardless.
    cpu.load_program([ADD_X0_X0_1, 0x17FFFFFF])  # add x0, x0, #1 ; b 0
    r = cpu.execute(max_cycles=10_000_001)
    assert r.stop_reason == StopReason.MAX_CYCLES
    assert r.cycles == 10_000_001
    assert cpu.get_register(0) == 5_000_001  # ADDs are instructions 1, 3, 5, ...
    assert r.final_pc == 4


def test_faults(cpu):
    # A load just past the end of memory.
    cpu.set_register(0, MEMORY_SIZE)
    r = run(cpu, [0xD503201F, 0xF9400001])  # nop ; ldr x1, [x0]
    assert r.stop_reason == StopReason.FAULT
    assert r.stop_reason_name == "FAULT"
    assert r.fault_kind == AccessKind.READ
    assert r.fault_address == MEMORY_SIZE
    assert r.final_pc == 4  # at the faulting instruction
    assert r.cycles == 1
    assert r.instruction == 0xF9400001
    # A store straddling the end of memory.
    cpu.set_register(0, MEMORY_SIZE - 4)
    r = run(cpu, [0xF9000001])  # str x1, [x0]
    assert r.stop_reason == StopReason.FAULT and r.fault_kind == AccessKind.WRITE
    # A fetch outside memory.
    cpu.set_pc(MEMORY_SIZE)
    r = cpu.execute()
    assert r.stop_reason == StopReason.FAULT and r.fault_kind == AccessKind.FETCH
    assert r.fault_address == MEMORY_SIZE and r.instruction is None


def test_breakpoint_and_undefined(cpu):
    r = run(cpu, [0xD4200020])  # brk #1 (0xD4200000 | 1 << 5)
    assert r.stop_reason == StopReason.BREAKPOINT and r.final_pc == 0 and r.cycles == 0
    r = run(cpu, [0xD503201F, 0x00000000])  # nop ; udf #0
    assert r.stop_reason == StopReason.UNDEFINED and r.final_pc == 4 and r.cycles == 1
    assert r.instruction == 0


def test_execute_until_halt_continues_over_syscalls(cpu):
    program = [
        0xD2800000,  # 0: movz x0, #0
        SVC_0,       # 4
        ADD_X0_X0_1, # 8
        SVC_0,       # 12
        ADD_X0_X0_1, # 16
        SVC_0,       # 20
        HLT_0,       # 24
    ]
    cpu.load_program(program)
    r = cpu.execute_until_halt()
    assert r.stop_reason == StopReason.HALT
    assert r.syscalls == 3
    assert r.cycles == 6  # every instruction but the HLT
    assert r.final_pc == 24
    assert cpu.get_register(0) == 2
    assert r.elapsed_seconds >= 0


def test_execute_until_halt_other_stops_and_budget(cpu):
    cpu.load_program([SVC_0, 0xD4200000])  # svc #0 ; brk #0
    r = cpu.execute_until_halt()
    assert r.stop_reason == StopReason.BREAKPOINT and r.syscalls == 1 and r.cycles == 1
    cpu.load_program([SVC_0, SVC_0, HLT_0])
    cpu.set_pc(0)
    r = cpu.execute_until_halt(max_cycles=1)  # the budget runs out at the first SVC
    assert r.stop_reason == StopReason.MAX_CYCLES and r.cycles == 1 and r.final_pc == 4
    cpu.load_program([ADD_X0_X0_1, SVC_0, 0x17FFFFFE])  # add ; svc ; b 0 (-2 -> 0x3FFFFFE)
    cpu.set_pc(0)
    r = cpu.execute_until_halt(max_cycles=3000)
    assert r.stop_reason == StopReason.MAX_CYCLES and r.cycles == 3000 and r.syscalls == 1000


def test_execute_releases_gil_and_guards_concurrent_use():
    cpu = warp64.CPU(engine="cpu")
    other = warp64.CPU(engine="cpu")
    cpu.load_program([B_SELF])
    results = []
    worker = threading.Thread(target=lambda: results.append(cpu.execute(max_cycles=100_000_000)))
    worker.start()
    saw_busy = False
    deadline = time.monotonic() + 30
    while worker.is_alive() and time.monotonic() < deadline:
        other.get_register(0)  # other machines stay usable meanwhile
        try:
            cpu.get_register(0)
        except RuntimeError as error:
            assert "another thread" in str(error)
            saw_busy = True
            break
    worker.join()
    assert saw_busy, "this thread never ran while the other was executing"
    assert results[0].cycles == 100_000_000
    assert cpu.pc == 0  # usable again afterwards


def test_signal_interrupts_unlimited_run():
    class Interrupted(Exception):
        pass

    def handler(signum, frame):
        raise Interrupted()

    cpu = warp64.CPU(engine="cpu")
    cpu.load_program([ADD_X0_X0_1, 0x17FFFFFF])  # add x0, x0, #1 ; b 0: never stops by itself
    previous = signal.signal(signal.SIGALRM, handler)
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.2)
        with pytest.raises(Interrupted):
            cpu.execute(max_cycles=None)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert cpu.get_register(0) > 0  # it ran, and stopped between instructions
    assert cpu.pc in (0, 4)
    assert cpu.execute(max_cycles=2).cycles == 2  # and can go on


def test_engine_property(cpu, engine):
    assert cpu.engine == engine
    assert cpu.memory_size == MEMORY_SIZE
    assert engine in repr(cpu)


def test_auto_engine():
    cpu = warp64.CPU(engine="auto")
    if warp64.gpu_available():
        assert cpu.engine == "gpu"
        assert cpu.engine_note == ""
    else:
        assert cpu.engine == "cpu"
        assert warp64.gpu_unavailable_reason() in cpu.engine_note
