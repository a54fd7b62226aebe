// 8 threads, each adding 1 a million times to an atomic counter and as many times to a counter
// under a mutex, in 100 rounds of 10^4: both totals must be exact after every round.
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

enum { kThreads = 8, kRounds = 100, kPerRound = 10000 };

static atomic_long atomic_total;
static long locked_total;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static void* add(void* arg) {
  (void)arg;
  for (int i = 0; i < kPerRound; ++i) {
    atomic_fetch_add_explicit(&atomic_total, 1, memory_order_relaxed);
    pthread_mutex_lock(&lock);
    ++locked_total;
    pthread_mutex_unlock(&lock);
  }
  return NULL;
}

int main(void) {
  for (int round = 1; round <= kRounds; ++round) {
    pthread_t threads[kThreads];
    for (int i = 0; i < kThreads; ++i) pthread_create(&threads[i], NULL, add, NULL);
    for (int i = 0; i < kThreads; ++i) pthread_join(threads[i], NULL);
    const long expected = (long)round * kThreads * kPerRound;
    if (atomic_load(&atomic_total) != expected || locked_total != expected) {
      printf("round %d: atomic %ld, locked %ld, expected %ld\n", round, atomic_load(&atomic_total), locked_total,
             expected);
      return 1;
    }
  }
  printf("%d rounds exact: %ld atomic and %ld locked increments\n", kRounds, atomic_load(&atomic_total),
         locked_total);
  return 0;
}
