// Lanes on the GPU: lane memory (src/engine/lanes/) in device memory — the shared regions and
// their decode caches, the windows' initial data, the page pool and the groups' directories —
// and one kernel launch per run: the translated kernel when the lanes' shared code has one, else
// the interpreter. The host's changes and reads of lane memory go in bulk, one launch each.
#include <cuda_runtime.h>

#include <algorithm>
#include <numeric>

#include "engine/decode_entry.hpp"
#include "engine/gpu/cuda_check.hpp"
#include "engine/gpu/device_buffer.hpp"
#include "engine/gpu/gpu_context.hpp"
#include "engine/gpu/lane_kernels.hpp"
#include "engine/gpu/launch_params.cuh"
#include "engine/gpu/translation/hot_kernel.hpp"
#include "engine/gpu/translation/translator.hpp"
#include "engine/lane_engine.hpp"
#include "engine/lane_space_plan.hpp"

namespace warp64 {
namespace {

using gpu::DeviceBuffer;

using gpu::kReservedDeviceBytes;

// Room for `count` items; a buffer reused call after call grows and never shrinks.
template <class T>
void reserve(DeviceBuffer<T>& buffer, uint64_t count) {
  if (buffer.count() < count) buffer.allocate(count);
}

template <class T>
void upload(DeviceBuffer<T>& buffer, std::span<const T> items) {
  reserve(buffer, items.size());
  if (!items.empty()) {
    W64_CUDA_CHECK(cudaMemcpy(buffer.get(), items.data(), items.size_bytes(), cudaMemcpyHostToDevice));
  }
}

template <class T>
void zeroed(DeviceBuffer<T>& buffer, uint64_t count) {
  buffer.allocate(count);
  if (count != 0) W64_CUDA_CHECK(cudaMemset(buffer.get(), 0, count * sizeof(T)));
}

template <class T>
void download(std::span<T> out, const DeviceBuffer<T>& buffer) {
  if (!out.empty()) W64_CUDA_CHECK(cudaMemcpy(out.data(), buffer.get(), out.size_bytes(), cudaMemcpyDeviceToHost));
}

// The device side of the host's bulk operations, kept from call to call.
struct BulkScratch {
  DeviceBuffer<lanes::MemoryOp> ops;
  DeviceBuffer<lanes::ByteRange> ranges;
  DeviceBuffer<uint64_t> offsets;  // the runs of operations, or the ranges' places in `bytes`
  DeviceBuffer<uint8_t> bytes;     // the pokes' data, or the gathered bytes
  DeviceBuffer<lanes::Status> statuses;
};

class GpuLaneEngine final : public LaneEngine {
 public:
  GpuLaneEngine(GpuTranslation translation, unsigned device) : context_(device), translation_(translation) {}
  const char* name() const override { return "gpu"; }

