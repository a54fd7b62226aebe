// The GPU engine: the A64 core's run loop in one CUDA kernel, one thread per lane.
#include <cuda_runtime.h>

#include <algorithm>
#include <cstring>
#include <set>

#include "engine/engine.hpp"
#include "engine/gpu/cuda_check.hpp"
#include "engine/gpu/lane_memory.cuh"
#include "engine/gpu/lane_state.cuh"
#include "engine/gpu/translation/block_map.hpp"
#include "engine/gpu/translation/kernel_compiler.hpp"
#include "engine/gpu/translation/kernel_source.hpp"
#include "engine/lane_engine.hpp"
#include "warp64/engine_kind.hpp"

namespace warp64 {
namespace {

constexpr unsigned kThreadsPerBlock = 128;

// Five blocks per SM (up to 102 registers a thread): the hot path fits, and the outlined cold cases
// spill inside their own function.
__global__ void __launch_bounds__(kThreadsPerBlock, 5)
    run_lanes_kernel(core::CpuState* states, core::RunResult* results, const __grid_constant__ gpu::DeviceLayout layout,
                     const core::DecodeTable* table, const uint8_t* active, uint64_t lanes, uint64_t max_cycles) {
  const uint64_t lane = static_cast<uint64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  if (lane >= lanes || (active != nullptr && !active[lane])) return;
  uint64_t registers[31];
  uint64_t vector_registers[32][2];
  gpu::LaneState state{registers, vector_registers};
  state.load(states[lane]);
  gpu::LaneMemory memory(layout, lane);
  gpu::LaneFetcher fetcher(memory, *table);
  results[lane] = core::run(state, memory, fetcher, max_cycles);
  state.store(states[lane]);
}

// Copies lane 0's private bytes to every other lane.
__global__ void replicate_kernel(uint8_t* data, uint64_t lane_bytes, uint64_t lanes) {
  const uint64_t words = lane_bytes / 8;
  const uint64_t* source = reinterpret_cast<const uint64_t*>(data);
  for (uint64_t i = static_cast<uint64_t>(blockIdx.x) * blockDim.x + threadIdx.x; i < words * (lanes - 1);
       i += static_cast<uint64_t>(gridDim.x) * blockDim.x) {
    reinterpret_cast<uint64_t*>(data + lane_bytes)[i] = source[i % words];
  }
}

// A device allocation released with the object.
template <class T>
class DeviceBuffer {
 public:
  DeviceBuffer() = default;
  explicit DeviceBuffer(size_t count) { allocate(count); }
  ~DeviceBuffer() { release(); }
  DeviceBuffer(const DeviceBuffer&) = delete;
  DeviceBuffer& operator=(const DeviceBuffer&) = delete;

  void allocate(size_t count) {
    release();
    if (count == 0) return;
    const cudaError_t status = cudaMalloc(&data_, count * sizeof(T));
    if (status != cudaSuccess) {
      data_ = nullptr;
      throw Error("cannot allocate " + std::to_string(count * sizeof(T)) +
                  " bytes of GPU memory: " + cudaGetErrorString(status));
    }
    count_ = count;
  }
  void release() {
    if (data_ != nullptr) cudaFree(data_);
    data_ = nullptr;
    count_ = 0;
  }
  T* get() const { return data_; }
  size_t count() const { return count_; }

 private:
  T* data_ = nullptr;
  size_t count_ = 0;
};

class GpuContext {
 public:
  GpuContext() {
    std::string why;
    if (!gpu_engine_available(&why)) throw Error("the GPU engine is unavailable: " + why);
    W64_CUDA_CHECK(cudaSetDevice(0));
    table_.allocate(1);
    W64_CUDA_CHECK(
        cudaMemcpy(table_.get(), &core::host_decode_table(), sizeof(core::DecodeTable), cudaMemcpyHostToDevice));
    W64_CUDA_CHECK(cudaEventCreate(&start_));
    W64_CUDA_CHECK(cudaEventCreate(&stop_));
    cudaDeviceProp properties{};
    W64_CUDA_CHECK(cudaGetDeviceProperties(&properties, 0));
    architecture_ = properties.major * 10 + properties.minor;
  }
  ~GpuContext() {
    cudaEventDestroy(start_);
    cudaEventDestroy(stop_);
  }
  const core::DecodeTable* table() const { return table_.get(); }
  cudaEvent_t start() const { return start_; }
  cudaEvent_t stop() const { return stop_; }
  int architecture() const { return architecture_; }

