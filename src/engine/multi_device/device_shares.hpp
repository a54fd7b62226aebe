// Lanes spread over the devices of one host: one contiguous share of the lanes per listed
// device, each run by a host thread of its own with an engine of its own, the results gathered
// in lane order.
#pragma once

#include <cstdint>
#include <exception>
#include <thread>
#include <vector>

#include "engine/multi_device/device_list.hpp"
#include "engine/multi_device/lane_share.hpp"
#include "warp64/engine_kind.hpp"

namespace warp64 {

struct DeviceShare {
  LaneShare lanes;
  unsigned device = 0;  // the CUDA ordinal on the GPU; on the CPU lane engine only a label
  // The share's page pool: the one asked for, or, for one of several GPU shares of one device,
  // its part of that device's memory; 0 leaves the choice to the engine.
  uint64_t pool_bytes = 0;
  unsigned cpu_threads = 0;  // the share's part of the CPU lane engine's threads
};

// `whole` split into one share per device of `devices` (resolved for `kind`), in order;
// devices left without lanes (fewer lanes than devices) are left out. `pool_bytes` and
// `cpu_threads` (0: the engine's defaults) are the whole run's.
std::vector<DeviceShare> device_shares(const LaneShare& whole, const DeviceList& devices, EngineKind kind,
                                       uint64_t pool_bytes, unsigned cpu_threads);

// run(share) for every share, each on a host thread of its own (a lone share runs on the calling
// thread), the results in share order. After every share has ended, the first share's error,
// in share order, is thrown.
template <class Result, class Share, class Run>
std::vector<Result> run_each_on_own_thread(const std::vector<Share>& shares, const Run& run) {
  std::vector<Result> results(shares.size());
  if (shares.size() == 1) {
    results[0] = run(shares[0]);
    return results;
  }
  std::vector<std::exception_ptr> errors(shares.size());
  {
    std::vector<std::jthread> threads;
    for (size_t i = 0; i < shares.size(); ++i) {
      threads.emplace_back([&, i] {
        try {
          results[i] = run(shares[i]);
        } catch (...) {
          errors[i] = std::current_exception();
        }
      });
    }
  }
  for (const std::exception_ptr& error : errors) {
    if (error) std::rethrow_exception(error);
  }
  return results;
}

}  // namespace warp64
