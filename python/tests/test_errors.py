"""Bad arguments and library errors become Python exceptions, never a crash."""

import numpy as np
import pytest

import warp64
from conftest import MEMORY_SIZE

HLT_0 = 0xD4400000  # hlt #0


def test_error_class():
    assert issubclass(warp64.Error, RuntimeError)
    assert warp64.Error.__module__ == "warp64"


def test_bad_register_index(cpu):
    for index in (32, -1, 1000):
        with pytest.raises(IndexError, match="register index"):
            cpu.get_register(index)
        with pytest.raises(IndexError, match="register index"):
            cpu.set_register(index, 0)


def test_memory_outside(cpu):
    with pytest.raises(IndexError, match="outside guest memory"):
        cpu.read_memory(MEMORY_SIZE, 1)
    with pytest.raises(IndexError):
        cpu.read_memory(MEMORY_SIZE - 4, 8)  # straddles the end
    with pytest.raises(IndexError):
        cpu.read_memory(0, 2**63)  # too long, refused before allocating anything
    with pytest.raises(IndexError):
        cpu.read_memory(2**64 - 1, 2)  # would wrap around
    with pytest.raises(IndexError):
        cpu.write_memory(MEMORY_SIZE - 1, b"ab")
    with pytest.raises(ValueError):
        cpu.read_memory(-1, 1)
    with pytest.raises(IndexError):
        cpu.load_program([HLT_0, HLT_0], address=MEMORY_SIZE - 4)
    assert cpu.read_memory(MEMORY_SIZE - 4, 4) == bytes(4)  # the rejected load wrote nothing


def test_bad_programs(cpu):
    with pytest.raises(ValueError, match="32-bit"):
        cpu.load_program([2**32])
    with pytest.raises(ValueError, match="32-bit"):
        cpu.load_program([-1])
    with pytest.raises(ValueError, match="32-bit"):
        cpu.load_program(np.array([-1], dtype=np.int32))
    with pytest.raises(TypeError):
        cpu.load_program("d4400000")
    with pytest.raises(TypeError):
        cpu.load_program([1.0])
    with pytest.raises(TypeError):
        cpu.load_program(np.array([1.0]))
    with pytest.raises(ValueError):
        cpu.load_program(np.zeros((2, 2), dtype=np.uint32))
    with pytest.raises(TypeError):
        cpu.load_program(42)


def test_bad_memory_data(cpu):
    with pytest.raises(TypeError):
        cpu.write_memory(0, "text")
    with pytest.raises(ValueError):
        cpu.write_memory(0, [256])
    with pytest.raises(TypeError):
        cpu.write_memory(0, 3)


def test_bad_construction():
    with pytest.raises(ValueError, match="engine"):
        warp64.CPU(engine="tpu")
    with pytest.raises(warp64.Error):
        warp64.CPU(memory_size=0, engine="cpu")
    with pytest.raises(warp64.Error):
        warp64.CPU(memory_size=6, engine="cpu")  # not a multiple of 4
    with pytest.raises(ValueError):
        warp64.CPU(memory_size=-4, engine="cpu")
    with pytest.raises(TypeError):
        warp64.CPU(memory_size="4096", engine="cpu")


def test_gpu_without_gpu_raises():
    if warp64.gpu_available():
        pytest.skip("a GPU is available here: engine='gpu' works")
    with pytest.raises(warp64.Error, match="GPU engine is unavailable"):
        warp64.CPU(engine="gpu")
    with pytest.raises(warp64.Error, match="GPU engine is unavailable"):
        warp64.Batch(4, engine="gpu")


def test_bad_state_types(cpu):
    with pytest.raises(TypeError):
        cpu.set_state({"x": "abc"})
    with pytest.raises(TypeError):
        cpu.set_state({"pc": 1.5})
    with pytest.raises(TypeError):
        cpu.set_state([1, 2, 3])
