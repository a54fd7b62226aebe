// The compiled part of the warp64 Python package (imported as warp64._warp64; the package's
// __init__.py re-exports everything).
#include "bindings.hpp"

PYBIND11_MODULE(_warp64, m) {
  namespace py = pybind11;
  namespace wp = warp64::python;
  m.doc() = "warp64: run ARM64 (AArch64) programs on the CPU or a GPU.";
  m.attr("__version__") = WARP64_VERSION;
  m.attr("DEFAULT_MEMORY_SIZE") = warp64::kDefaultMemorySize;

  // Types take their qualified name from the module's name: create them as members of the
  // package users import (warp64.CPU, not warp64._warp64.CPU).
  const py::object name = m.attr("__name__");
  m.attr("__name__") = "warp64";

  // Library errors in use (bad state, GPU unavailable, image layout...) arrive as
  // warp64.Error, a RuntimeError; argument errors are the builtin ValueError, TypeError and
  // IndexError.
  auto& error = py::register_exception<warp64::Error>(m, "Error", PyExc_RuntimeError);
  error.attr("__doc__") = "Raised for errors the warp64 library reports (e.g. the GPU engine is unavailable).";

  wp::bind_types(m);
  wp::bind_cpu(m);
  wp::bind_batch(m);
  m.attr("__name__") = name;
}
