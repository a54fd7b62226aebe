// A guest Linux process: an AArch64 executable, static or dynamically linked, run by the CPU or
// GPU engine, with its system calls serviced by the host.
#pragma once

#include <signal.h>
#include <sys/socket.h>
#include <sys/types.h>

#include <array>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/observed_engine.hpp"
#include "linux/elf_loader.hpp"
#include "linux/file_table.hpp"
#include "linux/guest_memory.hpp"
#include "linux/guest_thread.hpp"
#include "linux/signals.hpp"
#include "linux/syscalls.hpp"
#include "linux/sysroot.hpp"
#include "linux/thread_supervisor.hpp"
#include "memory/address_space.hpp"
#include "warp64/core/run.hpp"
#include "warp64/machine.hpp"

namespace warp64::linux_abi {

struct ProcessOptions {
  std::string path;                                          // the executable, as given (AT_EXECFN)
  std::optional<std::string> argv0;                          // argv[0]; unset: the path
  std::vector<std::string> args;                             // argv[1..]
  std::vector<std::pair<std::string, std::string>> set_env;  // -E VAR=VAL
  std::vector<std::string> unset_env;                        // -U VAR
  std::string sysroot;  // -L DIR: the dynamic loader's and the guest's absolute paths (see Sysroot)
  bool strace = false;
  bool strace_pids = false;     // begin each strace line with "[pid N] ", as strace -f does
  bool capture_output = false;  // keep what the guest writes to fd 1 and 2 instead of writing it
  uint64_t max_cycles = kUnlimitedCycles;
  EngineKind engine = EngineKind::kAuto;  // auto is the CPU engine: one process runs faster there
  TranslationSettings translation;        // the CPU engine's
  std::string json_out;                   // --json-out, which a program this process execs keeps
  std::optional<uint64_t> lane;           // the lane that runs it, for lane processes
  // Set: the process runs on the CPU engine's observed loop (a trace), whatever `engine` says.
  RunObserver* observer = nullptr;
};

struct ProcessResult {
  int exit_code = 0;     // the guest's status, or 128+signal
  int signal = 0;        // the signal that ended it, or 0
  bool forked = false;   // the run is a guest's forked child, not the process warp64 started
  core::RunResult last;  // the engine's final stop (pc in state)
  CpuState state;
  uint64_t cycles = 0;
  double elapsed_seconds = 0;
  double compile_seconds = 0;  // CPU translation's compiler, for the code that arrived in time
  const char* engine = "cpu";  // the engine that ran it
};

// Loads and runs the program. Throws linux_abi::ElfError for a bad executable and
// warp64::Error for other failures before the guest starts.
ProcessResult run_process(const ProcessOptions& options);

class Process;
// Runs `process`, built from `options`, from where it is to its end (none when it has ended):
// run_process's loop, and what runs a guest on after a debugger detaches.
ProcessResult finish_process(std::unique_ptr<Process> process, const ProcessOptions& options);

class LaneLibraries;
struct LaneLibrary;

// Where the stack, the mmap area and the brk heap may lie. The defaults are Linux's (an 8 MiB
// stack below 0x7ffffffff000); lanes use small windows of their device memory.
struct ProcessLayout {
  uint64_t stack_top = 0x7ffffffff000ull;
  uint64_t stack_size = 8ull << 20;
  uint64_t mmap_floor = 0x10000;
  uint64_t mmap_ceiling = 0x7ffffffff000ull - (8ull << 20) - (256ull << 20);
  uint64_t heap_limit = ~0ull;  // brk never grows past this
  // Every mapping must lie inside [mmap_floor, mmap_ceiling) (or the heap): the lane's device
  // memory holds nothing else.
  bool confined = false;
  // A lane's dynamic loader and libraries, in windows of the mmap area shared by every lane
  // (lane_libraries.hpp); none for a static program or one process.
  const LaneLibraries* libraries = nullptr;
};

// One process whose run loop lives outside it (run_process, the lane runner): it owns the
// address-space bookkeeping, system calls and signals; an engine runs its state between stops.
class Process {
 public:
  // A process in host memory, the host process's one guest: loads the executable itself and
  // takes over the host's signals (host_signals.hpp), starting with the mask and the ignored
  // signals it inherited.
  explicit Process(const ProcessOptions& options);
  // A lane's process: its bytes live in `store`, which already holds the executable's regions
  // as `loaded` maps them (loaded by load_executable, which gave `image`), the dynamic loader's
  // as layout.libraries maps them, and a zeroed stack;
  // its descriptors are its own (file_table.hpp), its read-only files pooled in `files`.
  Process(const ProcessOptions& options, const ProcessLayout& layout, ByteStore& store, const ElfImage& image,
          const AddressSpace& loaded, HostFilePool& files);
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  // The first thread's registers (the only thread's, unless the guest creates threads).
  CpuState& state() { return threads_.front().state; }
  AddressSpace& memory() { return space_; }

