// warp64.CPU: one machine, with the seed prototype's method names.
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <cstdio>

#include "bindings.hpp"
#include "engine/engine.hpp"

namespace warp64::python {
namespace {

constexpr uint64_t kDefaultExecuteCycles = 100'000;
constexpr uint64_t kDefaultUntilHaltCycles = 10'000'000;

// Long runs go to the engine in slices of about this many seconds, so that Ctrl-C (and any
// other signal handler) gets to run in between.
constexpr double kSliceSeconds = 0.25;
constexpr uint64_t kFirstSlice = 1ull << 22;

class Cpu {
 public:
  Cpu(Unsigned64 memory_size, const std::string& engine)
      : machine_(MachineConfig{memory_size.value, parse_engine(engine)}) {}

  Machine& machine() { return machine_; }
  std::atomic<bool>& busy() { return busy_; }

  // Runs with the GIL released, in slices so that pending signals are seen; a signal whose
  // handler raises (KeyboardInterrupt) ends the run at an instruction boundary, the machine
  // state intact, and the exception propagates.
  PyExecResult execute(uint64_t max_cycles) {
    PyExecResult total;
    uint64_t remaining = max_cycles;
    uint64_t slice = kFirstSlice;
    for (;;) {
      const uint64_t budget = std::min(remaining, slice);
      ExecResult part;
      {
        py::gil_scoped_release release;
        part = machine_.execute(budget);
      }
      total.cycles += part.cycles;
      total.elapsed_seconds += part.elapsed_seconds;
      total.stop_reason = part.stop_reason;
      total.final_pc = part.final_pc;
      total.fault_address = part.fault_address;
      total.fault_kind = part.fault_kind;
      total.instruction = part.instruction;
      remaining -= part.cycles;
      if (part.stop_reason != core::StopReason::kMaxCycles || remaining == 0) break;
      if (PyErr_CheckSignals() != 0) throw py::error_already_set();
      if (part.ips > 0) {
        slice = std::max<uint64_t>(kFirstSlice, static_cast<uint64_t>(part.ips * kSliceSeconds));
      }
    }
    total.ips = total.elapsed_seconds > 0 ? static_cast<double>(total.cycles) / total.elapsed_seconds : 0;
    return total;
  }

  PyExecResult execute_until_halt(uint64_t max_cycles) {
    PyExecResult total;
    uint64_t remaining = max_cycles;
    uint64_t syscalls = 0;
    for (;;) {
      const PyExecResult part = execute(remaining);
      const uint64_t cycles = total.cycles + part.cycles;
      const double elapsed = total.elapsed_seconds + part.elapsed_seconds;
      total = part;
      total.cycles = cycles;
      total.elapsed_seconds = elapsed;
      remaining -= part.cycles;
      if (part.stop_reason != core::StopReason::kSyscall) break;
      ++syscalls;
      if (remaining == 0) {
        // The budget ran out exactly at an SVC: report it as the cycle limit it is.
        total.stop_reason = core::StopReason::kMaxCycles;
        total.instruction.reset();
        break;
      }
    }
    total.syscalls = syscalls;
    total.ips = total.elapsed_seconds > 0 ? static_cast<double>(total.cycles) / total.elapsed_seconds : 0;
    return total;
  }

