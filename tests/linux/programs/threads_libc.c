// POSIX threads under one address space, each part printing only what any correct run prints:
// a thread pool summing work items, a producer and consumers under a mutex and condition
// variables, C11 atomic counters (fetch_add and compare-exchange loops), pthread_join's return
// values, thread-local storage, a detached thread, futex timeouts, a signal to the process
// taken by the thread that does not block it, fork in a thread; and apart, a thread calling exit() while others
// run, and one that faults. Built for armv8-a (exclusives) and armv8.1-a (LSE atomics).
#define _GNU_SOURCE
#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define WORKERS 6

// ---- a pool: workers take item numbers from a shared queue until it is empty --------------
static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;
static int next_item = 0;
enum { kItems = 1000 };

static void* pool_worker(void* arg) {
  long long* sum = arg;
  for (;;) {
    pthread_mutex_lock(&pool_lock);
    const int item = next_item < kItems ? next_item++ : -1;
    pthread_mutex_unlock(&pool_lock);
    if (item < 0) return NULL;
    *sum += (long long)item * item;
  }
}

static void pool(void) {
  pthread_t threads[WORKERS];
  long long sums[WORKERS] = {0};
  for (int i = 0; i < WORKERS; ++i) pthread_create(&threads[i], NULL, pool_worker, &sums[i]);
  long long total = 0;
  for (int i = 0; i < WORKERS; ++i) {
    pthread_join(threads[i], NULL);
    total += sums[i];
  }
  printf("pool: sum of squares below %d = %lld\n", kItems, total);
}

// ---- producer and consumers: a bounded buffer ----------------------------------------------
enum { kSlots = 4, kMessages = 2000, kConsumers = 3 };
static int buffer[kSlots], head, tail, count, done;
static pthread_mutex_t buffer_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t not_full = PTHREAD_COND_INITIALIZER, not_empty = PTHREAD_COND_INITIALIZER;

static void* consumer(void* arg) {
  long long* taken = arg;
  for (;;) {
    pthread_mutex_lock(&buffer_lock);
    while (count == 0 && !done) pthread_cond_wait(&not_empty, &buffer_lock);
    if (count == 0) {
      pthread_mutex_unlock(&buffer_lock);
      return NULL;
    }
    const int value = buffer[head];
    head = (head + 1) % kSlots;
    --count;
    pthread_cond_signal(&not_full);
    pthread_mutex_unlock(&buffer_lock);
    taken[0] += value;
    taken[1] += 1;
  }
}

static void producer_consumer(void) {
  pthread_t threads[kConsumers];
  long long taken[kConsumers][2] = {{0}};
  for (int i = 0; i < kConsumers; ++i) pthread_create(&threads[i], NULL, consumer, taken[i]);
  for (int value = 1; value <= kMessages; ++value) {
    pthread_mutex_lock(&buffer_lock);
    while (count == kSlots) pthread_cond_wait(&not_full, &buffer_lock);
    buffer[tail] = value;
    tail = (tail + 1) % kSlots;
    ++count;
    pthread_cond_signal(&not_empty);
    pthread_mutex_unlock(&buffer_lock);
  }
  pthread_mutex_lock(&buffer_lock);
  done = 1;
  pthread_cond_broadcast(&not_empty);
  pthread_mutex_unlock(&buffer_lock);
  long long sum = 0, messages = 0;
  for (int i = 0; i < kConsumers; ++i) {
    pthread_join(threads[i], NULL);
    sum += taken[i][0];
    messages += taken[i][1];
  }
  printf("producer-consumer: %lld messages, sum %lld\n", messages, sum);
}

// ---- atomics ----------------------------------------------------------------------------
enum { kIncrements = 20000 };
static atomic_int add_counter;
static atomic_llong cas_counter;
static _Atomic uint8_t byte_counter;
static atomic_int max_seen;