  // Acts on the engine's stop of the first thread (the only one in a lane): services a system
  // call (and delivers signals it raised), or ends the process for any other stop, reporting it
  // on stderr. `cycles` counts every instruction the thread has retired. True when the process
  // (or the thread) has ended.
  bool handle_stop(const core::RunResult& stop, uint64_t cycles) { return handle_stop(threads_.front(), stop, cycles); }

  // Between two slices of the first thread's run: acts on the host signals that have arrived.
  // True when the process has ended.
  bool take_signals() { return take_signals(threads_.front()); }
  bool ended() const { return exited_; }
  int exit_code() const { return exit_code_; }
  int exit_signal() const { return exit_signal_; }
  // True in the child of a fork (syscalls/processes.cpp).
  bool forked() const { return forked_; }

  // For a debugger, as under ptrace: while on, a signal about to be delivered to a thread is
  // held instead (SIGKILL excepted) and named by held_signal(thread); resume_with_signal then
  // delivers `sig` to the thread (the held one with its siginfo, or another the debugger
  // chose), or with 0 discards the held one. Turned off, a held signal is pending again.
  // resume_with_signal returns true when the process has ended.
  void hold_signals_for_debugger(bool on);
  std::optional<int> held_signal(GuestThread& thread);
  bool resume_with_signal(GuestThread& thread, int sig);
  // For a debugger: while set, every thread, the first included, runs under `supervisor`
  // (thread_supervisor.hpp); nullptr lets the threads created from then on run by themselves.
  void supervise_threads(ThreadSupervisor* supervisor);
  // For a debugger: the threads that have not ended, the first one first; a thread's registers
  // and whether it waits in a blocking call, read under the process's lock (a thread writes its
  // registers only under it while it is not running guest code).
  std::vector<GuestThread*> live_threads();
  CpuState registers(GuestThread& thread);
  void set_registers(GuestThread& thread, const CpuState& state);
  bool blocked(GuestThread& thread);
  // handle_stop and take_signals for any thread.
  bool handle_stop(GuestThread& thread, const core::RunResult& stop, uint64_t cycles);
  bool take_signals(GuestThread& thread);
  // For a debugger: the auxiliary vector as the initial stack holds it (pairs of 64-bit words),
  // and the executable's resolved path.
  const std::string& auxv() const { return auxv_; }
  const std::string& executable_path() const { return exe_path_; }
  // si_code and address of the signal Linux sends for a fault, undefined-instruction or BRK
  // stop of the engine.
  FaultSignal fault_signal(const GuestThread& thread, const core::RunResult& stop) const;
  // The signal of such a stop (HLT's too): SIGSEGV, SIGILL or SIGTRAP.
  static int signal_of(const core::RunResult& stop);

  // What the guest wrote to fd 1 or 2 when ProcessOptions::capture_output is set.
  const std::string& captured(int fd) const { return captured_[fd == 2 ? 2 : 1]; }
  // The last of the run's one-line reports: for a process killed by a signal that dumps core,
  // the report of its death (the signal, the fault, the pc).
  const std::string& last_report() const { return last_report_; }

 private:
  friend ProcessResult finish_process(std::unique_ptr<Process> process, const ProcessOptions& options);