  void configure(uint64_t lanes, std::vector<LaneRegionSpec> regions, const LaneMemoryOptions& memory) override {
    translated_.reset();
    hot_kernel_.reset();
    translation_tried_ = false;
    translated_runs_ = 0;
    region_bytes_.clear();
    decode_caches_.clear();
    pool_.release();
    // Everything but the pool first; by default the pool takes the device memory left.
    plan_ = plan_lane_space(lanes, std::move(regions), memory.group_size);
    lanes::LaneSpace& space = plan_.space;
    for (size_t i = 0; i < plan_.shared.size(); ++i) {
      space.shared[i].bytes = device_copy(plan_.shared[i].initial);
      space.shared[i].decode_cache = cache_for(plan_.shared[i]);
    }
    for (size_t i = 0; i < plan_.windows.size(); ++i) {
      space.windows[i].initial = device_copy(plan_.windows[i].initial);
      space.windows[i].decode_cache = cache_for(plan_.windows[i]);
    }
    zeroed(directories_, plan_.directory_words());
    zeroed(out_of_memory_, lanes);
    zeroed(zero_page_, lanes::kPageBytes);
    device_states_.allocate(lanes);
    device_results_.allocate(lanes);
    configure_rings(lanes, memory.branch_ring);
    size_t free = 0, total = 0;
    W64_CUDA_CHECK(cudaMemGetInfo(&free, &total));
    const uint64_t reserved = kReservedDeviceBytes + lanes * gpu::kReservedDeviceBytesPerLane;
    const uint64_t left = free > reserved ? free - reserved : 0;
    if (memory.pool_bytes > left) {
      throw Error("a lane page pool of " + std::to_string(memory.pool_bytes) + " bytes does not fit in the GPU's " +
                  std::to_string(left) + " bytes left free");
    }
    plan_.size_pool(memory.pool_bytes != 0 ? memory.pool_bytes : left);
    zeroed(pool_, plan_.pool_bytes());
    zeroed(next_, space.pool.blocks);
    const lanes::PoolHeads heads = lanes::empty_pool_heads();
    upload(heads_, std::span<const lanes::PoolHeads>(&heads, 1));
    space.pool.base = pool_.get();
    space.pool.heads = heads_.get();
    space.pool.next = next_.get();
    space.directories = directories_.get();
    space.zero_page = zero_page_.get();
    space.out_of_memory = out_of_memory_.get();
    states_.assign(lanes, core::CpuState{});
    results_.assign(lanes, core::RunResult{});
    if (translation_ == GpuTranslation::kHotCode) {
      hot_kernel_ = std::make_unique<gpu::HotKernel>(context_.architecture(), plan_.shared, lanes);
    }
  }

  uint64_t bytes_per_lane() const override {
    lanes::PoolHeads heads{};
    if (heads_.count() != 0) download(std::span<lanes::PoolHeads>(&heads, 1), heads_);
    return plan_.bytes_per_lane(heads.bump) + branch_ring_bytes_per_lane(rings_.size);
  }

  // Free device memory and the pool an earlier configure holds, less what is kept for the shared
  // image, its decode cache, the translated kernel and the driver's own needs.
  uint64_t usable_device_bytes() const {
    size_t free = 0, total = 0;
    W64_CUDA_CHECK(cudaMemGetInfo(&free, &total));
    const uint64_t usable = free + pool_.count();
    return usable > kReservedDeviceBytes ? usable - kReservedDeviceBytes : 0;
  }

  uint64_t lane_capacity(const std::vector<LaneRegionSpec>& regions, const LaneMemoryOptions& memory) const override {
    return warp64::lane_capacity(regions, memory, usable_device_bytes(), gpu::kReservedDeviceBytesPerLane);
  }

  std::string memory_name() const override {
    return "the " + std::to_string(usable_device_bytes()) + " bytes of GPU memory free for lanes";
  }

  uint64_t pool_bytes() const override { return plan_.pool_bytes(); }
  uint64_t translated_runs() const override { return translated_runs_; }
  std::string hot_code_report() const override { return hot_kernel_ ? hot_kernel_->report() : std::string(); }

  void apply(std::span<const lanes::MemoryOp> ops, std::span<const uint8_t> data,
             std::span<lanes::Status> statuses) override {
    // Each lane's operations in their order, one thread per lane.
    std::vector<uint64_t> order(ops.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](uint64_t a, uint64_t b) { return ops[a].lane < ops[b].lane; });
    std::vector<lanes::MemoryOp> sorted;
    std::vector<uint64_t> run_starts;
    for (const uint64_t i : order) {
      if (sorted.empty() || sorted.back().lane != ops[i].lane) run_starts.push_back(sorted.size());
      sorted.push_back(ops[i]);
    }
    run_starts.push_back(sorted.size());
    upload(scratch_.ops, std::span<const lanes::MemoryOp>(sorted));
    upload(scratch_.offsets, std::span<const uint64_t>(run_starts));
    upload(scratch_.bytes, data);
    reserve(scratch_.statuses, sorted.size());
    gpu::begin_pool_launch(plan_.space.pool);
    gpu::apply_memory_ops(plan_.space, scratch_.ops.get(), scratch_.offsets.get(), run_starts.size() - 1,
                          scratch_.bytes.get(), scratch_.statuses.get());
    std::vector<lanes::Status> sorted_statuses(sorted.size());
    download(std::span<lanes::Status>(sorted_statuses), scratch_.statuses);
    for (size_t i = 0; i < order.size(); ++i) statuses[order[i]] = sorted_statuses[i];
  }
  using LaneEngine::apply;

