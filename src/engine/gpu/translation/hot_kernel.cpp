#include "engine/gpu/translation/hot_kernel.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include "engine/gpu/cuda_check.hpp"
#include "engine/translation/hot_code.hpp"

namespace warp64::gpu {
namespace {

// Slots of the profile's table: far more than the blocks a program's hot code has.
constexpr uint32_t kProfileSlots = 1u << 14;
// Lanes that sample at most: one warp's lane in many, so that the launch waits little for them.
constexpr uint64_t kSampledLanes = 64;
// A sampled lane counts one block entry in 16.5 on average.
constexpr uint32_t kPeriodMask = 31;
constexpr double kMeanPeriod = kPeriodMask / 2.0 + 1;
// Entries of one block, per sampled lane, that make it hot: past the loops of a C library's
// start-up (a few hundred entries), and soon enough that the lanes run most of their time
// translated. A lane runs some 100,000 instructions in each one-second launch at 100,000 lanes,
// so a loop body of 50 reaches it in the first launches (the CPU engine's 20,000 took 24 of
// the 54 launches of hash_checksums: docs/gpu-notes.md §15).
constexpr double kHotEntries = 2'000;

// What is translated: the code that takes 99 % of the sampled entries, up to 4,096 words, which
// the build compiles as 64 units in parallel (docs/gpu-notes.md §16).
translation::HotCodeLimits hot_code_limits() {
  translation::HotCodeLimits limits;
  limits.coverage = 0.99;
  limits.min_entries = 2;
  limits.region_words = 256;
  limits.max_words = 4096;
  return limits;
}

}  // namespace

struct HotKernel::Build {
  std::mutex mutex;
  bool done = false;
  std::string image;
  std::string error;
  double seconds = 0;
};

namespace {
std::atomic<unsigned> builds_running{0};
}  // namespace

HotKernel::HotKernel(int architecture, std::span<const LaneRegionSpec> regions, uint64_t lanes)
    : architecture_(architecture), regions_(regions) {
  keys_.allocate(kProfileSlots);
  counts_.allocate(kProfileSlots);
  W64_CUDA_CHECK(cudaMemset(keys_.get(), 0, kProfileSlots * sizeof(uint64_t)));
  W64_CUDA_CHECK(cudaMemset(counts_.get(), 0, kProfileSlots * sizeof(uint64_t)));
  const uint64_t stride = std::max<uint64_t>(1, lanes / kSampledLanes);
  profile_ = {keys_.get(), counts_.get(), kProfileSlots, static_cast<uint32_t>(std::min<uint64_t>(stride, ~0u)),
              kPeriodMask};
  const uint64_t sampled = (lanes + profile_.lane_stride - 1) / profile_.lane_stride;
  hot_samples_ = static_cast<uint64_t>(kHotEntries * static_cast<double>(sampled) / kMeanPeriod);
}

HotKernel::~HotKernel() = default;

lanes::BlockProfile HotKernel::profile() const { return profile_; }

void HotKernel::after_launch() {
  ++launches_;
  if (profile_.slots == 0) return;
  std::vector<uint64_t> keys(kProfileSlots), counts(kProfileSlots);
  W64_CUDA_CHECK(cudaMemcpy(keys.data(), keys_.get(), kProfileSlots * sizeof(uint64_t), cudaMemcpyDeviceToHost));
  W64_CUDA_CHECK(cudaMemcpy(counts.data(), counts_.get(), kProfileSlots * sizeof(uint64_t), cudaMemcpyDeviceToHost));
  std::vector<translation::BlockEntryCount> entries;
  uint64_t hottest = 0;
  for (uint32_t slot = 0; slot < kProfileSlots; ++slot) {
    if (keys[slot] == 0) continue;
    entries.push_back({keys[slot] - 1, counts[slot]});
    hottest = std::max(hottest, counts[slot]);
  }
  if (hottest < hot_samples_) return;

  // Chosen once: the lanes sample no more.
  profile_.slots = 0;
  const std::vector<translation::CodeRegion> code = shared_code(regions_);
  translation::HotCode hot = translation::select_hot_code(core::host_decode_table(), code, entries, hot_code_limits());
  if (hot.blocks.empty()) return;
  chosen_after_ = launches_;
  words_ = hot.words;
  build_ = std::make_shared<Build>();
  ++builds_running;
  std::thread([build = build_, architecture = architecture_, blocks = std::move(hot.blocks)] {
    const auto started = std::chrono::steady_clock::now();
    std::string image, error;
    try {
      image = build_translated_image(architecture, blocks);
    } catch (const std::exception& failure) {
      error = failure.what();
    }
    const std::lock_guard lock(build->mutex);
    build->image = std::move(image);
    build->error = std::move(error);
    build->seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    build->done = true;
    --builds_running;
  }).detach();
}

const TranslatedKernel* HotKernel::kernel() {
  if (build_ == nullptr) return kernel_.get();
  const std::shared_ptr<Build> build = std::move(build_);
  const std::lock_guard lock(build->mutex);
  if (!build->done) {
    build_ = build;
    return nullptr;
  }
  build_seconds_ = build->seconds;
  if (build->error.empty()) {
    kernel_ = std::make_unique<TranslatedKernel>(build->image);
    translated_from_ = launches_ + 1;
  } else {
    build_error_ = build->error;
    static std::once_flag once;
    std::call_once(once,
                   [&] { std::fprintf(stderr, "warp64: cannot translate the hot code: %s\n", build->error.c_str()); });
  }
  return kernel_.get();
}

std::string HotKernel::report() const {
  if (chosen_after_ == 0) return {};
  std::string line = std::to_string(words_) + " words chosen after launch " + std::to_string(chosen_after_);
  char seconds[32];
  if (build_ != nullptr) {
    const std::lock_guard lock(build_->mutex);
    if (!build_->done) return line + ", still building at the end";
    std::snprintf(seconds, sizeof seconds, "%.1f", build_->seconds);
    return line + ", built in " + seconds + " s, after the last launch";
  }
  std::snprintf(seconds, sizeof seconds, "%.1f", build_seconds_);
  if (!build_error_.empty()) return line + ", build failed after " + seconds + " s";
  return line + ", built in " + seconds + " s, translated from launch " + std::to_string(translated_from_);
}

}  // namespace warp64::gpu

namespace warp64 {
unsigned gpu_builds_running() { return gpu::builds_running.load(); }
}  // namespace warp64
