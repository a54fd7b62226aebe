// Two worker threads for gdb to stop in: each sleeps (so that the first thread is waiting in
// pthread_join by then; the first worker wakes long before the second), then adds its share to
// a global. The exit status is the total, 37 + 47.
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static long total;

static long __attribute__((noinline)) add_share(long id, long share) {
  total += share;
  return total;
}

static void* worker(void* arg) {
  const long id = (long)arg;
  const long share = id * 10 + 7;
  usleep(id == 3 ? 200000 : 800000);
  add_share(id, share);
  return (void*)share;
}

int main(void) {
  pthread_t first, second;
  pthread_create(&first, NULL, worker, (void*)3);
  pthread_create(&second, NULL, worker, (void*)4);
  void* first_share;
  void* second_share;
  pthread_join(first, &first_share);
  pthread_join(second, &second_share);
  printf("shares %ld and %ld, total %ld\n", (long)first_share, (long)second_share, total);
  return (int)total;
}
