// The execution trace a `warp64 run` asked for (-d exec, -d cpu), written to -D FILE or stderr.
#pragma once

#include <cstdio>
#include <memory>

#include "cli/run_request.hpp"
#include "debug/execution_trace.hpp"

namespace warp64::cli {

class RequestedTrace {
 public:
  // Opens -D FILE (a UsageError when it cannot be written).
  explicit RequestedTrace(const RunRequest& request);
  ~RequestedTrace();
  RequestedTrace(const RequestedTrace&) = delete;
  RequestedTrace& operator=(const RequestedTrace&) = delete;

  // The observer to run the guest under; null when no trace was asked for.
  RunObserver* observer() { return trace_.get(); }

 private:
  std::FILE* file_ = nullptr;  // -D FILE, which this closes
  std::unique_ptr<debug::ExecutionTrace> trace_;
};

}  // namespace warp64::cli