static void* atomic_worker(void* arg) {
  const int id = (int)(intptr_t)arg;
  for (int i = 0; i < kIncrements; ++i) {
    atomic_fetch_add(&add_counter, 1);
    long long old = atomic_load_explicit(&cas_counter, memory_order_relaxed);
    while (!atomic_compare_exchange_weak(&cas_counter, &old, old + 3)) {
    }
    atomic_fetch_add_explicit(&byte_counter, 1, memory_order_relaxed);
  }
  int seen = atomic_load(&max_seen);
  while (seen < id && !atomic_compare_exchange_weak(&max_seen, &seen, id)) {
  }
  return NULL;
}

static void atomics(void) {
  pthread_t threads[WORKERS];
  for (int i = 0; i < WORKERS; ++i) pthread_create(&threads[i], NULL, atomic_worker, (void*)(intptr_t)(i + 1));
  for (int i = 0; i < WORKERS; ++i) pthread_join(threads[i], NULL);
  printf("atomics: fetch_add %d, cas %lld, byte %u (wraps), max %d\n", atomic_load(&add_counter),
         atomic_load(&cas_counter), (unsigned)atomic_load(&byte_counter), atomic_load(&max_seen));
}

// ---- join values, thread-local storage ---------------------------------------------------
static __thread int tls_value = 7;
static __thread char tls_name[16];

static void* returns_square(void* arg) {
  const intptr_t n = (intptr_t)arg;
  tls_value += (int)n;
  snprintf(tls_name, sizeof tls_name, "thread %d", (int)n);
  usleep(1000 * (int)(5 - n));  // they end in another order than they started
  if (strcmp(tls_name, "thread") < 0 || tls_value != 7 + n) return (void*)-1;
  return (void*)(n * n);
}

static void join_values(void) {
  pthread_t threads[5];
  for (intptr_t i = 0; i < 5; ++i) pthread_create(&threads[i], NULL, returns_square, (void*)i);
  printf("join:");
  for (int i = 0; i < 5; ++i) {
    void* value;
    pthread_join(threads[i], &value);
    printf(" %ld", (long)(intptr_t)value);
  }
  printf("; main's tls %d '%s'\n", tls_value, tls_name);
}

// ---- a detached thread, gettid and getpid ----------------------------------------------------
static atomic_int detached_done;
static pid_t detached_tid;

static void* detached(void* arg) {
  (void)arg;
  detached_tid = (pid_t)syscall(SYS_gettid);
  atomic_store(&detached_done, getpid() == *(pid_t*)arg ? 1 : 2);
  return NULL;
}

static void detached_thread(void) {
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  pthread_t thread;
  static pid_t pid;
  pid = getpid();
  pthread_create(&thread, &attr, detached, &pid);
  while (atomic_load(&detached_done) == 0) sched_yield();
  printf("detached: same pid %s, own tid %s\n", atomic_load(&detached_done) == 1 ? "yes" : "no",
         detached_tid != syscall(SYS_gettid) && detached_tid > 0 ? "yes" : "no");
}

// ---- futex: a value that differs, a timeout ---------------------------------------------------
static void futexes(void) {
  static uint32_t word = 1;
  struct timespec relative = {0, 20 * 1000 * 1000};
  long r = syscall(SYS_futex, &word, FUTEX_WAIT_PRIVATE, 2, &relative, NULL, 0);
  printf("futex wait, other value: %ld %s\n", r, r < 0 ? strerror(errno) : "");
  r = syscall(SYS_futex, &word, FUTEX_WAIT_PRIVATE, 1, &relative, NULL, 0);
  printf("futex wait 20 ms: %ld %s\n", r, r < 0 ? strerror(errno) : "");
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  now.tv_nsec += 10 * 1000 * 1000;
  if (now.tv_nsec >= 1000000000) now.tv_sec += 1, now.tv_nsec -= 1000000000;
  r = syscall(SYS_futex, &word, FUTEX_WAIT_BITSET_PRIVATE, 1, &now, NULL, FUTEX_BITSET_MATCH_ANY);
  printf("futex wait_bitset until +10 ms: %ld %s\n", r, r < 0 ? strerror(errno) : "");
  r = syscall(SYS_futex, &word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
  printf("futex wake, nobody waiting: %ld\n", r);
}

// ---- exit() from a thread while others run ----------------------------------------------
static void* spins(void* arg) {
  (void)arg;
  for (volatile unsigned long i = 0;; ++i) {
  }
  return NULL;
}

static void* exits(void* arg) {
  (void)arg;
  usleep(10000);
  printf("exit: a thread calls exit(3)\n");
  exit(3);
}

static void exit_from_thread(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, spins, NULL);
  pthread_create(&b, NULL, exits, NULL);
  pthread_join(a, NULL);  // never returns
}