 private:
  DeviceBuffer<core::DecodeTable> table_;
  cudaEvent_t start_{}, stop_{};
  int architecture_ = 0;
};

// A translated kernel, loaded from its device image.
class TranslatedKernel {
 public:
  explicit TranslatedKernel(const std::string& image) {
    W64_CUDA_CHECK(cudaLibraryLoadData(&library_, image.data(), nullptr, nullptr, 0, nullptr, nullptr, 0));
    const cudaError_t status = cudaLibraryGetKernel(&kernel_, library_, "w64_translated_lanes");
    if (status != cudaSuccess) {
      cudaLibraryUnload(library_);
      throw Error(std::string("the translated kernel has no entry point: ") + cudaGetErrorString(status));
    }
  }
  ~TranslatedKernel() { cudaLibraryUnload(library_); }
  TranslatedKernel(const TranslatedKernel&) = delete;
  TranslatedKernel& operator=(const TranslatedKernel&) = delete;
  const void* entry() const { return reinterpret_cast<const void*>(kernel_); }

 private:
  cudaLibrary_t library_{};
  cudaKernel_t kernel_{};
};

// Words translated per configuration at most: run-time compilation grows faster than the
// words (docs/gpu-notes.md §9), and code beyond the limit still runs, interpreted. Lanes
// starting at more distinct pcs than kMaxEntries start the rest interpreted.
constexpr uint64_t kMaxTranslatedWords = 1024;
constexpr size_t kMaxEntries = 4096;

class GpuLaneEngine final : public LaneEngine {
 public:
  explicit GpuLaneEngine(bool translate) : translate_(translate) {}
  const char* name() const override { return "gpu"; }

