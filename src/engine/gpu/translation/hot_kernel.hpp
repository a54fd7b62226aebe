// Translation chosen by profile for GPU lanes. The lanes start interpreted at once, a few of
// them sampling block entries (lanes/block_profile.hpp); once the profile shows a block
// entered often enough, the hot code (translation/hot_code.hpp) is compiled on a host thread
// while the lanes run on interpreted, and the engine launches the translated kernel from the
// first launch after the build is done. Translated and interpreted kernels give the same results
// to the instruction, so the switch may come at any launch.
#pragma once

#include <cuda_runtime.h>

#include <memory>
#include <span>
#include <string>

#include "engine/gpu/device_buffer.hpp"
#include "engine/gpu/translation/translator.hpp"
#include "engine/lane_engine.hpp"
#include "engine/lanes/block_profile.hpp"

namespace warp64::gpu {

class HotKernel {
 public:
  // `regions` must outlive this object (the engine's layout).
  HotKernel(int architecture, std::span<const LaneRegionSpec> regions, uint64_t lanes);
  ~HotKernel();
  HotKernel(const HotKernel&) = delete;
  HotKernel& operator=(const HotKernel&) = delete;

  // What the next launch samples into: nothing once the code is chosen.
  lanes::BlockProfile profile() const;
  // After each launch: reads the profile and, when it shows hot code, starts its build.
  void after_launch();
  // The translated kernel to launch, once its build has finished; null until then (and for
  // good when the build failed, which is said once on stderr).
  const TranslatedKernel* kernel();
  // What happened, in a line: when the code was chosen and how much, how long its build took,
  // from which launch it ran; empty while nothing has been chosen.
  std::string report() const;

 private:
  struct Build;

  int architecture_;
  std::span<const LaneRegionSpec> regions_;
  lanes::BlockProfile profile_;
  DeviceBuffer<uint64_t> keys_, counts_;
  uint64_t hot_samples_;  // samples of one block that make it hot
  std::shared_ptr<Build> build_;
  std::unique_ptr<TranslatedKernel> kernel_;
  // For report(): launches seen, and the launch after which the code was chosen and the first
  // that ran it (0: not yet).
  uint64_t launches_ = 0, chosen_after_ = 0, translated_from_ = 0;
  uint64_t words_ = 0;
  double build_seconds_ = 0;
  std::string build_error_;
};

}  // namespace warp64::gpu
