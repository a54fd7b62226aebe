// Hello world through glibc's stdio.
#include <stdio.h>

int main(void) {
  printf("Hello from %s, %d + %d = %d\n", "glibc", 2, 3, 2 + 3);
  return 0;
}
