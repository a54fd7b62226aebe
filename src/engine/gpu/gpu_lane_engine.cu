// Lanes on the GPU: one device allocation per region (one copy when shared, one slice per
// lane when private), a decode cache per executable region, and one kernel launch per run:
// the translated kernel when the lanes' shared code has one, else the interpreter.
#include <cuda_runtime.h>

#include <algorithm>
#include <cstring>

#include "engine/decode_entry.hpp"
#include "engine/gpu/cuda_check.hpp"
#include "engine/gpu/device_buffer.hpp"
#include "engine/gpu/gpu_context.hpp"
#include "engine/gpu/lane_kernels.hpp"
#include "engine/gpu/lane_memory.cuh"
#include "engine/gpu/launch_params.cuh"
#include "engine/gpu/translation/translator.hpp"
#include "engine/lane_engine.hpp"

namespace warp64 {
namespace {

using gpu::DeviceBuffer;

class GpuLaneEngine final : public LaneEngine {
 public:
  explicit GpuLaneEngine(bool translate) : translate_(translate) {}
  const char* name() const override { return "gpu"; }

  static uint64_t usable_device_bytes() {
    size_t free = 0, total = 0;
    W64_CUDA_CHECK(cudaMemGetInfo(&free, &total));
    return free / 10 * 9;
  }

  void configure(uint64_t lanes, std::vector<LaneRegionSpec> regions) override {
    if (regions.size() > gpu::kMaxRegions) {
      throw Error("the GPU engine maps at most " + std::to_string(gpu::kMaxRegions) +
                  " memory regions; this layout has " + std::to_string(regions.size()));
    }
    lanes_ = lanes;
    specs_ = std::move(regions);
    layout_ = {};
    layout_.count = static_cast<uint32_t>(specs_.size());
    region_memory_.clear();
    decode_caches_.clear();
    translated_.reset();
    translation_tried_ = false;
    private_bytes_ = 0;
    for (size_t i = 0; i < specs_.size(); ++i) {
      const LaneRegionSpec& spec = specs_[i];
      if (spec.shared && (spec.perms & kPermWrite)) throw Error("a shared region cannot be writable");
      const uint64_t copies = spec.shared ? 1 : lanes;
      if (!spec.shared) private_bytes_ += spec.size;
      auto& bytes = region_memory_.emplace_back(std::make_unique<DeviceBuffer<uint8_t>>(spec.size * copies));
      std::vector<uint8_t> initial(spec.size, 0);
      std::copy(spec.initial.begin(), spec.initial.begin() + std::min<size_t>(spec.initial.size(), spec.size),
                initial.begin());
      fill_copies(*bytes, initial, copies);
      gpu::DeviceRegion& region = layout_.regions[i];
      region = {spec.base, spec.size, bytes->get(), spec.shared ? 0 : spec.size, spec.perms, nullptr};
      if (spec.perms & kPermExecute) {
        auto& cache = decode_caches_.emplace_back(std::make_unique<DeviceBuffer<DecodeEntry>>(spec.size / 4));
        W64_CUDA_CHECK(cudaMemcpy(cache->get(), predecode(initial).data(), spec.size / 4 * sizeof(DecodeEntry),
                                  cudaMemcpyHostToDevice));
        region.decode_cache = cache->get();
      }
    }
    device_states_.allocate(lanes);
    device_results_.allocate(lanes);
    states_.assign(lanes, core::CpuState{});
    results_.assign(lanes, core::RunResult{});
  }

  uint64_t bytes_per_lane() const override { return private_bytes_ + sizeof(core::CpuState) + sizeof(core::RunResult); }

  // Free device memory, less a share kept for the shared image, its decode cache, the
  // translated kernel and the driver's own needs.
  uint64_t lane_capacity(const std::vector<LaneRegionSpec>& regions) const override {
    uint64_t per_lane = sizeof(core::CpuState) + sizeof(core::RunResult) + 1;  // the active byte
    for (const LaneRegionSpec& spec : regions) per_lane += spec.shared ? 0 : spec.size;
    return usable_device_bytes() / per_lane;
  }

  std::string memory_name() const override {
    return "the " + std::to_string(usable_device_bytes()) + " bytes of GPU memory free for lanes";
  }

  void write_memory(uint64_t lane, uint64_t address, std::span<const uint8_t> bytes) override {
    for_each_span(lane, address, bytes.size(), true, [&](uint8_t* device, uint64_t done, uint64_t chunk) {
      W64_CUDA_CHECK(cudaMemcpy(device, bytes.data() + done, chunk, cudaMemcpyHostToDevice));
    });
  }

  std::vector<uint8_t> read_memory(uint64_t lane, uint64_t address, uint64_t length) const override {
    std::vector<uint8_t> out(length);
    for_each_span(lane, address, length, false, [&](uint8_t* device, uint64_t done, uint64_t chunk) {
      W64_CUDA_CHECK(cudaMemcpy(out.data() + done, device, chunk, cudaMemcpyDeviceToHost));
    });
    return out;
  }

