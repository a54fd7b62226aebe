// In the current directory: creates data.txt, writes to it, reads it back to stdout, prints
// its size from fstat (struct stat st_size at offset 48), lseeks, preads, renames, unlinks,
// then checks that opening a missing file fails with -ENOENT (exit status 3 if not).
    .global _start
    .text
_start:
    sub sp, sp, #256
    mov x0, #-100            // AT_FDCWD
    adr x1, name
    mov x2, #0x241           // O_WRONLY|O_CREAT|O_TRUNC
    mov x3, #0644
    mov x8, #56              // openat
    svc #0
    mov x19, x0
    adr x1, text
    mov x2, #(text_end - text)
    mov x8, #64              // write
    svc #0
    mov x0, x19
    mov x8, #57              // close
    svc #0

    mov x0, #-100
    adr x1, name
    mov x2, #0               // O_RDONLY
    mov x8, #56
    svc #0
    mov x19, x0
    mov x1, sp
    mov x2, #200
    mov x8, #63              // read
    svc #0
    mov x2, x0
    mov x0, #1
    mov x1, sp
    mov x8, #64
    svc #0

    mov x0, x19
    mov x1, sp
    mov x8, #80              // fstat
    svc #0
    ldr x0, [sp, #48]
    bl print_u64

    mov x0, x19              // pread64(fd, sp, 5, 7): "world"
    mov x1, sp
    mov x2, #5
    mov x3, #7
    mov x8, #67
    svc #0
    mov x2, x0
    mov x0, #1
    mov x1, sp
    mov x8, #64
    svc #0
    bl newline

    mov x0, x19              // lseek(fd, 0, SEEK_END) = size
    mov x1, #0
    mov x2, #2
    mov x8, #62
    svc #0
    bl print_u64
    mov x0, x19
    mov x8, #57
    svc #0

    mov x0, #-100            // renameat(AT_FDCWD, name, AT_FDCWD, name2)
    adr x1, name
    mov x2, #-100
    adr x3, name2
    mov x8, #38
    svc #0
    cbnz x0, fail
    mov x0, #-100            // unlinkat(AT_FDCWD, name2, 0)
    adr x1, name2
    mov x2, #0
    mov x8, #35
    svc #0
    cbnz x0, fail
    mov x0, #-100            // openat of the old name: -ENOENT (-2)
    adr x1, name
    mov x2, #0
    mov x8, #56
    svc #0
    cmn x0, #2
    b.ne fail
    mov x0, #0
    mov x8, #94
    svc #0
fail:
    mov x0, #3
    mov x8, #94
    svc #0

print_u64:                   // decimal and a newline
    sub sp, sp, #32
    add x1, sp, #31
    mov x5, #'\n'
    strb w5, [x1]
    mov x3, #10
1:  udiv x4, x0, x3
    msub x5, x4, x3, x0
    add x5, x5, #'0'
    strb w5, [x1, #-1]!
    mov x0, x4
    cbnz x0, 1b
    add x2, sp, #32
    sub x2, x2, x1
    mov x0, #1
    mov x8, #64
    svc #0
    add sp, sp, #32
    ret
newline:
    adr x1, nl
    mov x0, #1
    mov x2, #1
    mov x8, #64
    svc #0
    ret
nl:    .ascii "\n"
name:  .asciz "data.txt"
name2: .asciz "renamed.txt"
text:  .ascii "Hello, world of files\n"
text_end:
