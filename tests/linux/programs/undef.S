// An undefined instruction (UDF #0): SIGILL.
    .global _start
    .text
_start:
    nop
    udf #0
