// The AArch64 signal frame: written below the stack when a handler runs, read back by
// rt_sigreturn.

#include <cstring>
#include <vector>

#include "linux/process.hpp"

namespace warp64::linux_abi {
namespace {

// The AArch64 rt_sigframe (arch/arm64/kernel/signal.c, asm/sigcontext.h, asm/ucontext.h):
// struct siginfo (128 bytes), then struct ucontext whose uc_mcontext is 16-byte aligned.
namespace frame {
constexpr uint64_t kInfo = 0;
constexpr uint64_t kUc = 128;
constexpr uint64_t kUcFlags = kUc + 0, kUcLink = kUc + 8, kUcStack = kUc + 16, kUcSigmask = kUc + 40;
constexpr uint64_t kMcontext = kUc + 176;  // after the kernel's 128-byte sigset area, aligned to 16
constexpr uint64_t kFaultAddress = kMcontext + 0, kRegs = kMcontext + 8, kSp = kMcontext + 256, kPc = kMcontext + 264,
                   kPstate = kMcontext + 272;
constexpr uint64_t kReserved = kMcontext + 288, kReservedSize = 4096;
constexpr uint64_t kSize = kReserved + kReservedSize;  // sizeof(struct rt_sigframe), a multiple of 16
constexpr uint32_t kFpsimdMagic = 0x46508001, kFpsimdSize = 528;
constexpr uint32_t kEsrMagic = 0x45535201, kEsrSize = 16;
static_assert(kSize == 4688);
}  // namespace frame

// The records in __reserved: fpsimd_context is required, an esr_context may be present,
// a null record ends them. True when the frame's records are ones Linux accepts.
bool records_valid(const std::vector<uint8_t>& f) {
  auto get = [&](uint64_t offset, uint32_t& value) { std::memcpy(&value, f.data() + offset, sizeof value); };
  bool have_fpsimd = false;
  for (uint64_t offset = 0;;) {
    if (offset + 8 > frame::kReservedSize) return false;
    uint32_t magic, size;
    get(frame::kReserved + offset, magic);
    get(frame::kReserved + offset + 4, size);
    if (magic == 0) return size == 0 && have_fpsimd;
    if (magic == frame::kFpsimdMagic) {
      if (size != frame::kFpsimdSize || have_fpsimd) return false;
      have_fpsimd = true;
    } else if (magic != frame::kEsrMagic || size != frame::kEsrSize) {
      return false;
    }
    if (size % 16 || size > frame::kReservedSize - offset) return false;
    offset += size;
  }
}

}  // namespace

std::optional<uint64_t> Process::signal_restorer(const GuestSigaction& act) {
  if (act.flags & kSaRestorer) return act.restorer;
  // Linux returns through the vDSO's sigreturn; a page of our own holds the same two
  // instructions: mov x8, #139; svc #0.
  if (sigreturn_trampoline_ == 0) {
    const uint64_t page = space_.find_free(kPageSize, layout_.mmap_floor, layout_.mmap_ceiling, kPageSize);
    if (page == 0) return std::nullopt;
    space_.map(page, kPageSize, kPermRead | kPermWrite);
    const uint32_t code[2] = {0xd2801168, 0xd4000001};
    guest_.copy_out(page, code, sizeof code);
    space_.protect(page, kPageSize, kPermRead | kPermExecute);
    sigreturn_trampoline_ = page;
  }
  return sigreturn_trampoline_;
}

std::vector<uint8_t> Process::signal_frame(int sig, const FaultSignal* fault) const {
  std::vector<uint8_t> f(frame::kSize, 0);
  auto at = [&](uint64_t offset, auto value) { std::memcpy(f.data() + offset, &value, sizeof value); };
  // siginfo: si_signo, si_errno, si_code, then _sigfault { si_addr } for a fault, or
  // _kill { si_pid, si_uid } and for SIGCHLD _sigchld's si_status, si_utime and si_stime.
  at(frame::kInfo + 0, static_cast<int32_t>(sig));
  if (fault != nullptr) {
    at(frame::kInfo + 8, static_cast<int32_t>(fault->code));
    at(frame::kInfo + 16, fault->address);
  } else {
    const SignalInfo& info = pending_info_[sig];
    at(frame::kInfo + 8, info.code);
    at(frame::kInfo + 16, info.pid);
    at(frame::kInfo + 20, info.uid);
    if (sig == SIGCHLD) {
      at(frame::kInfo + 24, info.status);
      at(frame::kInfo + 32, info.utime);
      at(frame::kInfo + 40, info.stime);
    }
  }
  // uc_flags and uc_link stay zero.
  at(frame::kUcStack + 0, thread_->altstack.sp);
  at(frame::kUcStack + 8, static_cast<int32_t>(altstack_flags(thread_->state.sp)));
  at(frame::kUcStack + 16, thread_->altstack.size);
  at(frame::kUcSigmask, thread_->suspended_mask.value_or(thread_->sigmask));
  at(frame::kFaultAddress, fault != nullptr ? fault->address : uint64_t{0});
  for (int i = 0; i < 31; ++i) at(frame::kRegs + 8 * i, thread_->state.x[i]);
  at(frame::kSp, thread_->state.sp);
  at(frame::kPc, thread_->state.pc);
  at(frame::kPstate, static_cast<uint64_t>(thread_->state.nzcv & 0xf0000000u));
  // fpsimd_context, then the terminating null record.
  at(frame::kReserved + 0, frame::kFpsimdMagic);
  at(frame::kReserved + 4, frame::kFpsimdSize);
  at(frame::kReserved + 8, thread_->state.fpsr);
  at(frame::kReserved + 12, thread_->state.fpcr);
  std::memcpy(f.data() + frame::kReserved + 16, thread_->state.v, sizeof thread_->state.v);
  return f;
}

bool Process::push_signal_frame(int sig, const GuestSigaction& act, const FaultSignal* fault) {
  uint64_t sp = thread_->state.sp;
  if ((act.flags & kSaOnstack) && altstack_flags(sp) == 0) sp = thread_->altstack.sp + thread_->altstack.size;
  const uint64_t record = (sp - 16) & ~15ull;  // the frame record {fp, lr}
  const uint64_t base = record - frame::kSize;
  if (base > record || !guest_.accessible(base, record + 16 - base, kPermWrite)) return false;
  const std::optional<uint64_t> restorer = signal_restorer(act);
  if (!restorer) return false;

  const std::vector<uint8_t> f = signal_frame(sig, fault);
  guest_.copy_out(base, f.data(), f.size());
  const uint64_t fp_lr[2] = {thread_->state.x[29], thread_->state.x[30]};
  guest_.copy_out(record, fp_lr, sizeof fp_lr);
  if (options_.strace) trace_signal(sig, fault);

  thread_->state.x[0] = static_cast<uint64_t>(sig);
  thread_->state.x[1] = base + frame::kInfo;
  thread_->state.x[2] = base + frame::kUc;
  thread_->state.x[29] = record;
  thread_->state.x[30] = *restorer;
  thread_->state.sp = base;
  thread_->state.pc = act.handler;
  thread_->state.exclusive_open = 0;

  thread_->suspended_mask.reset();
  uint64_t blocked = thread_->sigmask | act.mask;
  if (!(act.flags & kSaNodefer)) blocked |= sig_bit(sig);
  thread_->sigmask = blocked & ~kUnblockable;
  if (act.flags & kSaResethand) {
    GuestSigaction reset = act;
    reset.handler = kSigDfl;
    std::memcpy(actions_[sig].data(), &reset, sizeof reset);
  }
  return true;
}

bool Process::restore_signal_frame() {
  const uint64_t base = thread_->state.sp;
  if (base & 15) return false;
  std::vector<uint8_t> f(frame::kSize);
  if (!guest_.copy_in(base, f.data(), f.size()) || !records_valid(f)) return false;
  auto get = [&](uint64_t offset, auto& value) { std::memcpy(&value, f.data() + offset, sizeof value); };

  uint64_t mask, pstate;
  get(frame::kUcSigmask, mask);
  for (int i = 0; i < 31; ++i) get(frame::kRegs + 8 * i, thread_->state.x[i]);
  get(frame::kSp, thread_->state.sp);
  get(frame::kPc, thread_->state.pc);
  get(frame::kPstate, pstate);
  thread_->state.nzcv = static_cast<uint32_t>(pstate) & 0xf0000000u;
  for (uint64_t offset = 0;;) {  // the fpsimd record, found again now the walk is known good
    uint32_t magic, size;
    get(frame::kReserved + offset, magic);
    get(frame::kReserved + offset + 4, size);
    if (magic == frame::kFpsimdMagic) {
      get(frame::kReserved + offset + 8, thread_->state.fpsr);
      get(frame::kReserved + offset + 12, thread_->state.fpcr);
      std::memcpy(thread_->state.v, f.data() + frame::kReserved + offset + 16, sizeof thread_->state.v);
      break;
    }
    offset += size;
  }
  thread_->sigmask = mask & ~kUnblockable;
  thread_->state.exclusive_open = 0;
  // uc_stack: the handler may have changed the alternate stack; ignored while running on it.
  uint64_t ss_sp, ss_size;
  int32_t ss_flags;
  get(frame::kUcStack + 0, ss_sp);
  get(frame::kUcStack + 8, ss_flags);
  get(frame::kUcStack + 16, ss_size);
  if (!on_altstack(thread_->state.sp)) set_altstack(ss_sp, ss_flags, ss_size);
  return true;
}

}  // namespace warp64::linux_abi
