// Lanes on the CPU: the lane memory the GPU runs (src/engine/lanes/), in host memory, with the
// lanes spread over a pool of host threads, a group's lanes on one thread. It gives the batch
// API the same meaning without a GPU, and is the GPU's reference.
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <string>
#include <thread>

#include "engine/lane_engine.hpp"
#include "engine/lane_space_plan.hpp"
#include "engine/lanes/lane_calls.hpp"
#include "engine/lanes/lane_memory.hpp"
#include "warp64/error.hpp"

namespace warp64 {

uint64_t lanes::host_counter_ns() {
  return static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
          .count());
}

namespace {

uint64_t physical_memory() {
  return static_cast<uint64_t>(sysconf(_SC_PHYS_PAGES)) * static_cast<uint64_t>(sysconf(_SC_PAGE_SIZE));
}

// Zeroed host memory that the kernel commits page by page as it is first touched: a pool of
// many GiB costs the host only what the lanes use.
template <class T>
class TouchedMemory {
 public:
  TouchedMemory() = default;
  explicit TouchedMemory(uint64_t count) : bytes_(std::max<uint64_t>(count, 1) * sizeof(T)) {
    void* data = mmap(nullptr, bytes_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (data == MAP_FAILED) throw Error("cannot reserve " + std::to_string(bytes_) + " bytes of host memory for lanes");
    data_ = static_cast<T*>(data);
  }
  TouchedMemory(TouchedMemory&& other) noexcept { *this = std::move(other); }
  TouchedMemory& operator=(TouchedMemory&& other) noexcept {
    std::swap(data_, other.data_);
    std::swap(bytes_, other.bytes_);
    return *this;
  }
  ~TouchedMemory() {
    if (data_ != nullptr) munmap(data_, bytes_);
  }
  T* get() const { return data_; }

 private:
  T* data_ = nullptr;
  uint64_t bytes_ = 0;
};

class CpuLaneEngine final : public LaneEngine {
 public:
  explicit CpuLaneEngine(unsigned threads)
      : threads_(threads != 0 ? threads : std::max(1u, std::thread::hardware_concurrency())) {}
  const char* name() const override { return "cpu"; }

  // The pool by default: half the host's memory, which the kernel commits only as lanes touch it.
  static LaneMemoryOptions with_pool(LaneMemoryOptions memory) {
    if (memory.pool_bytes == 0) memory.pool_bytes = physical_memory() / 2;
    return memory;
  }

  void configure(uint64_t lanes, std::vector<LaneRegionSpec> regions, const LaneMemoryOptions& memory) override {
    plan_ = plan_lane_space(lanes, std::move(regions), memory.group_size);
    plan_.size_pool(with_pool(memory).pool_bytes);
    const uint64_t fixed = plan_.fixed_bytes_per_lane();
    if (lanes > physical_memory() / fixed) {
      throw Error(std::to_string(lanes) + " lanes of " + std::to_string(fixed) + " bytes each do not fit in " +
                  memory_name());
    }
    lanes::LaneSpace& space = plan_.space;
    decode_caches_.clear();
    for (size_t i = 0; i < plan_.shared.size(); ++i) {
      space.shared[i].bytes = plan_.shared[i].initial.data();
      space.shared[i].decode_cache = cache_for(plan_.shared[i]);
    }
    for (size_t i = 0; i < plan_.windows.size(); ++i) {
      space.windows[i].initial = plan_.windows[i].initial.data();
      space.windows[i].decode_cache = cache_for(plan_.windows[i]);
    }
    pool_ = TouchedMemory<uint8_t>(plan_.pool_bytes());
    next_ = TouchedMemory<uint32_t>(space.pool.blocks);
    directories_ = TouchedMemory<uint32_t>(plan_.directory_words());
    out_of_memory_.assign(lanes, 0);
    heads_ = lanes::empty_pool_heads();
    space.pool.base = pool_.get();
    space.pool.heads = &heads_;
    space.pool.next = next_.get();
    space.directories = directories_.get();
    space.zero_page = zero_page_;
    space.out_of_memory = out_of_memory_.data();
    states_.assign(lanes, core::CpuState{});
    results_.assign(lanes, core::RunResult{});
    ring_cursors_.assign(lanes, lanes::RingCursor{});
    ring_entries_ = TouchedMemory<uint64_t>(lanes::branch_ring_words(lanes, memory.branch_ring, space.group_shift));
    rings_ = {ring_entries_.get(), ring_cursors_.data(), memory.branch_ring, space.group_shift};
  }

