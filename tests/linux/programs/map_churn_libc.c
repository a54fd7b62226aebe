// Address-space churn for measuring the memory map: `brk COUNT MIB` grows the heap to MIB
// mebibytes in COUNT steps, touching every new page; `mmap PAIRS LIVE` keeps LIVE anonymous
// mappings of 1 to 4 pages alive and replaces the oldest PAIRS times (one munmap and one mmap
// each), touching each new one. Prints a checksum of what it read back.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static uint64_t grow_heap(long count, long mib) {
  const long step = (mib << 20) / count;
  uint64_t sum = 0;
  for (long i = 0; i < count; ++i) {
    unsigned char* block = sbrk(step);
    if (block == (void*)-1) return 0;
    for (long at = 0; at < step; at += 4096) block[at] = (unsigned char)(i + at / 4096);
    sum += block[0] + block[step - 1];
  }
  return sum;
}

static uint64_t churn_mappings(long pairs, long live) {
  unsigned char** ring = calloc(live, sizeof *ring);
  size_t* sizes = calloc(live, sizeof *sizes);
  uint64_t sum = 0;
  for (long i = 0; i < pairs + live; ++i) {
    const long slot = i % live;
    if (ring[slot] != NULL) {
      sum += ring[slot][0] + ring[slot][sizes[slot] - 1];
      munmap(ring[slot], sizes[slot]);
    }
    sizes[slot] = 4096 * (1 + i % 4);
    ring[slot] = mmap(NULL, sizes[slot], PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (ring[slot] == MAP_FAILED) return 0;
    ring[slot][0] = (unsigned char)i;
    ring[slot][sizes[slot] - 1] = (unsigned char)(i >> 8);
  }
  return sum;
}

int main(int argc, char** argv) {
  if (argc == 4 && strcmp(argv[1], "brk") == 0) {
    printf("%llu\n", (unsigned long long)grow_heap(atol(argv[2]), atol(argv[3])));
  } else if (argc == 4 && strcmp(argv[1], "mmap") == 0) {
    printf("%llu\n", (unsigned long long)churn_mappings(atol(argv[2]), atol(argv[3])));
  } else {
    fprintf(stderr, "usage: map_churn brk COUNT MIB | mmap PAIRS LIVE\n");
    return 2;
  }
  return 0;
}