  // threads.cpp. Runs `thread` on `engine` until it or the process ends, adding what ran to
  // `result`.
  void run_thread(GuestThread& thread, std::unique_ptr<Engine>& engine, ProcessResult& result);
  // clone with CLONE_VM | CLONE_THREAD: a new thread, returning its tid.
  int64_t clone_thread(uint64_t flags, uint64_t stack, uint64_t parent_tid, uint64_t child_tid, uint64_t tls);
  // exit of one thread while others go on: CLONE_CHILD_CLEARTID's word is cleared and woken.
  void end_thread();
  // A live thread of this process has this tid.
  bool owns_thread(pid_t tid) const;
  // Once the first thread has left: waits for the others. False when one is still asleep in
  // the host after the process ended (it is left to leave by itself).
  bool join_threads();
  // In a fork's child, whose only thread is the caller: forgets the others.
  void keep_only_this_thread();
  // The end of a fork's child whose first thread was not the host's main thread.
  [[noreturn]] void end_forked_child();
  // Runs host_signals::sleep_unless_arrived(sleep) with the process's lock released.
  int64_t sleep_unlocked(const std::function<int64_t(const sigset_t*)>& sleep);

  // syscalls/futex.cpp: the word at `address`, read atomically.
  bool futex_word(uint64_t address, uint32_t& value);
  // Wakes up to `count` waiters on `address` whose bitset meets `bitset`, and moves up to
  // `requeue_count` more to wait on `requeue_to`; returns how many it woke and moved.
  int64_t futex_wake(uint64_t address, uint32_t bitset, int64_t count, uint64_t requeue_to, int64_t requeue_count);
  // FUTEX_WAIT and FUTEX_WAIT_BITSET, with the timeout at `timeout_at` (none when 0), relative
  // or an `absolute` time of CLOCK_REALTIME (`realtime`) or CLOCK_MONOTONIC.
  int64_t futex_wait(uint64_t address, uint32_t expected, uint32_t bitset, uint64_t timeout_at, bool absolute,
                     bool realtime);

  // One handler per row of syscalls.def, in syscalls/*.cpp by subject; dispatch finds it by
  // number (syscalls.cpp).
#define W64_SYSCALL(number, name, args, result, service) int64_t sys_##name(const SyscallArgs& a);
#include "linux/syscalls.def"
  int64_t dispatch(uint64_t number, const SyscallArgs& a);

  // Maps the dynamic loader the executable names, as Linux does, below the mmap area's top.
  void load_interpreter();
  // Once the executable (and its loader) is mapped: the brk start, the initial stack and the
  // entry point.
  void start();
  void build_initial_stack();  // initial_stack.cpp
  // The run's one-line reports go where the guest's stderr goes.
  void report(const std::string& line);

  // syscalls/files.cpp: a guest descriptor's host descriptor (-1 when it names none), as a
  // directory descriptor (AT_FDCWD passes), and a new host descriptor made the guest's
  // (-errno passes through). Without a table of its own the guest's numbers are the host's.
  int host_fd(uint64_t fd) const;
  int host_dirfd(uint64_t fd) const;
  int64_t new_descriptor(int64_t host_fd, bool cloexec);
  // pipe2 and socketpair: two new host descriptors made the guest's, their numbers written at
  // `address`.
  int64_t put_descriptor_pair(uint64_t address, const int (&host_fds)[2], bool cloexec);
  // The host descriptor under `fd`, first made the guest file's own if it is pooled.
  int unshared_fd(uint64_t fd);
  // 1 or 2 when writes to `fd` are captured as the guest's stdout or stderr, else 0.
  int captured_stream(uint64_t fd) const;
  // syscalls/files.cpp: /proc/self/exe and /proc/PID/exe name the guest's executable.
  bool names_own_executable(const std::string& path) const;
  // syscalls/files.cpp: read, write and their vectored forms.
  int64_t read_into(uint64_t fd, uint64_t buffer, uint64_t count, int64_t offset, bool positional);
  int64_t write_from(uint64_t fd, uint64_t buffer, uint64_t count, int64_t offset, bool positional);
  int64_t transfer_vector(uint64_t fd, uint64_t iov, uint64_t count, bool write);
  // syscalls/special_files.cpp: sendfile, splice and copy_file_range with the guest's optional
  // offsets at `in_offset` and `out_offset` (0: none), read before and written back after.
  int64_t offset_transfer(uint64_t in_offset, uint64_t out_offset,
                          int64_t (*transfer)(loff_t* in, loff_t* out, const SyscallArgs& a), const SyscallArgs& a);
  // syscalls/sockets.cpp: a socket address from the guest (at most sockaddr_storage's size),
  // and one written back to a guest buffer whose size is at `length_at` (truncated, with the
  // full size written back; nothing when either pointer is null).
  bool read_socket_address(uint64_t address, uint64_t length, std::vector<uint8_t>& out) const;
  int64_t wait_for_socket(int fd, uint64_t flags, short events);
  int64_t write_socket_address(uint64_t address, uint64_t length_at, const uint8_t* bytes, uint32_t length);
  // sendmsg's and recvmsg's SCM_RIGHTS descriptors, the guest's to the host's or back.
  void pass_rights(struct msghdr& message, bool sending, bool cloexec);
  // syscalls/identity.cpp: getresuid's and getresgid's three ids.
  int64_t put_ids(const SyscallArgs& a, const uint32_t (&ids)[3]);
  // fcntl's record locks (F_GETLK, F_SETLK, F_SETLKW and the F_OFD_ forms) on the host.
  int64_t record_lock(int fd, int command, uint64_t address);
  // syscalls/memory.cpp: [base, base+size) may be mapped (a confined layout keeps mappings
  // inside its mmap area).
  bool placeable(uint64_t base, uint64_t size) const;
  // A new private mapping's file bytes: in a lane, the pages that read as a library window's
  // initial data are mapped from it (one copy for every lane until written); the rest written.
  void fill_file_mapping(uint64_t base, const std::vector<uint8_t>& contents, const LaneLibrary* library);

