// Catches the signals its own faults raise: a write through a null pointer (SEGV_MAPERR), a
// write to a read-only page (SEGV_ACCERR), an undefined instruction (SIGILL, ILL_ILLOPC) and
// a BRK (SIGTRAP), each handler reading siginfo and leaving through siglongjmp; then the
// same fault with the signal blocked, which Linux turns into death by SIGSEGV.
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

static sigjmp_buf back;
static volatile int seen_sig, seen_code;
static void* volatile seen_addr;

static void on_fault(int sig, siginfo_t* info, void* context) {
  (void)context;
  seen_sig = info->si_signo == sig ? sig : -1;
  seen_code = info->si_code;
  seen_addr = info->si_addr;
  siglongjmp(back, 1);
}

extern char undefined_here[], breakpoint_here[];

__attribute__((noinline)) static void undefined_instruction(void) {
  __asm__ volatile(".global undefined_here\nundefined_here: .inst 0x00000000");
}
__attribute__((noinline)) static void breakpoint(void) {
  __asm__ volatile(".global breakpoint_here\nbreakpoint_here: brk #7");
}

int main(int argc, char** argv) {
  // With an argument, SIGILL's si_code is printed too: Linux gives ILL_ILLOPC, qemu-aarch64
  // ILL_ILLOPN, so the comparison with qemu leaves it out.
  const int show_ill_code = argc > 1;
  (void)argv;
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_fault;
  sa.sa_flags = SA_SIGINFO;
  sigaction(SIGSEGV, &sa, NULL);
  sigaction(SIGILL, &sa, NULL);
  sigaction(SIGTRAP, &sa, NULL);

  if (sigsetjmp(back, 1) == 0) *(volatile int*)0 = 1;
  printf("null write: sig %d code %d addr %p\n", seen_sig, seen_code, seen_addr);

  char* page = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (sigsetjmp(back, 1) == 0) page[100] = 1;
  printf("read-only write: sig %d code %d offset %ld\n", seen_sig, seen_code, (long)((char*)seen_addr - page));

  if (sigsetjmp(back, 1) == 0) undefined_instruction();
  printf("undefined: sig %d at the instruction %d\n", seen_sig, (char*)seen_addr == undefined_here);
  if (show_ill_code) printf("undefined: code %d\n", seen_code);

  if (sigsetjmp(back, 1) == 0) breakpoint();
  printf("breakpoint: sig %d at the instruction %d\n", seen_sig, (char*)seen_addr == breakpoint_here);

  sigset_t block;
  sigemptyset(&block);
  sigaddset(&block, SIGSEGV);
  sigprocmask(SIG_BLOCK, &block, NULL);
  printf("blocked, faulting again\n");
  fflush(stdout);
  *(volatile int*)0 = 2;
  printf("not reached\n");
  return 0;
}