  void gather(std::span<const lanes::ByteRange> ranges, std::span<uint8_t> out) const override {
    std::vector<uint64_t> offsets(ranges.size());
    uint64_t length = 0;
    for (size_t i = 0; i < ranges.size(); ++i) {
      offsets[i] = length;
      length += ranges[i].length;
    }
    upload(scratch_.ranges, ranges);
    upload(scratch_.offsets, std::span<const uint64_t>(offsets));
    reserve(scratch_.bytes, length);
    reserve(scratch_.statuses, ranges.size());
    gpu::gather_ranges(plan_.space, scratch_.ranges.get(), scratch_.offsets.get(), ranges.size(), scratch_.bytes.get(),
                       scratch_.statuses.get());
    std::vector<lanes::Status> statuses(ranges.size());
    download(std::span<lanes::Status>(statuses), scratch_.statuses);
    for (size_t i = 0; i < ranges.size(); ++i) {
      if (statuses[i] != lanes::Status::kOk) throw Error(unmapped_range_error(ranges[i]));
    }
    download(out.first(length), scratch_.bytes);
  }

  uint64_t timer_ns() const override { return gpu::timer_ns(); }

  double run(uint64_t max_cycles, std::span<const uint8_t> active) override {
    const uint64_t lanes = states_.size();
    W64_CUDA_CHECK(
        cudaMemcpy(device_states_.get(), states_.data(), lanes * sizeof(core::CpuState), cudaMemcpyHostToDevice));
    const uint8_t* device_active = nullptr;
    if (!active.empty()) {
      if (active.size() != lanes) throw Error("the active-lane mask must have one byte per lane");
      if (device_active_.count() != lanes) device_active_.allocate(lanes);
      W64_CUDA_CHECK(cudaMemcpy(device_active_.get(), active.data(), lanes, cudaMemcpyHostToDevice));
      device_active = device_active_.get();
    }
    if (translation_ == GpuTranslation::kFromEntry && !translation_tried_) {
      translation_tried_ = true;
      translated_ = gpu::translate_shared_code(context_.architecture(), plan_.shared, states_, active);
    }
    const gpu::TranslatedKernel* translated = hot_kernel_ ? hot_kernel_->kernel() : translated_.get();
    const void* kernel = translated ? translated->entry() : gpu::interpreter_kernel(rings_.size != 0);
    translated_runs_ += translated != nullptr;
    upload(ring_cursors_device_, std::span<const lanes::RingCursor>(ring_cursors_));
    gpu::begin_pool_launch(plan_.space.pool);
    gpu::LaunchParams params{plan_.space,
                             device_states_.get(),
                             device_results_.get(),
                             context_.table(),
                             device_active,
                             rings_,
                             lanes,
                             max_cycles,
                             hot_kernel_ ? hot_kernel_->profile() : lanes::BlockProfile{},
                             calls_};
    void* parameters[] = {&params};
    const uint64_t blocks = (lanes + gpu::kThreadsPerBlock - 1) / gpu::kThreadsPerBlock;
    W64_CUDA_CHECK(cudaEventRecord(context_.start()));
    W64_CUDA_CHECK(
        cudaLaunchKernel(kernel, dim3(static_cast<unsigned>(blocks)), dim3(gpu::kThreadsPerBlock), parameters));
    W64_CUDA_CHECK(cudaEventRecord(context_.stop()));
    W64_CUDA_CHECK(cudaEventSynchronize(context_.stop()));
    float milliseconds = 0;
    W64_CUDA_CHECK(cudaEventElapsedTime(&milliseconds, context_.start(), context_.stop()));

    std::vector<core::RunResult> raw(lanes);
    W64_CUDA_CHECK(
        cudaMemcpy(states_.data(), device_states_.get(), lanes * sizeof(core::CpuState), cudaMemcpyDeviceToHost));
    download(std::span<core::RunResult>(raw), device_results_);
    download(std::span<lanes::RingCursor>(ring_cursors_), ring_cursors_device_);
    for (uint64_t lane = 0; lane < lanes; ++lane) {
      if (active.empty() || active[lane]) results_[lane] = raw[lane];
    }
    if (hot_kernel_) hot_kernel_->after_launch();
    return milliseconds / 1000.0;
  }

