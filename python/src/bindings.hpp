// Shared pieces of the Python bindings: argument conversion, the Python-side enum and
// result types, and the guard that keeps a machine from being used by two threads at once.
#pragma once

#include <pybind11/pybind11.h>

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "warp64/batch.hpp"
#include "warp64/machine.hpp"

namespace warp64::python {

namespace py = pybind11;

// An integer argument that must fit in 64 bits. Register values accept -2**63..2**64-1
// (negative numbers are stored in two's complement); addresses, sizes and counts accept
// 0..2**64-1. Anything with __index__ (numpy integers included) is accepted.
struct RegisterValue {
  uint64_t value = 0;
};
struct Unsigned64 {
  uint64_t value = 0;
};

// Arguments taken in several forms, converted by the functions below; their types only name
// the accepted forms in signatures (help() and the stubs).
struct ProgramArg {
  py::object object;
};
struct DataArg {
  py::object object;
};
struct LaneValuesArg {
  py::object object;
};

uint64_t to_register_value(py::handle object, const char* what);
uint64_t to_unsigned64(py::handle object, const char* what);

EngineKind parse_engine(const std::string& name);

// A program image from a list of 32-bit words, bytes-like data, or a 1-D numpy array
// (uint8/int8: bytes; other integer dtypes: 32-bit words), as little-endian bytes.
std::vector<uint8_t> program_bytes(py::handle program);
// Data for write_memory: bytes-like data (numpy arrays included, as their raw bytes) or a
// sequence of ints 0..255.
std::vector<uint8_t> data_bytes(py::handle data);

// IndexError unless [address, address+length) lies inside [0, memory_size).
void check_range(uint64_t address, uint64_t length, uint64_t memory_size, const char* what);
// IndexError unless 0 <= index <= last.
unsigned check_register_index(int64_t index, unsigned last);

// Python objects for the enums and named tuples, created once at import.
py::object stop_reason_enum(core::StopReason reason);
py::object access_kind_enum(core::AccessKind kind);
py::object make_flags(uint32_t nzcv);

// NZCV as returned to Python: a warp64.Flags named tuple.
struct FlagsValue {
  uint32_t nzcv = 0;
};

// CpuState <-> dict with keys x, sp, pc, nzcv, tpidr_el0, fpcr, fpsr. Keys absent from the
// dict keep the value in `base`; unknown keys are an error.
py::dict state_to_dict(const CpuState& state);
CpuState state_from_dict(const py::dict& dict, const CpuState& base);

// Marks an object busy for the duration of one call: a second thread that reaches the same
// CPU or Batch while the first is executing with the GIL released gets RuntimeError instead
// of racing on the machine's state.
class BusyGuard {
 public:
  BusyGuard(std::atomic<bool>& busy, const char* what);
  ~BusyGuard();
  BusyGuard(const BusyGuard&) = delete;
  BusyGuard& operator=(const BusyGuard&) = delete;

 private:
  std::atomic<bool>& busy_;
};

// What one execute() call reports to Python.
struct PyExecResult {
  uint64_t cycles = 0;
  double elapsed_seconds = 0;
  double ips = 0;
  core::StopReason stop_reason = core::StopReason::kNone;
  uint64_t final_pc = 0;
  uint64_t fault_address = 0;
  core::AccessKind fault_kind = core::AccessKind::kNone;
  std::optional<uint32_t> instruction;
  uint64_t syscalls = 0;  // SVCs continued over by execute_until_halt
};

void bind_types(py::module_& m);
void bind_cpu(py::module_& m);
void bind_batch(py::module_& m);

}  // namespace warp64::python

namespace pybind11::detail {

template <>
struct type_caster<warp64::python::RegisterValue> {
  PYBIND11_TYPE_CASTER(warp64::python::RegisterValue, const_name("int"));
  bool load(handle source, bool) {
    value.value = warp64::python::to_register_value(source, "argument");
    return true;
  }
};

template <>
struct type_caster<warp64::python::Unsigned64> {
  PYBIND11_TYPE_CASTER(warp64::python::Unsigned64, const_name("int"));
  bool load(handle source, bool) {
    value.value = warp64::python::to_unsigned64(source, "argument");
    return true;
  }
};

#define WARP64_PYTHON_ANY_ARG(Type, text)                         \
  template <>                                                     \
  struct type_caster<warp64::python::Type> {                      \
    PYBIND11_TYPE_CASTER(warp64::python::Type, const_name(text)); \
    bool load(handle source, bool) {                              \
      value.object = reinterpret_borrow<object>(source);          \
      return true;                                                \
    }                                                             \
  };
WARP64_PYTHON_ANY_ARG(ProgramArg, "Union[Sequence[int], bytes, numpy.ndarray]")
WARP64_PYTHON_ANY_ARG(DataArg, "Union[bytes, Sequence[int], numpy.ndarray]")
WARP64_PYTHON_ANY_ARG(LaneValuesArg, "Union[int, Sequence[int], numpy.ndarray]")
#undef WARP64_PYTHON_ANY_ARG

// StopReason and AccessKind cross into Python as the IntEnums warp64.StopReason and
// warp64.AccessKind.
template <>
struct type_caster<warp64::core::StopReason> {
  PYBIND11_TYPE_CASTER(warp64::core::StopReason, const_name("warp64.StopReason"));
  bool load(handle, bool) { return false; }
  static handle cast(warp64::core::StopReason reason, return_value_policy, handle) {
    return warp64::python::stop_reason_enum(reason).release();
  }
};

template <>
struct type_caster<warp64::core::AccessKind> {
  PYBIND11_TYPE_CASTER(warp64::core::AccessKind, const_name("warp64.AccessKind"));
  bool load(handle, bool) { return false; }
  static handle cast(warp64::core::AccessKind kind, return_value_policy, handle) {
    return warp64::python::access_kind_enum(kind).release();
  }
};

template <>
struct type_caster<warp64::python::FlagsValue> {
  PYBIND11_TYPE_CASTER(warp64::python::FlagsValue, const_name("warp64.Flags"));
  bool load(handle, bool) { return false; }
  static handle cast(warp64::python::FlagsValue flags, return_value_policy, handle) {
    return warp64::python::make_flags(flags.nzcv).release();
  }
};

}  // namespace pybind11::detail
