// Hello world through raw system calls: write(1, msg, len); exit_group(0).
    .global _start
    .text
_start:
    mov x0, #1
    adr x1, msg
    mov x2, #(msg_end - msg)
    mov x8, #64
    svc #0
    mov x0, #0
    mov x8, #94
    svc #0
msg:
    .ascii "Hello, world!\n"
msg_end:
