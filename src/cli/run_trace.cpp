#include "cli/run_trace.hpp"

#include "cli/arguments.hpp"

namespace warp64::cli {

RequestedTrace::RequestedTrace(const RunRequest& request) {
  if (!request.tracing()) return;
  std::FILE* out = stderr;
  if (!request.trace_file.empty()) {
    file_ = std::fopen(request.trace_file.c_str(), "w");
    if (file_ == nullptr) throw UsageError("cannot write the trace file '" + request.trace_file + "'");
    out = file_;
  }
  trace_ =
      std::make_unique<debug::ExecutionTrace>(out, debug::TraceOptions{request.trace_registers, request.trace_limit});
}

RequestedTrace::~RequestedTrace() {
  if (file_ != nullptr) std::fclose(file_);
}

}  // namespace warp64::cli