  std::vector<uint64_t> last_branches(uint64_t lane) const override {
    std::vector<uint64_t> entries(rings_.size);
    if (!entries.empty()) {
      // The lane's entries lie a group's width apart: one strided copy.
      const size_t pitch = rings_.group_size() * sizeof(uint64_t);
      W64_CUDA_CHECK(cudaMemcpy2D(entries.data(), sizeof(uint64_t), rings_.first_entry(lane), pitch, sizeof(uint64_t),
                                  rings_.size, cudaMemcpyDeviceToHost));
    }
    return ring_oldest_first(entries, ring_cursors_.at(lane));
  }

 private:
  void configure_rings(uint64_t lanes, uint32_t size) {
    ring_cursors_.assign(lanes, lanes::RingCursor{});
    ring_entries_.allocate(std::max<uint64_t>(lanes::branch_ring_words(lanes, size, plan_.space.group_shift), 1));
    ring_cursors_device_.allocate(lanes);
    rings_ = {ring_entries_.get(), ring_cursors_device_.get(), size, plan_.space.group_shift};
  }

  const uint8_t* device_copy(const std::vector<uint8_t>& bytes) {
    auto& buffer = region_bytes_.emplace_back(std::make_unique<DeviceBuffer<uint8_t>>());
    upload(*buffer, std::span<const uint8_t>(bytes));
    return buffer->get();
  }

  DecodeEntry* cache_for(const LaneRegionSpec& spec) {
    const std::vector<DecodeEntry> cache = initial_decode_cache(spec);
    if (cache.empty()) return nullptr;
    auto& buffer = decode_caches_.emplace_back(std::make_unique<DeviceBuffer<DecodeEntry>>());
    upload(*buffer, std::span<const DecodeEntry>(cache));
    return buffer->get();
  }

  gpu::GpuContext context_;
  GpuTranslation translation_;
  bool translation_tried_ = false;
  std::unique_ptr<gpu::TranslatedKernel> translated_;
  std::unique_ptr<gpu::HotKernel> hot_kernel_;
  uint64_t translated_runs_ = 0;
  LaneSpacePlan plan_;
  std::vector<std::unique_ptr<DeviceBuffer<uint8_t>>> region_bytes_;
  std::vector<std::unique_ptr<DeviceBuffer<DecodeEntry>>> decode_caches_;
  DeviceBuffer<uint8_t> pool_;
  DeviceBuffer<uint32_t> next_;
  DeviceBuffer<uint32_t> directories_;
  DeviceBuffer<uint8_t> out_of_memory_;
  DeviceBuffer<uint8_t> zero_page_;
  DeviceBuffer<lanes::PoolHeads> heads_;
  DeviceBuffer<core::CpuState> device_states_;
  DeviceBuffer<core::RunResult> device_results_;
  DeviceBuffer<uint8_t> device_active_;
  DeviceBuffer<uint64_t> ring_entries_;
  DeviceBuffer<lanes::RingCursor> ring_cursors_device_;
  lanes::BranchRings rings_{};
  mutable BulkScratch scratch_;
};

}  // namespace

std::unique_ptr<LaneEngine> make_gpu_lane_engine(GpuTranslation translation, unsigned device) {
  return std::make_unique<GpuLaneEngine>(translation, device);
}

}  // namespace warp64