 private:
  Machine machine_;
  std::atomic<bool> busy_{false};
};

std::string dump_registers(const CpuState& s) {
  std::string out;
  char line[64];
  for (unsigned i = 0; i < 31; ++i) {
    std::snprintf(line, sizeof line, "%s%3s=0x%016llx", (i % 4 == 0) ? "" : "  ", ("x" + std::to_string(i)).c_str(),
                  static_cast<unsigned long long>(s.x[i]));
    out += line;
    if (i % 4 == 3) out += '\n';
  }
  std::snprintf(line, sizeof line, "   sp=0x%016llx\n", static_cast<unsigned long long>(s.sp));
  out += line;
  std::snprintf(line, sizeof line, " pc=0x%016llx  nzcv=%c%c%c%c", static_cast<unsigned long long>(s.pc),
                (s.nzcv & core::kFlagN) ? 'N' : '-', (s.nzcv & core::kFlagZ) ? 'Z' : '-',
                (s.nzcv & core::kFlagC) ? 'C' : '-', (s.nzcv & core::kFlagV) ? 'V' : '-');
  out += line;
  return out;
}

constexpr const char* kCpuDoc = R"doc(An ARM64 (AArch64) machine with one flat, read-write-execute memory region.

CPU(memory_size=4*1024*1024, engine="auto")

memory_size: bytes of guest memory at address 0 (a non-zero multiple of 4). SP starts at
    the top of memory, PC and every other register at 0.
engine: "cpu" (the host interpreter), "gpu" (one CUDA thread; raises warp64.Error when
    no usable GPU or no CUDA support is present) or "auto" (the GPU when usable, else the
    CPU; `engine_note` then says why the GPU was not used).

Registers: get_register/set_register take 0..30 for X0..X30. Index 31 is the zero
register XZR: it reads as 0 and writes to it are ignored, as in the instruction set. SP
is the `sp` property.

Execution: execute() runs until the program stops (HLT, SVC, BRK, an undefined
instruction, a memory fault) or max_cycles instructions have retired, and returns a
warp64.ExecResult. The GIL is released while it runs; Ctrl-C interrupts a long run at an
instruction boundary. A CPU object must not be used from two threads at once: a call that
overlaps a running execute() raises RuntimeError.

Example:
    >>> from warp64 import CPU, StopReason
    >>> cpu = CPU()
    >>> cpu.load_program([0xD2800540, 0xD4400000])  # movz x0, #42 ; hlt #0
    >>> r = cpu.execute()
    >>> r.stop_reason == StopReason.HALT, cpu.get_register(0)
    (True, 42)
)doc";

}  // namespace