  void configure(uint64_t lanes, std::vector<LaneRegionSpec> regions) override {
    if (regions.size() > gpu::kMaxRegions)
      throw Error("the GPU engine supports at most " + std::to_string(gpu::kMaxRegions) + " memory regions");
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
        auto& cache = decode_caches_.emplace_back(std::make_unique<DeviceBuffer<unsigned long long>>(spec.size / 4));
        W64_CUDA_CHECK(cudaMemcpy(cache->get(), predecode(initial).data(), spec.size / 4 * sizeof(unsigned long long),
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
    if (translate_ && !translation_tried_) translate(active);
    const void* kernel = translated_ ? translated_->entry() : reinterpret_cast<const void*>(&run_lanes_kernel);
    core::CpuState* states = device_states_.get();
    core::RunResult* results = device_results_.get();
    const core::DecodeTable* table = context_.table();
    void* parameters[] = {&states, &results, &layout_, &table, &device_active, &lanes_, &max_cycles};
    const uint64_t blocks = (lanes_ + kThreadsPerBlock - 1) / kThreadsPerBlock;
    W64_CUDA_CHECK(cudaEventRecord(context_.start()));
    W64_CUDA_CHECK(cudaLaunchKernel(kernel, dim3(static_cast<unsigned>(blocks)), dim3(kThreadsPerBlock), parameters));
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
  // Translates the code reachable from the lanes' pcs in the shared executable regions (which
  // never change, so a translation stays valid for the whole configuration).
  void translate(std::span<const uint8_t> active) {
    translation_tried_ = true;
    std::vector<gpu::CodeRegion> code;
    for (const LaneRegionSpec& spec : specs_) {
      if (spec.shared && (spec.perms & kPermExecute)) code.push_back({spec.base, spec.initial});
    }
    if (code.empty()) return;
    std::set<uint64_t> distinct;
    for (uint64_t lane = 0; lane < lanes_ && distinct.size() < kMaxEntries; ++lane) {
      if (active.empty() || active[lane]) distinct.insert(states_[lane].pc);
    }
    const std::vector<uint64_t> entries(distinct.begin(), distinct.end());
    const std::vector<gpu::BasicBlock> blocks =
        gpu::discover_blocks(core::host_decode_table(), code, entries, kMaxTranslatedWords);
    if (blocks.empty()) return;
    static gpu::KernelCompiler compiler(context_.architecture());
    translated_ = std::make_unique<TranslatedKernel>(compiler.build(gpu::translated_kernel_source(blocks)));
  }

  // Every copy of a region starts with `initial`: zeroed in one memset when it is all zero,
  // otherwise uploaded once and replicated on the device.
  static void fill_copies(DeviceBuffer<uint8_t>& bytes, const std::vector<uint8_t>& initial, uint64_t copies) {
    const bool all_zero = std::all_of(initial.begin(), initial.end(), [](uint8_t b) { return b == 0; });
    if (all_zero) {
      W64_CUDA_CHECK(cudaMemset(bytes.get(), 0, initial.size() * copies));
      return;
    }
    W64_CUDA_CHECK(cudaMemcpy(bytes.get(), initial.data(), initial.size(), cudaMemcpyHostToDevice));
    if (copies > 1) {
      replicate_kernel<<<1024, 256>>>(bytes.get(), initial.size(), copies);
      W64_CUDA_CHECK(cudaGetLastError());
      W64_CUDA_CHECK(cudaDeviceSynchronize());
    }
  }

  std::vector<unsigned long long> predecode(const std::vector<uint8_t>& bytes) const {
    std::vector<unsigned long long> cache(bytes.size() / 4);
    const core::DecodeTable& table = core::host_decode_table();
    for (size_t i = 0; i < cache.size(); ++i) {
      uint32_t word;
      std::memcpy(&word, bytes.data() + 4 * i, 4);
      cache[i] = (static_cast<unsigned long long>(core::decode(table, word)) << 32) | word;
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

  GpuContext context_;
  bool translate_;
  bool translation_tried_ = false;
  std::unique_ptr<TranslatedKernel> translated_;
  uint64_t lanes_ = 0;
  std::vector<LaneRegionSpec> specs_;
  gpu::DeviceLayout layout_{};
  std::vector<std::unique_ptr<DeviceBuffer<uint8_t>>> region_memory_;
  std::vector<std::unique_ptr<DeviceBuffer<unsigned long long>>> decode_caches_;
  DeviceBuffer<core::CpuState> device_states_;
  DeviceBuffer<core::RunResult> device_results_;
  DeviceBuffer<uint8_t> device_active_;
  uint64_t private_bytes_ = 0;
};

// One machine on the GPU: a single lane whose memory mirrors the machine's address space
// around each run. Adjacent host regions with the same permissions share one device region
// (a Linux process's data, brk heap and mmap areas grow as many small regions).
class GpuEngine final : public Engine {
 public:
  const char* name() const override { return "gpu"; }

  EngineRun run(core::CpuState& state, AddressSpace& memory, uint64_t max_cycles) override {
    const std::vector<Span> spans = spans_of(memory);
    if (spans != spans_) {
      if (spans.size() > gpu::kMaxRegions) {
        throw Error("the GPU engine maps at most " + std::to_string(gpu::kMaxRegions) +
                    " regions of distinct permissions; this address space has " + std::to_string(spans.size()));
      }
      std::vector<LaneRegionSpec> specs;
      for (const Span& span : spans) specs.push_back({span.base, span.size, span.perms, false, {}});
      lanes_.configure(1, std::move(specs));
      spans_ = spans;
    }
    for (const auto& region : memory.regions()) lanes_.write_memory(0, region->base, region->bytes);
    lanes_.states()[0] = state;
    const double seconds = lanes_.run(max_cycles, {});
    state = lanes_.states()[0];
    for (const auto& region : memory.regions()) {
      if (!(region->perms & kPermWrite)) continue;
      const std::vector<uint8_t> bytes = lanes_.read_memory(0, region->base, region->size);
      std::copy(bytes.begin(), bytes.end(), region->bytes.begin());
      // The guest may have rewritten code: forget the host-side decodes.
      std::fill(region->decoded.begin(), region->decoded.end(), kNotDecoded);
    }
    return {lanes_.results()[0], seconds};
  }

 private:
  struct Span {
    uint64_t base, size;
    uint8_t perms;
    bool operator==(const Span&) const = default;
  };

  static std::vector<Span> spans_of(const AddressSpace& memory) {
    std::vector<Span> spans;
    for (const auto& region : memory.regions()) {
      if (!spans.empty() && spans.back().perms == region->perms &&
          spans.back().base + spans.back().size == region->base) {
        spans.back().size += region->size;
      } else {
        spans.push_back({region->base, region->size, region->perms});
      }
    }
    return spans;
  }

  GpuLaneEngine lanes_{false};  // a machine's code is private (writable), never translated
  std::vector<Span> spans_;
};

}  // namespace

bool gpu_engine_available(std::string* why) {
  int count = 0;
  const cudaError_t status = cudaGetDeviceCount(&count);
  if (status != cudaSuccess || count == 0) {
    if (why != nullptr) {
      if (status == cudaErrorInsufficientDriver) {
        *why = "no NVIDIA driver for CUDA 13 is installed";
      } else if (status == cudaErrorNoDevice || count == 0) {
        *why = "no CUDA device found";
      } else {
        *why = cudaGetErrorString(status);
      }
    }
    cudaGetLastError();  // clear the sticky error of a failed probe
    return false;
  }
  cudaDeviceProp properties{};
  if (cudaGetDeviceProperties(&properties, 0) != cudaSuccess || properties.major < 9) {
    if (why != nullptr) *why = "the GPU needs compute capability 9.0 or newer";
    return false;
  }
  return true;
}

std::unique_ptr<Engine> make_gpu_engine() { return std::make_unique<GpuEngine>(); }
std::unique_ptr<LaneEngine> make_gpu_lane_engine(bool translate) { return std::make_unique<GpuLaneEngine>(translate); }

}  // namespace warp64
