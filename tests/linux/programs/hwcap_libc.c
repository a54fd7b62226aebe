// Prints the hardware capabilities the loader handed over (AT_HWCAP, AT_HWCAP2).
#include <stdio.h>
#include <sys/auxv.h>

int main(void) {
  printf("hwcap=%#lx hwcap2=%#lx\n", getauxval(AT_HWCAP), getauxval(AT_HWCAP2));
  return 0;
}
