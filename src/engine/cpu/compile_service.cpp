#include "engine/cpu/compile_service.hpp"

#include <signal.h>
#include <unistd.h>

#include <utility>

#include "warp64/error.hpp"

namespace warp64::cpu {

void build_job(HostCompiler& compiler, TranslationJob& job) {
  try {
    job.sources = unit_sources(job.blocks, job.function_words);
    const HostCompiler::Built built = compiler.build(job.sources, job.control, job.cached_only);
    job.object = built.object;
    job.seconds = built.seconds;
  } catch (const std::exception& error) {
    job.error = error.what();
  }
}

std::vector<std::shared_ptr<TranslationJob>> JobInbox::take() {
  std::lock_guard lock(mutex_);
  ready_.store(false, std::memory_order_relaxed);
  return std::exchange(done_, {});
}

void JobInbox::cancel_all() {
  std::unique_lock lock(mutex_);
  for (const auto& job : pending_) job->control.cancel();
  settled_.wait(lock, [&] { return in_progress_ == 0; });
  pending_.clear();
}

CompileService& CompileService::instance() {
  // Never destroyed: its threads may still wait on a compiler while the process exits, and
  // a forked child leaves its parent's (thread-less) service alone.
  static pid_t owner = 0;
  static CompileService* service = nullptr;
  if (service == nullptr || owner != getpid()) {
    service = new CompileService;
    owner = getpid();
  }
  return *service;
}

CompileService::CompileService() {
  const unsigned threads = compilers_at_once();
  // The threads take no signal: the host's signals are the guest's, for its thread to take.
  sigset_t all, previous;
  sigfillset(&all);
  pthread_sigmask(SIG_BLOCK, &all, &previous);
  for (unsigned i = 0; i < threads; ++i) threads_.emplace_back([this] { work(); });
  pthread_sigmask(SIG_SETMASK, &previous, nullptr);
}

HostCompiler* CompileService::compiler(std::string& why) {
  std::call_once(compiler_once_, [&] {
    try {
      compiler_ = HostCompiler::find();
    } catch (const Error& error) {
      compiler_error_ = error.what();
    }
  });
  why = compiler_error_;
  return compiler_.get();
}

void CompileService::submit(std::shared_ptr<TranslationJob> job, std::shared_ptr<JobInbox> inbox) {
  {
    std::lock_guard lock(inbox->mutex_);
    inbox->pending_.push_back(job);
    ++inbox->in_progress_;
  }
  std::lock_guard lock(mutex_);
  queue_.emplace_back(std::move(job), std::move(inbox));
  queued_.notify_one();
}

void CompileService::work() {
  for (;;) {
    std::shared_ptr<TranslationJob> job;
    std::shared_ptr<JobInbox> inbox;
    {
      std::unique_lock lock(mutex_);
      queued_.wait(lock, [&] { return !queue_.empty(); });
      std::tie(job, inbox) = std::move(queue_.front());
      queue_.pop_front();
    }
    std::string why;
    if (HostCompiler* host = compiler(why); host != nullptr && !job->control.cancelled()) {
      build_job(*host, *job);
    } else {
      job->error = why.empty() ? "cancelled" : why;
    }
    std::lock_guard lock(inbox->mutex_);
    std::erase(inbox->pending_, job);
    if (!job->control.cancelled()) {
      inbox->done_.push_back(job);
      inbox->ready_.store(true, std::memory_order_release);
    }
    --inbox->in_progress_;
    inbox->settled_.notify_all();
  }
}

}  // namespace warp64::cpu