  // syscalls/processes.cpp
  int64_t fork_process(uint64_t flags, uint64_t stack, uint64_t parent_tid, uint64_t child_tid, uint64_t tls);
  // `number` and `call` are the system call's, for strace.
  int64_t exec_program(const std::string& path, uint64_t argv, uint64_t envp, uint64_t number, const SyscallArgs& call);
  // A lane runs no other process: the lane's stderr says so and the call fails with ENOSYS.
  int64_t refuse_in_lane(const char* call);
  int64_t wait_for_child(int options, const std::function<int64_t(int extra)>& attempt);

  // sleeping_calls.cpp: a system call that sleeps, as Linux runs one. `poll` tries it without
  // sleeping and returns kWouldSleep when it must wait; `sleep` waits with the host mask it is
  // given (ppoll, sigsuspend) until `poll` may succeed or a host signal comes, and returns
  // -EINTR for the signal. A signal that will run a guest handler or end the process ends the
  // call with `interrupted` (kRestartSys or kRestartNoHandler, which handle_stop makes -EINTR
  // or a restart); any other is taken and the call goes on sleeping.
  int64_t sleep_until(const std::function<int64_t()>& poll, const std::function<int64_t(const sigset_t*)>& sleep,
                      int64_t interrupted);
  // Sleeps until a blocking descriptor is ready for `events` (POLLIN, POLLOUT), so that the
  // host call after it does not sleep where no signal can end it: 0, or kRestartSys.
  int64_t wait_until_ready(int fd, short events);
  // syscalls/poll.cpp: ppoll and pselect6's common part. Runs `attempt(timeout, mask)`, a host
  // ppoll or pselect6, as a sleeping call, with the guest's timeout at `timeout_at` (none
  // when 0; the time left is written back) and the guest's mask for the call at `mask_at`.
  int64_t poll_descriptors(uint64_t timeout_at, uint64_t mask_at,
                           const std::function<int64_t(const timespec*, const sigset_t*)>& attempt);

