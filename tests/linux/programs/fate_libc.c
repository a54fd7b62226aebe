// Ends in one of four ways chosen by its argument (mod 4): prints and exits 0, exits 3,
// writes through a null pointer, or aborts. Lanes given different arguments end differently.
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char** argv) {
  const int choice = argc > 1 ? atoi(argv[1]) % 4 : 0;
  printf("choice %d of %s\n", choice, argc > 1 ? argv[1] : "(none)");
  fflush(stdout);
  switch (choice) {
    case 1: return 3;
    case 2: *(volatile int*)0 = 1; return 0;
    case 3: abort();
    default: return 0;
  }
}
