// Demo program: counts the primes below 50,000 by trial division and stops with HLT.
// Result: x0 = number of primes found (5133).
    .text
    .global _start
_start:
    mov     x0, #0              // primes found
    mov     x1, #2              // candidate
    mov     x2, #50000          // limit
next_candidate:
    mov     x3, #2              // divisor
try_divisor:
    mul     x4, x3, x3
    cmp     x4, x1
    b.hi    is_prime            // divisor^2 > candidate: no divisor found
    udiv    x5, x1, x3
    msub    x6, x5, x3, x1      // candidate mod divisor
    cbz     x6, not_prime
    add     x3, x3, #1
    b       try_divisor
is_prime:
    add     x0, x0, #1
not_prime:
    add     x1, x1, #1
    cmp     x1, x2
    b.lo    next_candidate
    hlt     #0