  // signal_delivery.cpp
  GuestSigaction action(int sig) const;
  // Makes `sig` pending with `info`; deliver_pending acts on it when the system call returns,
  // as the kernel does on its way back to user space.
  int64_t queue_signal(int sig, const SignalInfo& info);
  // siginfo of a signal this process sends itself.
  static SignalInfo sent_by_self(int code);
  // Queues the host signals that have arrived.
  void take_host_signals();
  // True when a pending, unblocked signal will run a handler or end the process; a pending
  // signal whose default action stops the process stops it here, as inside a sleeping call.
  bool signal_waiting();
  // A system call's result once the signals that interrupted it are known: a restart code
  // becomes -EINTR, or the call is made to run again (pc back on the SVC, x0 its first
  // argument) after the handler, as arch/arm64/kernel/signal.c does.
  int64_t restart_or_interrupt(int64_t result, uint64_t first_arg);
  // The default action that stops the process: the emulator stops until SIGCONT.
  void stop_by(int sig);
  bool on_altstack(uint64_t sp) const;
  uint64_t altstack_flags(uint64_t sp) const;
  // Sets the alternate stack as sigaltstack does: 0, -EINVAL or -ENOMEM.
  int64_t set_altstack(uint64_t sp, int flags, uint64_t size);
  // Acts on every pending signal the mask lets through.
  void deliver_pending();
  // Runs the guest's handler for the signal a fault raised; false when the default action
  // (death) applies, as Linux forces it for a blocked or ignored synchronous signal.
  bool deliver_fault(const core::RunResult& stop, int sig);
  // "warp64: guest SIGSEGV: WHAT at pc 0x... <symbol+0x...>"
  std::string signal_report(int sig, const std::string& what, uint64_t pc) const;
  void die_of_signal(int sig, const std::string& why);
  // The process ends as killed by `sig` (or, for SIGXCPU, stopped by --max-cycles).
  void end_by(int sig);
  void report_fault(const core::RunResult& stop, int sig);

  // signal_frames.cpp: a handler's frame goes below the stack (false when it cannot be
  // written); rt_sigreturn restores from it (false for a frame Linux rejects).
  bool push_signal_frame(int sig, const GuestSigaction& act, const FaultSignal* fault = nullptr);
  bool restore_signal_frame();
  std::vector<uint8_t> signal_frame(int sig, const FaultSignal* fault) const;
  // Where the handler returns to: SA_RESTORER's address, else a trampoline page of our own.
  std::optional<uint64_t> signal_restorer(const GuestSigaction& act);

  // strace.cpp
  std::string format_arg(char kind, uint64_t value, uint64_t next, int64_t result) const;
  void trace_call(uint64_t number, const SyscallArgs& a, int64_t result) const;
  void trace_signal(int sig, const FaultSignal* fault) const;
  void trace_killed(int sig) const;
  // "[pid N] " once the guest has more than one process, else "".
  std::string trace_prefix() const;

  const ProcessOptions& options_;
  ProcessLayout layout_;
  AddressSpace space_;
  GuestMemory guest_{space_};
  std::string captured_[3];
  std::string last_report_;
  std::optional<FileTable> files_;  // a lane's own descriptors; none: the host's
  ElfImage image_;
  Sysroot sysroot_;
  ElfImage interpreter_;  // the dynamic loader's image; entry 0 for a static executable
  std::string exe_path_;
  std::string auxv_;
  char name_[16] = {};  // prctl's PR_GET_NAME: the executable's file name, as Linux sets it
  uint64_t brk_start_ = 0, brk_ = 0;
  std::map<int, std::array<uint8_t, 32>> actions_;
  uint64_t pending_ = 0;               // standard signals do not queue: one bit each
  SignalInfo pending_info_[65] = {};   // siginfo of each pending signal
  uint64_t sigreturn_trampoline_ = 0;  // stands in for the vDSO's __kernel_rt_sigreturn
  bool forked_ = false;
  bool several_processes_ = false;  // strace says which process each line is from
  bool several_threads_ = false;    // ... or thread
  bool threads_refused_ = false;    // a lane has said that it runs no thread
  // A debugger's hold on signals (each thread keeps the one it took), and the signal it is
  // passing on, which is delivered rather than held again.
  bool debugger_holds_signals_ = false;
  int passed_by_debugger_ = 0;
  ThreadSupervisor* supervisor_ = nullptr;
  bool exited_ = false;
  int exit_code_ = 0;
  int exit_signal_ = 0;

  // Threads. The list never moves a thread; the first is the one the process started with.
  std::list<GuestThread> threads_ = std::list<GuestThread>(1);
  GuestThread* thread_ = &threads_.front();  // the thread whose stop is being acted on
  // Held while a stop is acted on: the process's bookkeeping sees one thread at a time.
  std::mutex kernel_;
  // Futex wakes, a thread's end, the process's end.
  std::condition_variable_any woken_;
  std::vector<FutexWaiter*> futex_waiters_;  // in the order they began to wait
  const char* engine_name_ = "cpu";
  uint64_t other_cycles_ = 0;  // instructions of every thread but the first, once finished
};

}  // namespace warp64::linux_abi
