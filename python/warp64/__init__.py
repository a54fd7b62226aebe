"""warp64: run ARM64 (AArch64) programs on the CPU or a GPU.

    >>> from warp64 import CPU, StopReason
    >>> cpu = CPU(memory_size=4 * 1024 * 1024)
    >>> cpu.load_program([0xD2800000, 0x91000400, 0xD4400000])  # movz x0, #0; add x0, x0, #1; hlt #0
    >>> cpu.set_pc(0)
    >>> result = cpu.execute(max_cycles=100000)
    >>> result.cycles, result.stop_reason_name, cpu.get_register(0)
    (2, 'HALT', 1)

CPU        one machine (registers, flags, memory, execute)
Batch      many lanes running one program, with numpy arrays per lane
StopReason why execution stopped (an IntEnum)
AccessKind the access that faulted (an IntEnum)
Flags      the NZCV flags as a named tuple
Error      errors reported by the library (a RuntimeError)
"""

from ._warp64 import (
    DEFAULT_MEMORY_SIZE,
    AccessKind,
    Batch,
    BatchRunSummary,
    CPU,
    Error,
    ExecResult,
    Flags,
    LaneResult,
    StopReason,
    __version__,
    gpu_available,
    gpu_unavailable_reason,
)

__all__ = [
    "DEFAULT_MEMORY_SIZE",
    "AccessKind",
    "Batch",
    "BatchRunSummary",
    "CPU",
    "Error",
    "ExecResult",
    "Flags",
    "LaneResult",
    "StopReason",
    "__version__",
    "gpu_available",
    "gpu_unavailable_reason",
]