void bind_cpu(py::module_& m) {
  py::class_<Cpu>(m, "CPU", kCpuDoc)
      .def(py::init<Unsigned64, const std::string&>(), py::arg("memory_size") = kDefaultMemorySize,
           py::arg("engine") = "auto",
           "Creates a machine with `memory_size` bytes of memory at 0, run by `engine` (\"cpu\", \"gpu\" or "
           "\"auto\").")
      .def_property_readonly(
          "engine", [](Cpu& c) { return std::string(c.machine().engine_name()); },
          "The engine in use: \"cpu\" or \"gpu\".")
      .def_property_readonly(
          "engine_note", [](Cpu& c) { return c.machine().engine_note(); },
          "Why engine=\"auto\" fell back to the CPU, or \"\".")
      .def_property_readonly(
          "memory_size", [](Cpu& c) { return c.machine().memory_size(); }, "Bytes of guest memory, from address 0.")
      .def(
          "load_program",
          [](Cpu& c, const ProgramArg& program, Unsigned64 address) {
            BusyGuard guard(c.busy(), "CPU");
            const std::vector<uint8_t> bytes = program_bytes(program.object);
            check_range(address.value, bytes.size(), c.machine().memory_size(), "a program");
            c.machine().load_bytes(bytes, address.value);
          },
          py::arg("program"), py::arg("address") = 0,
          R"doc(Copies a program into memory at `address`. Registers and PC are left as they are
(use set_pc; a new CPU starts at PC 0).

program: a list (or any iterable) of 32-bit instruction words; bytes, bytearray or another
    bytes-like object (raw little-endian bytes); or a 1-D numpy array: uint8/int8 arrays
    are bytes, other integer dtypes (uint32, int64, ...) are instruction words.
Raises IndexError if the program does not fit in memory, ValueError for a word outside
0..0xFFFFFFFF, TypeError for anything else.)doc")
      .def(
          "set_pc",
          [](Cpu& c, Unsigned64 pc) {
            BusyGuard guard(c.busy(), "CPU");
            c.machine().set_pc(pc.value);
          },
          py::arg("pc"), "Sets the program counter.")
      .def_property(
          "pc",
          [](Cpu& c) {
            BusyGuard guard(c.busy(), "CPU");
            return c.machine().pc();
          },
          [](Cpu& c, Unsigned64 pc) {
            BusyGuard guard(c.busy(), "CPU");
            c.machine().set_pc(pc.value);
          },
          "The program counter (settable).")
      .def(
          "get_register",
          [](Cpu& c, int64_t index) -> uint64_t {
            BusyGuard guard(c.busy(), "CPU");
            const unsigned i = check_register_index(index, 31);
            return i == 31 ? 0 : c.machine().x(i);
          },
          py::arg("index"),
          "Returns X<index> (0..30) as an unsigned 64-bit int. Index 31 is XZR and reads as 0; SP is the `sp` "
          "property. Raises IndexError outside 0..31.")
      .def(
          "set_register",
          [](Cpu& c, int64_t index, RegisterValue value) {
            BusyGuard guard(c.busy(), "CPU");
            const unsigned i = check_register_index(index, 31);
            if (i != 31) c.machine().set_x(i, value.value);
          },
          py::arg("index"), py::arg("value"),
          "Sets X<index> (0..30). `value` may be -2**63..2**64-1 (negative values are stored in two's "
          "complement). Index 31 is XZR: the write is ignored. Raises IndexError outside 0..31.")
      .def_property(
          "sp",
          [](Cpu& c) {
            BusyGuard guard(c.busy(), "CPU");
            return c.machine().sp();
          },
          [](Cpu& c, RegisterValue value) {
            BusyGuard guard(c.busy(), "CPU");
            c.machine().set_sp(value.value);
          },
          "The stack pointer (settable). Starts at memory_size.")
      .def(
          "get_flags",
          [](Cpu& c) {
            BusyGuard guard(c.busy(), "CPU");
            return FlagsValue{c.machine().nzcv()};
          },
          "Returns the condition flags as a warp64.Flags named tuple (N, Z, C, V) of booleans.")
      .def(
          "set_flags",
          [](Cpu& c, std::optional<bool> n, std::optional<bool> z, std::optional<bool> cf, std::optional<bool> v) {
            BusyGuard guard(c.busy(), "CPU");
            uint32_t nzcv = c.machine().nzcv();
            const auto apply = [&nzcv](std::optional<bool> flag, uint32_t bit) {
              if (flag) nzcv = *flag ? (nzcv | bit) : (nzcv & ~bit);
            };
            apply(n, core::kFlagN);
            apply(z, core::kFlagZ);
            apply(cf, core::kFlagC);
            apply(v, core::kFlagV);
            c.machine().set_nzcv(nzcv);
          },
          py::arg("N") = py::none(), py::arg("Z") = py::none(), py::arg("C") = py::none(), py::arg("V") = py::none(),
          "Sets the condition flags given as booleans; flags not given (None) keep their value. "
          "Example: cpu.set_flags(Z=True, C=False).")
      .def_property(
          "nzcv",
          [](Cpu& c) {
            BusyGuard guard(c.busy(), "CPU");
            return c.machine().nzcv();
          },
          [](Cpu& c, Unsigned64 value) {
            BusyGuard guard(c.busy(), "CPU");
            if (value.value & ~static_cast<uint64_t>(core::kNzcvMask)) {
              throw py::value_error("nzcv " + hex(value.value) + " has bits set outside the flags (bits 31..28)");
            }
            c.machine().set_nzcv(static_cast<uint32_t>(value.value));
          },
          "The NZCV register as an int: N, Z, C, V in bits 31, 30, 29, 28 (settable; other bits must be 0).")
      .def(
          "read_memory",
          [](Cpu& c, Unsigned64 address, Unsigned64 length) {
            std::vector<uint8_t> bytes;
            {
              BusyGuard guard(c.busy(), "CPU");
              check_range(address.value, length.value, c.machine().memory_size(), "a read");
              bytes = c.machine().read_memory(address.value, length.value);
            }
            return py::bytes(reinterpret_cast<const char*>(bytes.data()), bytes.size());
          },
          py::arg("address"), py::arg("length"),
          "Returns `length` bytes of guest memory from `address` as bytes. Raises IndexError outside memory.")
      .def(
          "write_memory",
          [](Cpu& c, Unsigned64 address, const DataArg& data) {
            BusyGuard guard(c.busy(), "CPU");
            const std::vector<uint8_t> bytes = data_bytes(data.object);
            check_range(address.value, bytes.size(), c.machine().memory_size(), "a write");
            c.machine().write_memory(address.value, bytes);
          },
          py::arg("address"), py::arg("data"),
          "Writes `data` (bytes-like, a numpy array's raw bytes, or a sequence of ints 0..255) at `address`. "
          "Raises IndexError outside memory.")
      .def(
          "execute",
          [](Cpu& c, std::optional<Unsigned64> max_cycles) {
            const uint64_t budget = max_cycles ? max_cycles->value : kUnlimitedCycles;
            BusyGuard guard(c.busy(), "CPU");
            return c.execute(budget);
          },
          py::arg("max_cycles") = kDefaultExecuteCycles,
          R"doc(Runs from the current PC until the program stops or `max_cycles` instructions have
retired (None: no limit), and returns a warp64.ExecResult. Stops: HALT (HLT; PC at the HLT),
SYSCALL (SVC; PC after it, call execute() again to continue), BREAKPOINT, UNDEFINED, FAULT
(PC at the instruction), MAX_CYCLES (PC at the next instruction). The GIL is released.)doc")
      .def(
          "execute_until_halt",
          [](Cpu& c, std::optional<Unsigned64> max_cycles) {
            const uint64_t budget = max_cycles ? max_cycles->value : kUnlimitedCycles;
            BusyGuard guard(c.busy(), "CPU");
            return c.execute_until_halt(budget);
          },
          py::arg("max_cycles") = kDefaultUntilHaltCycles,
          R"doc(Like execute(), but continues over SYSCALL stops: each SVC acts as a system call that
returns at once and changes no register (there is no operating system behind it).
Returns when the program halts (HLT), stops for any other reason (BREAKPOINT, UNDEFINED,
FAULT), or has retired `max_cycles` instructions in total (MAX_CYCLES; None: no limit).
The result covers the whole call: cycles and elapsed_seconds are totals, and `syscalls`
counts the SVCs continued over.)doc")
      .def(
          "reset",
          [](Cpu& c) {
            BusyGuard guard(c.busy(), "CPU");
            c.machine().reset();
          },
          "Zeroes every register, flag and byte of memory; SP returns to the top of memory and PC to 0.")
      .def(
          "get_state",
          [](Cpu& c) {
            BusyGuard guard(c.busy(), "CPU");
            return state_to_dict(c.machine().state());
          },
          "Returns the register state as a dict: x (list of 31 ints, X0..X30), sp, pc, nzcv, tpidr_el0, fpcr, "
          "fpsr.")
      .def(
          "set_state",
          [](Cpu& c, const py::dict& state) {
            BusyGuard guard(c.busy(), "CPU");
            c.machine().set_state(state_from_dict(state, c.machine().state()));
          },
          py::arg("state"),
          "Sets the register state from a dict with the keys get_state() returns; keys left out keep their "
          "current value, unknown keys raise KeyError. Memory is not part of the state.")
      .def(
          "dump_registers",
          [](Cpu& c) {
            BusyGuard guard(c.busy(), "CPU");
            return dump_registers(c.machine().state());
          },
          "Returns the registers, SP, PC and flags as readable text (flags as NZCV letters, '-' when clear).")
      .def(
          "get_registers_numpy",
          [](Cpu& c) {
            BusyGuard guard(c.busy(), "CPU");
            py::array_t<uint64_t> out(31);
            std::copy(c.machine().state().x, c.machine().state().x + 31, out.mutable_data());
            return out;
          },
          "Returns X0..X30 as a new numpy uint64 array of shape (31,).")
      .def("__repr__", [](Cpu& c) {
        return "<warp64.CPU engine='" + std::string(c.machine().engine_name()) +
               "' memory_size=" + std::to_string(c.machine().memory_size()) + ">";
      });

  m.def(
      "gpu_available",
      []() {
        std::string why;
        return gpu_engine_available(&why);
      },
      "True when engine=\"gpu\" would work: the build has CUDA support and a usable GPU is present.");
  m.def(
      "gpu_unavailable_reason",
      []() {
        std::string why;
        return gpu_engine_available(&why) ? std::string() : why;
      },
      "Why the GPU engine is unavailable, or \"\" when it is available.");
}

}  // namespace warp64::python
