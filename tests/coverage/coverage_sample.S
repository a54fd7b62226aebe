// A program whose coverage is known, for the mnemonic-coverage script's test: base
// instructions, SVE in an ordinary function and in one named like glibc's SVE memcpy, a data
// word in code (which must be skipped even though it encodes SVE) and a udf.
  .text
  .globl _start
  .type _start, %function
_start:
  add x0, x1, x2
  nop
  b 1f
  udf #0
  .word 0x04220020
1:
  mov x8, #93
  svc #0
  .size _start, . - _start

  .globl sve_user
  .type sve_user, %function
sve_user:
  ptrue p0.b
  add z0.b, z1.b, z2.b
  add x3, x4, x5
  ret
  .size sve_user, . - sve_user

  .globl __memcpy_sve
  .type __memcpy_sve, %function
__memcpy_sve:
  whilelo p0.b, x0, x1
  ptrue p0.b
  ret
  .size __memcpy_sve, . - __memcpy_sve
