// Echoes its arguments, one per line, with their index; exit status = argc.
#include <stdio.h>

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) printf("%d: %s\n", i, argv[i]);
  return argc;
}
