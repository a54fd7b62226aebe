// A known path to a fault: main calls f, f calls g, and g reads through a bad pointer, in the
// lane whose argument is 3 only; every other lane prints (lane + 1) * 2 and exits 0.
#include <stdio.h>
#include <stdlib.h>

__attribute__((noipa)) int g(volatile int *p) { return *p + 1; }

__attribute__((noipa)) int f(volatile int *p) { return g(p) * 2; }

int main(int argc, char **argv) {
  int lane = argc > 1 ? atoi(argv[1]) : 0;
  volatile int value = lane;
  volatile int *p = lane == 3 ? (volatile int *)16 : &value;
  printf("lane %d: %d\n", lane, f(p));
  return 0;
}
