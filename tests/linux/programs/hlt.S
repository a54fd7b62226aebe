// HLT #0: warp64 treats it as a trap (SIGTRAP).
    .global _start
    .text
_start:
    nop
    hlt #0
