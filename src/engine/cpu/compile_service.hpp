// Background compilation for the CPU engines of this process: threads (as many as the host
// has cores) that build queued translations while the guest runs interpreted. A job's result
// goes to its engine's inbox, which the engine empties at a block boundary; an engine that
// goes away cancels its jobs, killing their compilers.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "engine/cpu/host_compiler.hpp"
#include "engine/translation/block_map.hpp"

namespace warp64::cpu {

struct TranslationJob {
  std::vector<translation::BasicBlock> blocks;
  uint64_t function_words;
  bool cached_only = false;  // look in the cache, build nothing
  UnitSources sources;       // written by build_job
  BuildControl control;
  // The result: the shared object, or why there is none (neither: a cached-only job that the
  // cache had not).
  std::filesystem::path object;
  std::string error;
  double seconds = 0;
  bool rebuilt = false;  // built again after the cache held a foreign object under its name
};

// Builds `job` with `compiler` (on the calling thread), filling in its result.
void build_job(HostCompiler& compiler, TranslationJob& job);

// Where one engine's finished jobs arrive.
class JobInbox {
 public:
  // Cheap enough to ask at every block boundary.
  bool has_results() const { return ready_.load(std::memory_order_acquire); }
  std::vector<std::shared_ptr<TranslationJob>> take();
  // Cancels every job not yet delivered and waits until no thread works on one.
  void cancel_all();

 private:
  friend class CompileService;
  std::mutex mutex_;
  std::condition_variable settled_;
  std::atomic<bool> ready_{false};
  std::vector<std::shared_ptr<TranslationJob>> pending_, done_;
  int in_progress_ = 0;
};

class CompileService {
 public:
  // The process's service. A forked child, which has none of its parent's threads, gets a
  // new one.
  static CompileService& instance();

  // The host's compiler, looked up once; null (with the reason in `why`) when there is none.
  HostCompiler* compiler(std::string& why);

  void submit(std::shared_ptr<TranslationJob> job, std::shared_ptr<JobInbox> inbox);

 private:
  CompileService();
  void work();

  std::mutex mutex_;
  std::condition_variable queued_;
  std::deque<std::pair<std::shared_ptr<TranslationJob>, std::shared_ptr<JobInbox>>> queue_;
  std::vector<std::thread> threads_;
  std::once_flag compiler_once_;
  std::unique_ptr<HostCompiler> compiler_;
  std::string compiler_error_;
};

}  // namespace warp64::cpu
