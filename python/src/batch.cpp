// warp64.Batch: many independent lanes running one program, with numpy arrays for the
// per-lane inputs and results.
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <algorithm>

#include "bindings.hpp"

namespace warp64::python {
namespace {

constexpr uint64_t kDefaultRunCycles = 100'000;

// The devices argument: "all" (an empty list) or a sequence of CUDA ordinals.
std::vector<unsigned> device_list(py::handle devices) {
  if (py::isinstance<py::str>(devices)) {
    if (devices.cast<std::string>() == "all") return {};
    throw py::value_error("devices must be \"all\" or a list of CUDA device numbers");
  }
  if (!py::isinstance<py::sequence>(devices) || py::len(devices) == 0) {
    throw py::value_error("devices must be \"all\" or a non-empty list of CUDA device numbers");
  }
  std::vector<unsigned> list;
  for (const py::handle device : devices) {
    const uint64_t ordinal = to_unsigned64(device, "a device number");
    if (ordinal > 1023) throw py::value_error("device number " + std::to_string(ordinal) + " is out of range");
    list.push_back(static_cast<unsigned>(ordinal));
  }
  return list;
}

BatchConfig batch_config(Unsigned64 lanes, Unsigned64 memory_size, const std::string& engine,
                         const py::object& devices) {
  BatchConfig config{lanes.value, memory_size.value, parse_engine(engine)};
  config.devices = device_list(devices);
  return config;
}

class PyBatch {
 public:
  PyBatch(Unsigned64 lanes, Unsigned64 memory_size, const std::string& engine, const py::object& devices)
      : memory_size_(memory_size.value), batch_(batch_config(lanes, memory_size, engine, devices)) {}

  Batch& batch() { return batch_; }
  uint64_t memory_size() const { return memory_size_; }
  std::atomic<bool>& busy() { return busy_; }

  uint64_t lane(int64_t index) const {
    if (index < 0 || static_cast<uint64_t>(index) >= batch_.lanes()) {
      throw py::index_error("lane " + std::to_string(index) + " is out of range 0.." +
                            std::to_string(batch_.lanes() - 1));
    }
    return static_cast<uint64_t>(index);
  }

 private:
  uint64_t memory_size_;
  Batch batch_;
  std::atomic<bool> busy_{false};
};

std::string shape_text(const std::vector<py::ssize_t>& shape) {
  std::string text = "(";
  for (size_t i = 0; i < shape.size(); ++i) text += (i ? ", " : "") + std::to_string(shape[i]);
  return text + (shape.size() == 1 ? ",)" : ")");
}

// `values` (an int, a sequence or a numpy integer array) broadcast to `shape`, as uint64.
// Signed values are taken in two's complement.
std::vector<uint64_t> uint64_values(py::handle values, const std::vector<py::ssize_t>& shape, const char* what) {
  const py::module_ np = py::module_::import("numpy");
  py::object array = np.attr("asarray")(values);
  const char kind = py::reinterpret_borrow<py::array>(array).dtype().kind();
  if (kind != 'u' && kind != 'i' && kind != 'O') {
    throw py::type_error(std::string(what) + " must be integers, not " + std::string(py::str(array.attr("dtype"))));
  }
  try {
    array = np.attr("broadcast_to")(array, py::tuple(py::cast(shape)));
  } catch (py::error_already_set& error) {
    if (!error.matches(PyExc_ValueError)) throw;
    throw py::value_error(std::string(what) + " must be one value or have shape " + shape_text(shape) + ", not " +
                          std::string(py::str(array.attr("shape"))));
  }
  std::vector<uint64_t> out;
  if (kind == 'O') {
    for (py::handle item : array.attr("reshape")(-1)) out.push_back(to_register_value(item, what));
  } else if (kind == 'i') {
    const auto typed = py::array_t<int64_t, py::array::c_style | py::array::forcecast>::ensure(array);
    out.assign(typed.data(), typed.data() + typed.size());
  } else {
    const auto typed = py::array_t<uint64_t, py::array::c_style | py::array::forcecast>::ensure(array);
    out.assign(typed.data(), typed.data() + typed.size());
  }
  return out;
}

template <class T, class Get>
py::array_t<T> per_lane(PyBatch& b, Get get) {
  BusyGuard guard(b.busy(), "Batch");
  const uint64_t lanes = b.batch().lanes();
  py::array_t<T> out(static_cast<py::ssize_t>(lanes));
  T* data = out.mutable_data();
  for (uint64_t lane = 0; lane < lanes; ++lane) data[lane] = get(lane);
  return out;
}

constexpr const char* kBatchDoc = R"doc(Many independent ARM64 machines ("lanes") running one program.

Batch(lanes, memory_size=4*1024*1024, engine="auto", devices="all")

Each lane has its own registers, flags, PC, stop state and memory; the program image is one
read+execute copy shared by all lanes (stores into it fault), and the rest of
[0, memory_size) is private read-write memory per lane. memory_size must be a non-zero
multiple of 4096. engine: "cpu" (lanes run one after another on the host), "gpu" (one CUDA
thread per lane; raises warp64.Error without a usable GPU) or "auto".

devices: "all" (every visible GPU) or a list of CUDA device numbers such as [0, 2]. The lanes
are split into contiguous shares, one per listed device, each run by an engine of its own on a
host thread of its own; results are the same as on one device. A device listed twice runs two
shares on it, with half its memory each. On the CPU engine each entry is one share over its
part of the host's threads ("all": one share).

Per-lane inputs and results are numpy arrays (numpy is required for Batch):
    >>> import numpy as np, warp64
    >>> b = warp64.Batch(4, memory_size=64 * 1024, engine="cpu")
    >>> b.load_program([0x91000400, 0xD4400000])  # add x0, x0, #1 ; hlt #0
    >>> b.set_registers(0, np.arange(4))
    >>> b.run().total_cycles
    4
    >>> b.get_registers(0)
    array([1, 2, 3, 4], dtype=uint64)

Register index 31 is XZR, as for warp64.CPU: it reads as zeros and writes are ignored.
The GIL is released during run().
)doc";

}  // namespace

