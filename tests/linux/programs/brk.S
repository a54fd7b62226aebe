// BRK #0: SIGTRAP.
    .global _start
    .text
_start:
    brk #0