  uint64_t bytes_per_lane() const override {
    return plan_.bytes_per_lane(heads_.bump) + branch_ring_bytes_per_lane(rings_.size);
  }

  uint64_t pool_bytes() const override { return plan_.pool_bytes(); }

  uint64_t lane_capacity(const std::vector<LaneRegionSpec>& regions, const LaneMemoryOptions& memory) const override {
    return warp64::lane_capacity(regions, with_pool(memory), physical_memory(), 0);
  }

  std::string memory_name() const override {
    return "this machine's " + std::to_string(physical_memory()) + " bytes of memory on the CPU engine";
  }

  void apply(std::span<const lanes::MemoryOp> ops, std::span<const uint8_t> data,
             std::span<lanes::Status> statuses) override {
    plan_.space.pool.begin_launch();
    for (size_t i = 0; i < ops.size(); ++i) statuses[i] = lanes::apply(plan_.space, ops[i], data.data());
  }
  using LaneEngine::apply;

  void gather(std::span<const lanes::ByteRange> ranges, std::span<uint8_t> out) const override {
    uint64_t at = 0;
    for (const lanes::ByteRange& range : ranges) {
      if (lanes::peek(plan_.space, range.lane, range.address, out.data() + at, range.length) != lanes::Status::kOk) {
        throw Error(unmapped_range_error(range));
      }
      at += range.length;
    }
  }

  uint64_t timer_ns() const override { return lanes::host_counter_ns(); }

  double run(uint64_t max_cycles, std::span<const uint8_t> active) override {
    plan_.space.pool.begin_launch();
    const uint64_t groups = plan_.groups;
    const uint32_t group_size = 1u << plan_.space.group_shift;
    std::atomic<uint64_t> next_group{0};
    // A group's lanes share page-table entries: they run one after another on one thread.
    auto work = [&] {
      for (uint64_t group; (group = next_group.fetch_add(1)) < groups;) {
        const uint64_t end = std::min<uint64_t>((group + 1) * group_size, states_.size());
        for (uint64_t lane = group * group_size; lane < end; ++lane) {
          if (!active.empty() && !active[lane]) continue;
          lanes::LaneMemory memory(plan_.space, lane);
          lanes::LaneFetcher fetcher(memory, core::host_decode_table());
          lanes::BranchRecorder branches(rings_, lane);
          results_[lane] = lanes::run_lane(states_[lane], memory, fetcher, max_cycles, calls_, branches);
          branches.save(rings_, lane);
          lanes::report_exhaustion(plan_.space, lane, results_[lane]);
        }
      }
    };
    const auto start = std::chrono::steady_clock::now();
    std::vector<std::thread> helpers;
    for (uint64_t i = 1; i < std::min<uint64_t>(threads_, groups); ++i) helpers.emplace_back(work);
    work();
    for (std::thread& helper : helpers) helper.join();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }

  std::vector<uint64_t> last_branches(uint64_t lane) const override {
    std::vector<uint64_t> entries(rings_.size);
    const uint64_t* first = rings_.first_entry(lane);
    for (uint32_t i = 0; i < rings_.size; ++i) entries[i] = first[static_cast<uint64_t>(i) * rings_.group_size()];
    return ring_oldest_first(entries, ring_cursors_.at(lane));
  }

 private:
  DecodeEntry* cache_for(const LaneRegionSpec& spec) {
    std::vector<DecodeEntry> cache = initial_decode_cache(spec);
    return cache.empty() ? nullptr : decode_caches_.emplace_back(std::move(cache)).data();
  }

  unsigned threads_;
  LaneSpacePlan plan_;
  std::vector<std::vector<DecodeEntry>> decode_caches_;
  TouchedMemory<uint8_t> pool_;
  TouchedMemory<uint32_t> next_;
  TouchedMemory<uint32_t> directories_;
  TouchedMemory<uint64_t> ring_entries_;
  lanes::BranchRings rings_{};
  std::vector<uint8_t> out_of_memory_;
  lanes::PoolHeads heads_ = lanes::empty_pool_heads();
  alignas(8) static inline const uint8_t zero_page_[lanes::kPageBytes] = {};
};

}  // namespace

std::unique_ptr<LaneEngine> make_cpu_lane_engine(unsigned threads) { return std::make_unique<CpuLaneEngine>(threads); }

}  // namespace warp64