void bind_batch(py::module_& m) {
  py::class_<PyBatch>(m, "Batch", kBatchDoc)
      .def(py::init<Unsigned64, Unsigned64, const std::string&, const py::object&>(), py::arg("lanes"),
           py::arg("memory_size") = kDefaultMemorySize, py::arg("engine") = "auto", py::arg("devices") = "all",
           "Creates `lanes` lanes of `memory_size` bytes each, run by `engine` (\"cpu\", \"gpu\" or \"auto\") "
           "on `devices` (\"all\" or a list of CUDA device numbers).")
      .def_property_readonly(
          "lanes", [](PyBatch& b) { return b.batch().lanes(); }, "The number of lanes.")
      .def("__len__", [](PyBatch& b) { return b.batch().lanes(); })
      .def_property_readonly(
          "engine", [](PyBatch& b) { return std::string(b.batch().engine_name()); },
          "The engine in use: \"cpu\" or \"gpu\".")
      .def_property_readonly(
          "engine_note", [](PyBatch& b) { return b.batch().engine_note(); },
          "Why engine=\"auto\" fell back to the CPU, or \"\".")
      .def_property_readonly(
          "memory_size", [](PyBatch& b) { return b.memory_size(); }, "Bytes of address space per lane.")
      .def_property_readonly(
          "devices", [](PyBatch& b) { return b.batch().devices(); },
          "The device of each share of the lanes, in lane order.")
      .def_property_readonly(
          "bytes_per_lane",
          [](PyBatch& b) {
            BusyGuard guard(b.busy(), "Batch");
            return b.batch().bytes_per_lane();
          },
          "Bytes of engine memory each lane needs (its state and private memory); 0 before load_program.")
      .def(
          "load_program",
          [](PyBatch& b, const ProgramArg& program, Unsigned64 address) {
            BusyGuard guard(b.busy(), "Batch");
            const std::vector<uint8_t> bytes = program_bytes(program.object);
            check_range(address.value, bytes.size(), b.memory_size(), "a program");
            b.batch().load_bytes(bytes, address.value);
          },
          py::arg("program"), py::arg("address") = 0,
          R"doc(Loads the shared program image at `address` (a multiple of 4096) and resets every lane:
registers, flags and private memory zero, SP at memory_size, PC at `address`. `program` takes
the same forms as CPU.load_program (list of words, bytes-like, numpy uint32/uint8 array).)doc")
      .def(
          "set_pc",
          [](PyBatch& b, const LaneValuesArg& pc) {
            BusyGuard guard(b.busy(), "Batch");
            const uint64_t lanes = b.batch().lanes();
            const std::vector<uint64_t> values = uint64_values(pc.object, {static_cast<py::ssize_t>(lanes)}, "pc");
            for (uint64_t lane = 0; lane < lanes; ++lane) b.batch().state(lane).pc = values[lane];
          },
          py::arg("pc"), "Sets every lane's PC: one int for all lanes, or an array of shape (lanes,).")
      .def(
          "set_registers",
          [](PyBatch& b, int64_t index, const LaneValuesArg& values) {
            BusyGuard guard(b.busy(), "Batch");
            const unsigned i = check_register_index(index, 31);
            const uint64_t lanes = b.batch().lanes();
            const std::vector<uint64_t> v = uint64_values(values.object, {static_cast<py::ssize_t>(lanes)}, "values");
            if (i == 31) return;
            for (uint64_t lane = 0; lane < lanes; ++lane) b.batch().state(lane).x[i] = v[lane];
          },
          py::arg("index"), py::arg("values"),
          "Sets X<index> (0..30) in every lane: one int for all lanes, or an integer array of shape (lanes,) "
          "(signed values are stored in two's complement). Index 31 (XZR) is ignored.")
      .def(
          "get_registers",
          [](PyBatch& b, int64_t index) {
            const unsigned i = check_register_index(index, 31);
            return per_lane<uint64_t>(
                b, [&](uint64_t lane) -> uint64_t { return i == 31 ? 0 : b.batch().state(lane).x[i]; });
          },
          py::arg("index"), "Returns X<index> of every lane as a numpy uint64 array of shape (lanes,).")
      .def(
          "get_all_registers",
          [](PyBatch& b) {
            BusyGuard guard(b.busy(), "Batch");
            const uint64_t lanes = b.batch().lanes();
            py::array_t<uint64_t> out({static_cast<py::ssize_t>(lanes), static_cast<py::ssize_t>(31)});
            uint64_t* data = out.mutable_data();
            for (uint64_t lane = 0; lane < lanes; ++lane) {
              const CpuState& s = b.batch().state(lane);
              std::copy(s.x, s.x + 31, data + lane * 31);
            }
            return out;
          },
          "Returns X0..X30 of every lane as a numpy uint64 array of shape (lanes, 31).")
      .def(
          "set_all_registers",
          [](PyBatch& b, const LaneValuesArg& values) {
            BusyGuard guard(b.busy(), "Batch");
            const uint64_t lanes = b.batch().lanes();
            const std::vector<uint64_t> v =
                uint64_values(values.object, {static_cast<py::ssize_t>(lanes), static_cast<py::ssize_t>(31)}, "values");
            for (uint64_t lane = 0; lane < lanes; ++lane) {
              std::copy(v.begin() + lane * 31, v.begin() + lane * 31 + 31, b.batch().state(lane).x);
            }
          },
          py::arg("values"),
          "Sets X0..X30 of every lane from an integer array of shape (lanes, 31) (or anything that broadcasts "
          "to it, such as one row of 31 values for all lanes).")
      .def(
          "write_memory",
          [](PyBatch& b, int64_t lane, Unsigned64 address, const DataArg& data) {
            BusyGuard guard(b.busy(), "Batch");
            const uint64_t l = b.lane(lane);
            const std::vector<uint8_t> bytes = data_bytes(data.object);
            check_range(address.value, bytes.size(), b.memory_size(), "a write");
            b.batch().write_memory(l, address.value, bytes);
          },
          py::arg("lane"), py::arg("address"), py::arg("data"),
          "Writes `data` (bytes-like or a sequence of ints 0..255) into one lane's private memory. Raises "
          "IndexError outside memory, warp64.Error inside the shared program image.")
      .def(
          "read_memory",
          [](PyBatch& b, int64_t lane, Unsigned64 address, Unsigned64 length) {
            std::vector<uint8_t> bytes;
            {
              BusyGuard guard(b.busy(), "Batch");
              const uint64_t l = b.lane(lane);
              check_range(address.value, length.value, b.memory_size(), "a read");
              bytes = b.batch().read_memory(l, address.value, length.value);
            }
            return py::bytes(reinterpret_cast<const char*>(bytes.data()), bytes.size());
          },
          py::arg("lane"), py::arg("address"), py::arg("length"),
          "Returns `length` bytes of one lane's memory from `address` (the shared image included).")
      .def(
          "run",
          [](PyBatch& b, std::optional<Unsigned64> max_cycles) {
            const uint64_t budget = max_cycles ? max_cycles->value : kUnlimitedCycles;
            BusyGuard guard(b.busy(), "Batch");
            py::gil_scoped_release release;
            return b.batch().run(budget);
          },
          py::arg("max_cycles") = kDefaultRunCycles,
          "Runs every lane from its PC until it stops or retires `max_cycles` instructions (None: no limit) and "
          "returns a warp64.BatchRunSummary. Per-lane outcomes: stop_reasons(), cycles(), pcs(), "
          "fault_addresses(), result(lane). Lanes that already stopped run again from their PC. The GIL is "
          "released.")
      .def(
          "stop_reasons",
          [](PyBatch& b) {
            return per_lane<uint8_t>(
                b, [&](uint64_t lane) { return static_cast<uint8_t>(b.batch().result(lane).stop_reason); });
          },
          "Each lane's stop reason from the last run, as a numpy uint8 array of warp64.StopReason values "
          "(compare with e.g. warp64.StopReason.HALT).")
      .def(
          "cycles",
          [](PyBatch& b) {
            return per_lane<uint64_t>(b, [&](uint64_t lane) { return b.batch().result(lane).cycles; });
          },
          "Instructions each lane retired in the last run, as a numpy uint64 array.")
      .def(
          "pcs",
          [](PyBatch& b) { return per_lane<uint64_t>(b, [&](uint64_t lane) { return b.batch().state(lane).pc; }); },
          "Each lane's current PC (after a run, where it stopped), as a numpy uint64 array.")
      .def(
          "fault_addresses",
          [](PyBatch& b) {
            return per_lane<uint64_t>(b, [&](uint64_t lane) { return b.batch().result(lane).fault_address; });
          },
          "Each lane's fault address from the last run (0 unless it stopped with FAULT), as a numpy uint64 array.")
      .def(
          "fault_kinds",
          [](PyBatch& b) {
            return per_lane<uint8_t>(
                b, [&](uint64_t lane) { return static_cast<uint8_t>(b.batch().result(lane).fault_kind); });
          },
          "Each lane's faulting access from the last run, as a numpy uint8 array of warp64.AccessKind values.")
      .def(
          "result",
          [](PyBatch& b, int64_t lane) {
            BusyGuard guard(b.busy(), "Batch");
            return b.batch().result(b.lane(lane));
          },
          py::arg("lane"), "One lane's outcome of the last run as a warp64.LaneResult.")
      .def(
          "get_state",
          [](PyBatch& b, int64_t lane) {
            BusyGuard guard(b.busy(), "Batch");
            return state_to_dict(b.batch().state(b.lane(lane)));
          },
          py::arg("lane"), "One lane's register state as a dict (the keys of CPU.get_state()).")
      .def(
          "set_state",
          [](PyBatch& b, int64_t lane, const py::dict& state) {
            BusyGuard guard(b.busy(), "Batch");
            CpuState& s = b.batch().state(b.lane(lane));
            s = state_from_dict(state, s);
          },
          py::arg("lane"), py::arg("state"),
          "Sets one lane's register state from a dict (keys of CPU.get_state(); keys left out keep their value).")
      .def("__repr__", [](PyBatch& b) {
        return "<warp64.Batch lanes=" + std::to_string(b.batch().lanes()) + " engine='" +
               std::string(b.batch().engine_name()) + "' memory_size=" + std::to_string(b.memory_size()) + ">";
      });
}

}  // namespace warp64::python