  double run(uint64_t max_cycles, std::span<const uint8_t> active) override {
    W64_CUDA_CHECK(
        cudaMemcpy(device_states_.get(), states_.data(), lanes_ * sizeof(core::CpuState), cudaMemcpyHostToDevice));
    const uint8_t* device_active = nullptr;
    if (!active.empty()) {
      if (active.size() != lanes_) throw Error("the active-lane mask must have one byte per lane");
      if (device_active_.count() != lanes_) device_active_.allocate(lanes_);
      W64_CUDA_CHECK(cudaMemcpy(device_active_.get(), active.data(), lanes_, cudaMemcpyHostToDevice));
      device_active = device_active_.get();
    }
    if (translate_ && !translation_tried_) {
      translation_tried_ = true;
      translated_ = gpu::translate_shared_code(context_.architecture(), specs_, states_, active);
    }
    const void* kernel = translated_ ? translated_->entry() : gpu::interpreter_kernel();
    gpu::LaunchParams params{
        layout_, device_states_.get(), device_results_.get(), context_.table(), device_active, lanes_, max_cycles};
    void* parameters[] = {&params};
    const uint64_t blocks = (lanes_ + gpu::kThreadsPerBlock - 1) / gpu::kThreadsPerBlock;
    W64_CUDA_CHECK(cudaEventRecord(context_.start()));
    W64_CUDA_CHECK(
        cudaLaunchKernel(kernel, dim3(static_cast<unsigned>(blocks)), dim3(gpu::kThreadsPerBlock), parameters));
    W64_CUDA_CHECK(cudaEventRecord(context_.stop()));
    W64_CUDA_CHECK(cudaEventSynchronize(context_.stop()));
    float milliseconds = 0;
    W64_CUDA_CHECK(cudaEventElapsedTime(&milliseconds, context_.start(), context_.stop()));

    std::vector<core::RunResult> raw(lanes_);
    W64_CUDA_CHECK(
        cudaMemcpy(states_.data(), device_states_.get(), lanes_ * sizeof(core::CpuState), cudaMemcpyDeviceToHost));
    W64_CUDA_CHECK(
        cudaMemcpy(raw.data(), device_results_.get(), lanes_ * sizeof(core::RunResult), cudaMemcpyDeviceToHost));
    for (uint64_t lane = 0; lane < lanes_; ++lane) {
      if (active.empty() || active[lane]) results_[lane] = raw[lane];
    }
    return milliseconds / 1000.0;
  }

 private:
  // Every copy of a region starts with `initial`: zeroed in one memset when it is all zero,
  // otherwise uploaded once and replicated on the device.
  static void fill_copies(DeviceBuffer<uint8_t>& bytes, const std::vector<uint8_t>& initial, uint64_t copies) {
    const bool all_zero = std::all_of(initial.begin(), initial.end(), [](uint8_t b) { return b == 0; });
    if (all_zero) {
      W64_CUDA_CHECK(cudaMemset(bytes.get(), 0, initial.size() * copies));
      return;
    }
    W64_CUDA_CHECK(cudaMemcpy(bytes.get(), initial.data(), initial.size(), cudaMemcpyHostToDevice));
    if (copies > 1) gpu::replicate_first_lane(bytes.get(), initial.size(), copies);
  }

  // Every word's entry, so that the device finds each region's cache full.
  static std::vector<DecodeEntry> predecode(const std::vector<uint8_t>& bytes) {
    std::vector<DecodeEntry> cache(bytes.size() / 4);
    const core::DecodeTable& table = core::host_decode_table();
    for (size_t i = 0; i < cache.size(); ++i) {
      uint32_t word;
      std::memcpy(&word, bytes.data() + 4 * i, 4);
      cache[i] = decode_entry(core::decode(table, word), word);
    }
    return cache;
  }

  // Calls visit(device_pointer, offset_into_request, length) for each region-contiguous piece.
  template <class Visit>
  void for_each_span(uint64_t lane, uint64_t address, uint64_t length, bool writing, Visit visit) const {
    for (uint64_t done = 0; done < length;) {
      const uint64_t at = address + done;
      const gpu::DeviceRegion* region = nullptr;
      for (uint32_t i = 0; i < layout_.count; ++i) {
        const auto& candidate = layout_.regions[i];
        if (at >= candidate.base && at - candidate.base < candidate.size) region = &candidate;
      }
      if (region == nullptr) throw Error("address " + hex(at) + " is not mapped");
      if (writing && region->lane_stride == 0) throw Error("address " + hex(at) + " is in the shared read-only image");
      const uint64_t offset = at - region->base;
      const uint64_t chunk = std::min(length - done, region->size - offset);
      visit(region->data + lane * region->lane_stride + offset, done, chunk);
      done += chunk;
    }
  }

  gpu::GpuContext context_;
  bool translate_;
  bool translation_tried_ = false;
  std::unique_ptr<gpu::TranslatedKernel> translated_;
  uint64_t lanes_ = 0;
  std::vector<LaneRegionSpec> specs_;
  gpu::DeviceLayout layout_{};
  std::vector<std::unique_ptr<DeviceBuffer<uint8_t>>> region_memory_;
  std::vector<std::unique_ptr<DeviceBuffer<DecodeEntry>>> decode_caches_;
  DeviceBuffer<core::CpuState> device_states_;
  DeviceBuffer<core::RunResult> device_results_;
  DeviceBuffer<uint8_t> device_active_;
  uint64_t private_bytes_ = 0;
};

}  // namespace

std::unique_ptr<LaneEngine> make_gpu_lane_engine(bool translate) { return std::make_unique<GpuLaneEngine>(translate); }

}  // namespace warp64
