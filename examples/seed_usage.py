"""The seed prototype's usage example, on warp64 (it imported MLXKernelCPU from mlx_kernel).

Run from a build tree:  PYTHONPATH=build/python /usr/bin/python3 examples/seed_usage.py
or after `cmake --install build`:  /usr/bin/python3 examples/seed_usage.py
"""

from warp64 import CPU, StopReason

cpu = CPU(memory_size=4*1024*1024)
program = [0xD2800000, 0x91000400, 0xD4400000]  # MOVZ, ADD, HLT
cpu.load_program(program, address=0)
cpu.set_pc(0)
result = cpu.execute(max_cycles=100000)
print(f"Executed {result.cycles} instructions")
print(f"IPS: {result.ips:,.0f}")
print(f"Stop reason: {result.stop_reason_name}")
assert result.stop_reason == StopReason.HALT