// ---- a fault in a thread kills the process ------------------------------------------------
static void* faults(void* arg) {
  usleep(10000);
  *(volatile int*)arg = 1;
  return NULL;
}

static void fault_in_thread(void) {
  pthread_t thread;
  pthread_create(&thread, NULL, faults, NULL);
  pthread_join(thread, NULL);
  printf("fault: not reached\n");
}

// ---- a signal to the process: the thread that does not block it runs the handler ------------
static pthread_t handler_ran_on;
static atomic_int handled;
static sem_t worker_ready;

static void on_usr1(int sig) {
  (void)sig;
  handler_ran_on = pthread_self();
  atomic_store(&handled, 1);
}

static void* waits_for_signal(void* arg) {
  (void)arg;
  sem_post(&worker_ready);
  while (!atomic_load(&handled)) usleep(1000);
  return NULL;
}

static void process_signal(void) {
  signal(SIGUSR1, on_usr1);
  sigset_t usr1;
  sigemptyset(&usr1);
  sigaddset(&usr1, SIGUSR1);
  sem_init(&worker_ready, 0, 0);
  pthread_t worker;
  pthread_create(&worker, NULL, waits_for_signal, NULL);  // its mask, the main thread's, is empty
  sem_wait(&worker_ready);
  pthread_sigmask(SIG_BLOCK, &usr1, NULL);
  kill(getpid(), SIGUSR1);
  pthread_join(worker, NULL);
  printf("signal: handled by %s\n", pthread_equal(handler_ran_on, worker) ? "worker" : "main");
}

// ---- fork in a thread while another runs: the child has the forking thread only ------------
static atomic_int keep_spinning = 1;

static void* spins_until_told(void* arg) {
  (void)arg;
  while (atomic_load(&keep_spinning)) {
  }
  return NULL;
}

static void* forks(void* arg) {
  (void)arg;
  const pid_t child = fork();
  if (child == 0) {
    pthread_t thread;
    const int created = pthread_create(&thread, NULL, returns_square, (void*)3);
    void* value = NULL;
    if (created == 0) pthread_join(thread, &value);
    printf("fork: the child's new thread returned %ld\n", (long)(intptr_t)value);
    exit(5);
  }
  int status = 0;
  waitpid(child, &status, 0);
  printf("fork: child exited with %d\n", WEXITSTATUS(status));
  return NULL;
}

static void fork_in_thread(void) {
  pthread_t spinner, forker;
  pthread_create(&spinner, NULL, spins_until_told, NULL);
  pthread_create(&forker, NULL, forks, NULL);
  pthread_join(forker, NULL);
  atomic_store(&keep_spinning, 0);
  pthread_join(spinner, NULL);
}

// ---- one thread, where threads may be refused (a lane) ------------------------------------
static void create_only(void) {
  pthread_t thread;
  const int r = pthread_create(&thread, NULL, returns_square, (void*)1);
  printf("pthread_create: %s\n", r == 0 ? "ok" : strerror(r));
  if (r == 0) pthread_join(thread, NULL);
}

int main(int argc, char** argv) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  const char* part = argc > 1 ? argv[1] : "all";
  if (!strcmp(part, "exit")) {
    exit_from_thread();
    return 0;
  }
  if (!strcmp(part, "create")) {
    create_only();
    return 0;
  }
  if (!strcmp(part, "fault")) {
    fault_in_thread();
    return 0;
  }
  pool();
  producer_consumer();
  atomics();
  join_values();
  detached_thread();
  futexes();
  process_signal();
  fork_in_thread();
  return 0;
}
