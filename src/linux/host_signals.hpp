// Signals from outside the guest — another process's kill, a child's exit, a write to a pipe
// nobody reads, the terminal, an alarm — reach the emulator as host signals. A host handler
// only records each one; the guest's process takes them at its next chance (between engine
// slices, after a system call, or when one wakes a system call that sleeps) and acts on them
// as Linux would. The record belongs to the host process, not to a guest thread, so that
// threads can share it.
#pragma once

#include <signal.h>
#include <sys/types.h>

#include <cstdint>
#include <functional>

#include "linux/signals.hpp"

namespace warp64::linux_abi::host_signals {

// What the emulator inherited from whoever started it, as a process inherits it across exec.
struct Inherited {
  uint64_t ignored = 0;  // signals ignored (SIG_IGN): the guest starts with them ignored
  uint64_t blocked = 0;  // the signal mask: the guest starts with it
};

// Catches every signal a guest can be sent (all but SIGKILL, SIGSTOP and the two glibc keeps
// for itself) that was not inherited ignored, except the ones whose default action stops the
// process (Disposition::kDefault); leaves the host mask empty and returns what was inherited.
// Called once, before the guest starts; later calls only return the same.
Inherited catch_all();

// True once catch_all has run: host signals are the guest's.
bool active();

// What the host does with a signal.
enum class Disposition {
  kCatch,    // record it for the guest
  kIgnore,   // the guest ignores it: so an ignored SIGCHLD reaps children, and an ignored signal
             // stays ignored across exec, as on Linux
  kDefault,  // the guest takes the default action and it stops the process: the emulator stops
             // at once, as the terminal's SIGTTIN and SIGTTOU want (a caught one makes the
             // kernel retry the terminal access)
};

// Keeps the host's disposition of `sig` in step with the guest's action.
void follow_guest_action(int sig, Disposition disposition);

// True when the host catches `sig` (so that, for SIGCHLD, a child's exit wakes a sleep).
bool caught(int sig);

// Moves every signal that has arrived into `info` (indexed by signal number) and returns their
// set (bit sig-1 for each).
uint64_t take(SignalInfo (&info)[65]);

// The host's fork for a guest's fork: the child starts with no signal arrived, yet keeps one
// sent to it at once (caught signals stay blocked across the fork).
pid_t fork_process();

// Runs `sleep(mask)` with every caught signal blocked except while `sleep` waits with `mask`
// (ppoll, sigsuspend), so that a signal arriving at any moment ends the wait; returns
// -EINTR without calling it when a signal has already arrived. `sleep` returns -EINTR when a
// signal woke it.
int64_t sleep_unless_arrived(const std::function<int64_t(const sigset_t* mask)>& sleep);

// Before a host execve: the guest's mask becomes the host's, which exec keeps; after an
// execve that failed, the host's mask is empty again.
void block_for_exec(uint64_t guest_mask);
void unblock_after_exec_failed();

// Before the guest's first instruction (warp64 waiting for a debugger): a signal that has
// arrived and would end the guest by its default action, unless the guest starts with it
// blocked, ends warp64 by it now, as it would end the guest at its start.
void die_by_fatal_arrival();

// Ends the host process by `sig`, as the guest process died of it: the default action,
// unblocked, and no core file of the emulator.
[[noreturn]] void die_by(int sig);

}  // namespace warp64::linux_abi::host_signals
