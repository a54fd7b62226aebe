// Prints, then writes through a null pointer from a named function.
#include <stdio.h>

__attribute__((noipa)) void poke(int* p) { *p = 1; }

int main(void) {
  printf("about to crash\n");
  fflush(stdout);
  int* volatile null = 0;  // volatile: the compiler cannot see the null pointer
  poke(null);
  return 0;
}
