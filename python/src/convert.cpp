// Argument conversion and the small Python-side types shared by CPU and Batch.
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <cctype>
#include <cstdio>
#include <cstring>

#include "bindings.hpp"

namespace warp64::python {
namespace {

std::string text_of(py::handle object) { return std::string(py::str(object)); }

// The integer behind `object` (via __index__), or TypeError naming what was expected.
py::int_ as_int(py::handle object, const char* what) {
  if (PyFloat_Check(object.ptr()) || PyUnicode_Check(object.ptr()) || PyBytes_Check(object.ptr())) {
    throw py::type_error(std::string(what) + " must be an integer, not " +
                         std::string(py::str(py::type::handle_of(object).attr("__name__"))));
  }
  PyObject* index = PyNumber_Index(object.ptr());
  if (index == nullptr) {
    PyErr_Clear();
    throw py::type_error(std::string(what) + " must be an integer, not " +
                         std::string(py::str(py::type::handle_of(object).attr("__name__"))));
  }
  return py::reinterpret_steal<py::int_>(index);
}

// numpy is optional: an object can only be a numpy array if numpy was already imported.
bool is_numpy_array(py::handle object) {
  PyObject* modules = PyImport_GetModuleDict();
  if (PyDict_GetItemString(modules, "numpy") == nullptr) return false;
  return py::isinstance<py::array>(object);
}

// The bytes of any object with a contiguous buffer, or nullopt when it has none.
std::optional<std::vector<uint8_t>> buffer_bytes(py::handle object) {
  if (!PyObject_CheckBuffer(object.ptr())) return std::nullopt;
  Py_buffer view;
  if (PyObject_GetBuffer(object.ptr(), &view, PyBUF_C_CONTIGUOUS) != 0) throw py::error_already_set();
  std::vector<uint8_t> bytes(static_cast<size_t>(view.len));
  if (view.len > 0) std::memcpy(bytes.data(), view.buf, bytes.size());
  PyBuffer_Release(&view);
  return bytes;
}

void append_word(std::vector<uint8_t>& bytes, uint32_t word) {
  for (unsigned b = 0; b < 4; ++b) bytes.push_back(static_cast<uint8_t>(word >> (8 * b)));
}

uint32_t to_word(py::handle object, size_t position) {
  const std::string what = "program word " + std::to_string(position);
  const py::int_ value = as_int(object, what.c_str());
  const unsigned long long word = PyLong_AsUnsignedLongLong(value.ptr());
  if (PyErr_Occurred() || word > 0xFFFFFFFFull) {
    PyErr_Clear();
    throw py::value_error(what + " (" + text_of(value) + ") is not a 32-bit instruction word (0..0xFFFFFFFF)");
  }
  return static_cast<uint32_t>(word);
}

std::string hex_range(uint64_t address, uint64_t length) {
  return std::to_string(length) + " bytes at " + hex(address);
}

}  // namespace

uint64_t to_register_value(py::handle object, const char* what) {
  const py::int_ value = as_int(object, what);
  const unsigned long long as_unsigned = PyLong_AsUnsignedLongLong(value.ptr());
  if (!PyErr_Occurred()) return as_unsigned;
  PyErr_Clear();
  const long long as_signed = PyLong_AsLongLong(value.ptr());
  if (!PyErr_Occurred()) return static_cast<uint64_t>(as_signed);
  PyErr_Clear();
  throw py::value_error(std::string(what) + " " + text_of(value) + " does not fit in 64 bits (-2**63..2**64-1)");
}

uint64_t to_unsigned64(py::handle object, const char* what) {
  const py::int_ value = as_int(object, what);
  const unsigned long long as_unsigned = PyLong_AsUnsignedLongLong(value.ptr());
  if (!PyErr_Occurred()) return as_unsigned;
  PyErr_Clear();
  throw py::value_error(std::string(what) + " " + text_of(value) + " is not in 0..2**64-1");
}

EngineKind parse_engine(const std::string& name) {
  if (const std::optional<EngineKind> kind = parse_engine_kind(name)) return *kind;
  throw py::value_error(invalid_engine_message(name));
}

std::vector<uint8_t> program_bytes(py::handle program) {
  if (PyUnicode_Check(program.ptr())) {
    throw py::type_error("a program is a list of 32-bit words, bytes, or a numpy array, not str");
  }
  if (is_numpy_array(program)) {
    const py::array array = py::reinterpret_borrow<py::array>(program);
    if (array.ndim() != 1) throw py::value_error("a numpy program must be one-dimensional");
    const char kind = array.dtype().kind();
    if (kind != 'u' && kind != 'i') {
      throw py::type_error("a numpy program must have an integer dtype (uint32 words or uint8 bytes), not " +
                           std::string(py::str(array.dtype())));
    }
    if (array.itemsize() == 1) {
      const auto bytes = py::array_t<uint8_t, py::array::c_style | py::array::forcecast>::ensure(array);
      return std::vector<uint8_t>(bytes.data(), bytes.data() + bytes.size());
    }
    std::vector<uint8_t> out;
    out.reserve(static_cast<size_t>(array.size()) * 4);
    if (kind == 'u') {
      const auto words = py::array_t<uint64_t, py::array::c_style | py::array::forcecast>::ensure(array);
      for (py::ssize_t i = 0; i < words.size(); ++i) {
        if (words.data()[i] > 0xFFFFFFFFull) {
          throw py::value_error("program word " + std::to_string(i) + " (" + std::to_string(words.data()[i]) +
                                ") is not a 32-bit instruction word (0..0xFFFFFFFF)");
        }
        append_word(out, static_cast<uint32_t>(words.data()[i]));
      }
    } else {
      const auto words = py::array_t<int64_t, py::array::c_style | py::array::forcecast>::ensure(array);
      for (py::ssize_t i = 0; i < words.size(); ++i) {
        const int64_t word = words.data()[i];
        if (word < 0 || word > 0xFFFFFFFFll) {
          throw py::value_error("program word " + std::to_string(i) + " (" + std::to_string(word) +
                                ") is not a 32-bit instruction word (0..0xFFFFFFFF)");
        }
        append_word(out, static_cast<uint32_t>(word));
      }
    }
    return out;
  }
  if (auto bytes = buffer_bytes(program)) return std::move(*bytes);
  if (!py::isinstance<py::iterable>(program)) {
    throw py::type_error("a program is a list of 32-bit words, bytes, or a numpy array, not " +
                         std::string(py::str(py::type::handle_of(program).attr("__name__"))));
  }
  std::vector<uint8_t> out;
  size_t position = 0;
  for (py::handle word : py::reinterpret_borrow<py::iterable>(program)) append_word(out, to_word(word, position++));
  return out;
}

std::vector<uint8_t> data_bytes(py::handle data) {
  if (PyUnicode_Check(data.ptr())) throw py::type_error("memory data must be bytes-like, not str (encode it first)");
  if (is_numpy_array(data)) {
    // Any layout: numpy copies to a contiguous array, whose raw bytes are written.
    const py::array contiguous = py::module_::import("numpy").attr("ascontiguousarray")(data);
    if (auto bytes = buffer_bytes(contiguous)) return std::move(*bytes);
  }
  if (auto bytes = buffer_bytes(data)) return std::move(*bytes);
  if (!py::isinstance<py::iterable>(data)) {
    throw py::type_error("memory data must be bytes-like or a sequence of ints 0..255, not " +
                         std::string(py::str(py::type::handle_of(data).attr("__name__"))));
  }
  std::vector<uint8_t> out;
  for (py::handle item : py::reinterpret_borrow<py::iterable>(data)) {
    const py::int_ value = as_int(item, "a memory byte");
    const long long byte = PyLong_AsLongLong(value.ptr());
    if (PyErr_Occurred() || byte < 0 || byte > 255) {
      PyErr_Clear();
      throw py::value_error("memory byte " + std::to_string(out.size()) + " (" + text_of(value) + ") is not in 0..255");
    }
    out.push_back(static_cast<uint8_t>(byte));
  }
  return out;
}

void check_range(uint64_t address, uint64_t length, uint64_t memory_size, const char* what) {
  if (length > memory_size || address > memory_size - length) {
    throw py::index_error(std::string(what) + " of " + hex_range(address, length) + " lies outside guest memory [0, " +
                          hex(memory_size) + ")");
  }
}

unsigned check_register_index(int64_t index, unsigned last) {
  if (index < 0 || index > static_cast<int64_t>(last)) {
    throw py::index_error("register index " + std::to_string(index) + " is out of range 0.." + std::to_string(last));
  }
  return static_cast<unsigned>(index);
}

BusyGuard::BusyGuard(std::atomic<bool>& busy, const char* what) : busy_(busy) {
  if (busy_.exchange(true)) {
    throw std::runtime_error(std::string("this ") + what + " is executing in another thread");
  }
}

BusyGuard::~BusyGuard() { busy_.store(false); }

// ---------------------------------------------------------------------------------------
// Enums and named tuples. They are created once and live as long as the process: the
// pointers are deliberately never freed, so no Python object is touched during teardown.

namespace {
py::object* g_stop_reason = nullptr;
py::object* g_access_kind = nullptr;
py::object* g_flags = nullptr;
}  // namespace

py::object stop_reason_enum(core::StopReason reason) { return (*g_stop_reason)(static_cast<int>(reason)); }
py::object access_kind_enum(core::AccessKind kind) { return (*g_access_kind)(static_cast<int>(kind)); }

py::object make_flags(uint32_t nzcv) {
  return (*g_flags)((nzcv & core::kFlagN) != 0, (nzcv & core::kFlagZ) != 0, (nzcv & core::kFlagC) != 0,
                    (nzcv & core::kFlagV) != 0);
}

py::dict state_to_dict(const CpuState& state) {
  py::list x;
  for (uint64_t value : state.x) x.append(value);
  py::dict dict;
  dict["x"] = x;
  dict["sp"] = state.sp;
  dict["pc"] = state.pc;
  dict["nzcv"] = state.nzcv;
  dict["tpidr_el0"] = state.tpidr_el0;
  dict["fpcr"] = state.fpcr;
  dict["fpsr"] = state.fpsr;
  return dict;
}

namespace {
uint32_t to_u32(py::handle object, const char* what) {
  const uint64_t value = to_unsigned64(object, what);
  if (value > 0xFFFFFFFFull)
    throw py::value_error(std::string(what) + " " + std::to_string(value) + " is not a 32-bit value");
  return static_cast<uint32_t>(value);
}
}  // namespace

CpuState state_from_dict(const py::dict& dict, const CpuState& base) {
  static const char* const kKeys[] = {"x", "sp", "pc", "nzcv", "tpidr_el0", "fpcr", "fpsr"};
  for (auto item : dict) {
    const std::string key = py::str(item.first);
    bool known = false;
    for (const char* k : kKeys) known = known || key == k;
    if (!known) {
      throw py::key_error("unknown state key '" + key + "' (expected x, sp, pc, nzcv, tpidr_el0, fpcr, fpsr)");
    }
  }
  CpuState state = base;
  if (dict.contains("x")) {
    const py::object x = dict["x"];
    if (PyUnicode_Check(x.ptr()) || !py::isinstance<py::iterable>(x)) {
      throw py::type_error("state['x'] must be a sequence of 31 register values");
    }
    std::vector<uint64_t> values;
    for (py::handle item : py::reinterpret_borrow<py::iterable>(x)) {
      values.push_back(to_register_value(item, "a register value"));
    }
    if (values.size() != 31) {
      throw py::value_error("state['x'] must hold 31 values (X0..X30), not " + std::to_string(values.size()));
    }
    for (size_t i = 0; i < 31; ++i) state.x[i] = values[i];
  }
  if (dict.contains("sp")) state.sp = to_register_value(dict["sp"], "sp");
  if (dict.contains("pc")) state.pc = to_unsigned64(dict["pc"], "pc");
  if (dict.contains("nzcv")) {
    state.nzcv = to_u32(dict["nzcv"], "nzcv");
    if (state.nzcv & ~core::kNzcvMask) {
      throw py::value_error("nzcv " + hex(state.nzcv) + " has bits set outside the flags (bits 31..28)");
    }
  }
  if (dict.contains("tpidr_el0")) state.tpidr_el0 = to_register_value(dict["tpidr_el0"], "tpidr_el0");
  if (dict.contains("fpcr")) state.fpcr = to_u32(dict["fpcr"], "fpcr");
  if (dict.contains("fpsr")) state.fpsr = to_u32(dict["fpsr"], "fpsr");
  return state;
}

namespace {

std::string exec_result_repr(const PyExecResult& r) {
  std::string text = "ExecResult(stop_reason=" + std::string(core::stop_reason_name(r.stop_reason)) +
                     ", cycles=" + std::to_string(r.cycles) + ", final_pc=" + hex(r.final_pc);
  if (r.stop_reason == core::StopReason::kFault) {
    text += ", fault_address=" + hex(r.fault_address) + ", fault_kind=" + core::access_kind_name(r.fault_kind);
  }
  if (r.instruction) text += ", instruction=" + hex(*r.instruction);
  char timing[64];
  std::snprintf(timing, sizeof timing, ", elapsed_seconds=%.6g, ips=%.4g)", r.elapsed_seconds, r.ips);
  return text + timing;
}

}  // namespace

void bind_types(py::module_& m) {
  const py::module_ enum_module = py::module_::import("enum");
  const py::module_ collections = py::module_::import("collections");

  py::list stop_members;
  for (auto reason : {core::StopReason::kNone, core::StopReason::kHalt, core::StopReason::kSyscall,
                      core::StopReason::kBreakpoint, core::StopReason::kUndefined, core::StopReason::kFault,
                      core::StopReason::kMaxCycles, core::StopReason::kOutOfMemory}) {
    stop_members.append(py::make_tuple(core::stop_reason_name(reason), static_cast<int>(reason)));
  }
  py::object stop_reason = enum_module.attr("IntEnum")("StopReason", stop_members, py::arg("module") = "warp64");
  stop_reason.attr("__doc__") =
      "Why execution stopped.\n\n"
      "NONE        not stopped (a batch lane that has not run yet)\n"
      "HALT        HLT #imm; the PC stays at the HLT, which does not count as a cycle\n"
      "SYSCALL     SVC #imm; the SVC retired and the PC is after it\n"
      "BREAKPOINT  BRK #imm; the PC stays at the BRK\n"
      "UNDEFINED   an unallocated or unimplemented encoding; the PC stays at it\n"
      "FAULT       a memory access outside guest memory or without permission\n"
      "            (see fault_address and fault_kind)\n"
      "MAX_CYCLES  the cycle budget ran out; the PC is at the next instruction\n"
      "OUT_OF_MEMORY  a batch lane's page found the page pool exhausted; the PC stays at the\n"
      "            instruction\n";
  m.attr("StopReason") = stop_reason;
  g_stop_reason = new py::object(stop_reason);

  py::list access_members;
  for (auto kind :
       {core::AccessKind::kNone, core::AccessKind::kRead, core::AccessKind::kWrite, core::AccessKind::kFetch}) {
    std::string name = core::access_kind_name(kind);
    for (char& c : name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    access_members.append(py::make_tuple(name, static_cast<int>(kind)));
  }
  py::object access_kind = enum_module.attr("IntEnum")("AccessKind", access_members, py::arg("module") = "warp64");
  access_kind.attr("__doc__") = "The kind of memory access that faulted: NONE, READ, WRITE or FETCH.";
  m.attr("AccessKind") = access_kind;
  g_access_kind = new py::object(access_kind);

  py::object flags =
      collections.attr("namedtuple")("Flags", py::make_tuple("N", "Z", "C", "V"), py::arg("module") = "warp64");
  flags.attr("__doc__") = "The NZCV condition flags as booleans: Flags(N, Z, C, V).";
  m.attr("Flags") = flags;
  g_flags = new py::object(flags);

  py::class_<PyExecResult>(m, "ExecResult", "What one CPU.execute() or CPU.execute_until_halt() call did. Read-only.")
      .def_readonly("cycles", &PyExecResult::cycles, "Instructions retired by this call.")
      .def_readonly("elapsed_seconds", &PyExecResult::elapsed_seconds,
                    "Seconds the engine spent executing (the host loop, or CUDA events on the GPU).")
      .def_readonly("ips", &PyExecResult::ips, "Instructions per second: cycles / elapsed_seconds (0 if no time).")
      .def_readonly("stop_reason", &PyExecResult::stop_reason, "Why execution stopped, a warp64.StopReason.")
      .def_property_readonly(
          "stop_reason_name", [](const PyExecResult& r) { return core::stop_reason_name(r.stop_reason); },
          "The stop reason's name: 'HALT', 'SYSCALL', 'MAX_CYCLES', 'BREAKPOINT', 'UNDEFINED' or 'FAULT'.")
      .def_readonly("final_pc", &PyExecResult::final_pc,
                    "The PC after the stop (see warp64.StopReason for where each stop leaves it).")
      .def_readonly("fault_address", &PyExecResult::fault_address,
                    "The faulting address when stop_reason is FAULT, else 0.")
      .def_readonly("fault_kind", &PyExecResult::fault_kind,
                    "The faulting access, a warp64.AccessKind (NONE unless stop_reason is FAULT).")
      .def_readonly("instruction", &PyExecResult::instruction,
                    "The 32-bit word of the instruction that stopped execution, or None (MAX_CYCLES, fetch "
                    "faults).")
      .def_readonly("syscalls", &PyExecResult::syscalls,
                    "SVC stops that execute_until_halt() continued over (always 0 for execute()).")
      .def("__repr__", &exec_result_repr);

  py::class_<BatchRunSummary>(m, "BatchRunSummary", "What one Batch.run() call did, over all lanes. Read-only.")
      .def_readonly("elapsed_seconds", &BatchRunSummary::elapsed_seconds,
                    "Seconds the engine spent (CUDA events around the kernel on the GPU; the sum of the lanes' "
                    "runs on the CPU).")
      .def_readonly("total_cycles", &BatchRunSummary::total_cycles, "Instructions retired by all lanes together.")
      .def_readonly("ips", &BatchRunSummary::ips, "Aggregate instructions per second: total_cycles / elapsed_seconds.")
      .def("__repr__", [](const BatchRunSummary& s) {
        char text[128];
        std::snprintf(text, sizeof text, "BatchRunSummary(total_cycles=%llu, elapsed_seconds=%.6g, ips=%.4g)",
                      static_cast<unsigned long long>(s.total_cycles), s.elapsed_seconds, s.ips);
        return std::string(text);
      });

  py::class_<LaneResult>(m, "LaneResult", "How one batch lane stopped in the last Batch.run(). Read-only.")
      .def_readonly("stop_reason", &LaneResult::stop_reason,
                    "Why the lane stopped, a warp64.StopReason (NONE before the first run).")
      .def_property_readonly(
          "stop_reason_name", [](const LaneResult& r) { return core::stop_reason_name(r.stop_reason); },
          "The stop reason's name.")
      .def_readonly("cycles", &LaneResult::cycles, "Instructions the lane retired in the last run.")
      .def_readonly("pc", &LaneResult::pc, "The lane's PC after the run.")
      .def_readonly("fault_address", &LaneResult::fault_address, "The faulting address for a FAULT stop, else 0.")
      .def_readonly("fault_kind", &LaneResult::fault_kind, "The faulting access, a warp64.AccessKind.")
      .def_readonly("instruction", &LaneResult::instruction, "The word of the stopping instruction, or None.")
      .def_readonly("last_branches", &LaneResult::last_branches,
                    "For a FAULT, UNDEFINED, BREAKPOINT or OUT_OF_MEMORY stop: the destinations of the lane's last "
                    "taken branches, oldest first; else empty.")
      .def("__repr__", [](const LaneResult& r) {
        std::string text = "LaneResult(stop_reason=" + std::string(core::stop_reason_name(r.stop_reason)) +
                           ", cycles=" + std::to_string(r.cycles) + ", pc=" + hex(r.pc);
        if (r.stop_reason == core::StopReason::kFault) {
          text += ", fault_address=" + hex(r.fault_address) + ", fault_kind=" + core::access_kind_name(r.fault_kind);
        }
        return text + ")";
      });
}

}  // namespace warp64::python
