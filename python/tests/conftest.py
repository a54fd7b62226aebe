"""Shared fixtures: every machine-level test runs on each engine this build and host offer."""

import pytest

import warp64

MEMORY_SIZE = 4 * 1024 * 1024

GPU_SKIP_REASON = "GPU engine unavailable: " + warp64.gpu_unavailable_reason()


@pytest.fixture(params=["cpu", pytest.param("gpu", marks=pytest.mark.gpu)])
def engine(request):
    if request.param == "gpu" and not warp64.gpu_available():
        pytest.skip(GPU_SKIP_REASON)
    return request.param


@pytest.fixture
def cpu(engine):
    return warp64.CPU(memory_size=MEMORY_SIZE, engine=engine)


def run(cpu, words, max_cycles=100000):
    """Loads `words` at 0, starts at PC 0 and executes."""
    cpu.load_program(words, address=0)
    cpu.set_pc(0)
    return cpu.execute(max_cycles=max_cycles)


def pytest_configure(config):
    config.addinivalue_line("markers", "gpu: needs the GPU engine (skipped where none is usable)")
