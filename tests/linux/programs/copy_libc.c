// Copies argv[1] to argv[2] with stdio and prints the byte count.
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char** argv) {
  if (argc != 3) return 2;
  FILE* in = fopen(argv[1], "rb");
  if (!in) { perror(argv[1]); return 1; }
  FILE* out = fopen(argv[2], "wb");
  if (!out) { perror(argv[2]); return 1; }
  char buffer[4096];
  size_t n, total = 0;
  while ((n = fread(buffer, 1, sizeof buffer, in)) > 0) {
    fwrite(buffer, 1, n, out);
    total += n;
  }
  fclose(in);
  fclose(out);
  printf("copied %zu bytes\n", total);
  return 0;
}
