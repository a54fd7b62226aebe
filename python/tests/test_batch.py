"""warp64.Batch: per-lane inputs and results through numpy arrays."""

import numpy as np
import pytest

import warp64
from warp64 import AccessKind, StopReason

LANE_MEMORY = 64 * 1024
HLT_0 = 0xD4400000  # hlt #0

# x1 = 1 + 2 + ... + x0
SUM_PROGRAM = [
    0xD2800001,  # 0: movz x1, #0
    0xB4000080,  # 4: cbz x0, 20             (+16 / 4 = 4, 4 << 5 = 0x80)
    0x8B000021,  # 8: add x1, x1, x0         (Rm=0, Rn=1 << 5 = 0x20, Rd=1)
    0xD1000400,  # 12: sub x0, x0, #1        (1 << 10 = 0x400)
    0xB5FFFFC0,  # 16: cbnz x0, 8            (-8 / 4 -> 0x7FFFE << 5 = 0xFFFFC0)
    HLT_0,       # 20
]


@pytest.fixture
def batch(engine):
    return warp64.Batch(8, memory_size=LANE_MEMORY, engine=engine)


def test_sum_per_lane(batch):
    lanes = batch.lanes
    batch.load_program(SUM_PROGRAM)
    batch.set_registers(0, np.arange(lanes, dtype=np.uint64))
    summary = batch.run(max_cycles=100_000)
    i = np.arange(lanes, dtype=np.uint64)
    assert (batch.get_registers(1) == i * (i + 1) // 2).all()
    assert (batch.get_registers(0) == 0).all()  # counted down
    expected_cycles = np.where(i == 0, 2, 2 + 3 * i)  # MOVZ + CBZ (taken), or MOVZ + CBZ + 3 per iteration
    assert (batch.cycles() == expected_cycles).all()
    assert summary.total_cycles == int(expected_cycles.sum())
    assert summary.elapsed_seconds >= 0 and summary.ips >= 0
    assert (batch.stop_reasons() == StopReason.HALT).all()
    assert (batch.pcs() == 20).all()
    assert (batch.fault_addresses() == 0).all()
    assert (batch.fault_kinds() == AccessKind.NONE).all()
    assert "BatchRunSummary" in repr(summary)


def test_result_arrays_types(batch):
    batch.load_program(SUM_PROGRAM)
    assert (batch.stop_reasons() == StopReason.NONE).all()  # before any run
    batch.run()
    assert batch.stop_reasons().dtype == np.uint8 and batch.stop_reasons().shape == (8,)
    assert batch.cycles().dtype == np.uint64
    assert batch.pcs().dtype == np.uint64
    assert batch.fault_addresses().dtype == np.uint64
    r = batch.result(3)
    assert isinstance(r, warp64.LaneResult)
    assert r.stop_reason == StopReason.HALT and r.stop_reason_name == "HALT"
    assert r.pc == 20 and r.cycles == 2 and r.instruction == HLT_0


def test_registers_all_and_broadcast(batch):
    batch.load_program(SUM_PROGRAM)
    values = np.arange(8 * 31, dtype=np.uint64).reshape(8, 31)
    batch.set_all_registers(values)
    out = batch.get_all_registers()
    assert out.dtype == np.uint64 and out.shape == (8, 31)
    assert (out == values).all()
    assert (batch.get_registers(30) == values[:, 30]).all()
    batch.set_registers(5, 77)  # one value for all lanes
    assert (batch.get_registers(5) == 77).all()
    batch.set_registers(6, [-1] * 8)  # signed values in two's complement
    assert (batch.get_registers(6) == np.uint64(2**64 - 1)).all()
    batch.set_all_registers(np.arange(31))  # one row for every lane
    assert (batch.get_all_registers() == np.arange(31, dtype=np.uint64)).all()
    assert (batch.get_registers(31) == 0).all()  # XZR
    batch.set_registers(31, 5)  # ignored
    assert (batch.get_registers(31) == 0).all()


def test_register_value_errors(batch):
    batch.load_program(SUM_PROGRAM)
    with pytest.raises(ValueError):
        batch.set_registers(0, np.arange(7))  # wrong length
    with pytest.raises(ValueError):
        batch.set_all_registers(np.zeros((8, 30), dtype=np.uint64))
    with pytest.raises(TypeError):
        batch.set_registers(0, np.linspace(0, 1, 8))  # floats are not register values
    with pytest.raises(IndexError):
        batch.set_registers(32, 0)
    with pytest.raises(IndexError):
        batch.get_registers(-1)


def test_per_lane_memory(batch):
    program = [
        0xD2840000,  # movz x0, #0x2000          (0x2000 << 5 = 0x40000)
        0xF9400001,  # ldr x1, [x0]
        0x91000421,  # add x1, x1, #1            (1 << 10 | Rn=1 << 5 | Rd=1)
        0xF9000401,  # str x1, [x0, #8]          (8 / 8 = 1 << 10)
        HLT_0,
    ]
    batch.load_program(program)
    for lane in range(batch.lanes):
        batch.write_memory(lane, 0x2000, (1000 * lane).to_bytes(8, "little"))
    batch.run()
    for lane in range(batch.lanes):
        assert int.from_bytes(batch.read_memory(lane, 0x2008, 8), "little") == 1000 * lane + 1
        assert int.from_bytes(batch.read_memory(lane, 0x2000, 8), "little") == 1000 * lane
    assert (batch.get_registers(1) == 1000 * np.arange(8) + 1).all()
    assert batch.read_memory(0, 0, 4) == bytes([0x00, 0x00, 0x84, 0xD2])  # the shared image, readable


def test_store_into_image_faults(batch):
    batch.load_program([0xF9000001, HLT_0])  # str x1, [x0]: x0 = 0 is inside the image
    batch.run()
    assert (batch.stop_reasons() == StopReason.FAULT).all()
    assert (batch.fault_kinds() == AccessKind.WRITE).all()
    assert (batch.fault_addresses() == 0).all()
    assert (batch.pcs() == 0).all()


def test_per_lane_pc_and_state(batch):
    program = [
        0xD2800020,  # 0: movz x0, #1
        0xD2800040,  # 4: movz x0, #2
        0xD2800060,  # 8: movz x0, #3
        HLT_0,       # 12
    ]
    batch.load_program(program)
    assert (batch.pcs() == 0).all()
    batch.set_pc([0, 4, 8, 12, 0, 4, 8, 12])
    batch.run()
    assert list(batch.get_registers(0)) == [3, 3, 3, 0, 3, 3, 3, 0]
    assert list(batch.cycles()) == [3, 2, 1, 0, 3, 2, 1, 0]
    batch.set_pc(4)
    assert (batch.pcs() == 4).all()

    state = batch.get_state(2)
    assert state["pc"] == 4 and state["x"][0] == 3 and state["sp"] == LANE_MEMORY
    state["x"][7] = 0x77
    state["nzcv"] = 0x40000000
    batch.set_state(5, state)
    assert batch.get_state(5) == state
    assert batch.get_registers(7)[5] == 0x77 and batch.get_registers(7)[4] == 0


def test_image_at_other_address(batch):
    batch.load_program(SUM_PROGRAM, address=0x1000)
    assert (batch.pcs() == 0x1000).all()  # loading starts every lane at the image
    batch.set_registers(0, 4)
    batch.run()
    assert (batch.get_registers(1) == 10).all()  # 1 + 2 + 3 + 4
    with pytest.raises(warp64.Error):
        batch.load_program(SUM_PROGRAM, address=0x1004)  # the image must be page-aligned


def test_properties(batch, engine):
    assert batch.lanes == len(batch) == 8
    assert batch.engine == engine
    assert batch.memory_size == LANE_MEMORY
    batch.load_program(SUM_PROGRAM)
    assert batch.bytes_per_lane > 0
    assert "lanes=8" in repr(batch)


def test_lane_and_memory_errors(batch):
    with pytest.raises(warp64.Error):
        batch.run()  # nothing loaded yet
    with pytest.raises(warp64.Error):
        batch.get_registers(0)
    batch.load_program(SUM_PROGRAM)
    with pytest.raises(IndexError):
        batch.read_memory(8, 0, 4)
    with pytest.raises(IndexError):
        batch.write_memory(-1, 0x2000, b"x")
    with pytest.raises(IndexError):
        batch.read_memory(0, LANE_MEMORY - 2, 4)
    with pytest.raises(IndexError):
        batch.result(8)
    with pytest.raises(warp64.Error):
        batch.write_memory(0, 0, b"\x00")  # the shared image is read-only
    with pytest.raises(IndexError):
        batch.load_program([HLT_0] * (LANE_MEMORY // 4 + 1))


def test_construction_errors():
    with pytest.raises(warp64.Error):
        warp64.Batch(0, engine="cpu")
    with pytest.raises(warp64.Error):
        warp64.Batch(2, memory_size=5000, engine="cpu")  # not a multiple of 4096
    with pytest.raises(ValueError):
        warp64.Batch(2, engine="tpu")
    with pytest.raises(ValueError):
        warp64.Batch(-1, engine="cpu")


def test_gpu_matches_cpu():
    if not warp64.gpu_available():
        pytest.skip("GPU engine unavailable: " + warp64.gpu_unavailable_reason())
    lanes = 256
    out = {}
    for engine in ("cpu", "gpu"):
        b = warp64.Batch(lanes, memory_size=LANE_MEMORY, engine=engine)
        b.load_program(SUM_PROGRAM)
        b.set_registers(0, np.arange(lanes))
        b.run()
        out[engine] = (b.get_all_registers(), b.cycles(), b.stop_reasons(), b.pcs())
    for cpu_array, gpu_array in zip(out["cpu"], out["gpu"]):
        assert (cpu_array == gpu_array).all()


def run_sum(lanes, engine, devices):
    b = warp64.Batch(lanes, memory_size=LANE_MEMORY, engine=engine, devices=devices)
    b.load_program(SUM_PROGRAM)
    b.set_registers(0, np.arange(lanes))
    summary = b.run()
    return b, summary


@pytest.mark.parametrize("devices", [[0, 1], [0, 0, 0], [2, 7, 1, 8, 2]])
def test_devices_shares_end_as_one(engine, devices):
    if engine == "gpu":
        devices = [0] * len(devices)  # shares of one GPU: what every GPU host has
    lanes = 37
    one, one_summary = run_sum(lanes, engine, "all")
    shared, shared_summary = run_sum(lanes, engine, devices)
    assert shared.devices == devices
    i = np.arange(lanes, dtype=np.uint64)
    assert (shared.get_registers(1) == i * (i + 1) // 2).all()
    assert (shared.cycles() == np.where(i == 0, 2, 2 + 3 * i)).all()
    assert shared_summary.total_cycles == one_summary.total_cycles
    assert (shared.get_all_registers() == one.get_all_registers()).all()
    assert (shared.pcs() == one.pcs()).all()
    assert shared.read_memory(36, 0x8000, 4) == b"\x00" * 4


def test_devices_errors():
    for devices in ("some", [], [-1], [1024], 3):
        with pytest.raises(ValueError):
            warp64.Batch(2, engine="cpu", devices=devices)
    with pytest.raises(TypeError):
        warp64.Batch(2, engine="cpu", devices=["0"])
