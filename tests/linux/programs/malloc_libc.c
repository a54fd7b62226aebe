// Heap use: many malloc/free sizes (brk and mmap), sums, and strings.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void) {
  unsigned long sum = 0;
  for (int i = 1; i <= 200; ++i) {
    char* p = malloc(i * 97);
    memset(p, i & 0xff, i * 97);
    sum += (unsigned char)p[i * 97 - 1];
    free(p);
  }
  char* big = malloc(1 << 20);
  strcpy(big, "big block");
  printf("%s %lu\n", big, sum);
  free(big);
  return 0;
}
