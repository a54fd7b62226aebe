// A tour of the serviced system calls. Each check exits with its step number on failure;
// deterministic results are printed. Needs a writable current directory and stdin that is
// not a terminal.
    .global _start
    .text

.macro SYS num
    mov x8, #\num
    svc #0
.endm
// Exit with `step` unless x0 == value.
.macro EXPECT value, step
    mov x9, #\value
    mov x2, #\step
    cmp x0, x9
    b.ne fail
.endm
.macro EXPECT_POSITIVE step
    mov x2, #\step
    cmp x0, #0
    b.le fail
.endm
.macro PRINT label, length
    mov x0, #1
    adr x1, \label
    mov x2, #\length
    SYS 64
.endm

_start:
    mov x28, sp
    sub sp, sp, #4096
    mov x20, sp                      // scratch buffer, 4096 bytes

    SYS 172                          // getpid
    mov x19, x0
    SYS 178                          // gettid == getpid
    cmp x0, x19
    mov x2, #1
    b.ne fail
    SYS 173                          // getppid
    EXPECT_POSITIVE 2

    mov x0, x20                      // uname: machine is the fifth 65-byte field
    SYS 160
    EXPECT 0, 3
    mov x0, #1
    add x1, x20, #260
    mov x2, #8
    SYS 64
    PRINT nl, 1

    mov x0, #0                       // ioctl(0, TCGETS) on a non-terminal: -ENOTTY
    mov x1, #0x5401
    mov x2, x20
    SYS 29
    EXPECT -25, 4
    mov x0, #1                       // ioctl(1, TIOCGWINSZ): -ENOTTY
    mov x1, #0x5413
    mov x2, x20
    SYS 29
    EXPECT -25, 5

    mov x0, #1                       // write from NULL: -EFAULT
    mov x1, #0
    mov x2, #5
    SYS 64
    EXPECT -14, 6
    mov x8, #500                     // no such system call: -ENOSYS
    svc #0
    EXPECT -38, 7

    mov x0, x20                      // pipe2, then a message through it
    mov x1, #0
    SYS 59
    EXPECT 0, 8
    ldr w0, [x20, #4]
    adr x1, pipe_text
    mov x2, #5
    SYS 64
    EXPECT 5, 9
    ldr w0, [x20]
    add x1, x20, #64
    mov x2, #64
    SYS 63
    EXPECT 5, 10
    mov x0, #1
    add x1, x20, #64
    mov x2, #5
    SYS 64

    mov x0, #1                       // dup3(1, 10, 0) and write through it
    mov x1, #10
    mov x2, #0
    SYS 24
    EXPECT 10, 11
    mov x0, #10
    adr x1, dup_text
    mov x2, #4
    SYS 64
    mov x0, #10
    SYS 57
    EXPECT 0, 12
    mov x0, #10                      // closed: -EBADF
    SYS 57
    EXPECT -9, 13

    mov x0, x20                      // getcwd
    mov x1, #4096
    SYS 17
    EXPECT_POSITIVE 14
    mov x0, #1                       // clock_gettime(CLOCK_MONOTONIC)
    mov x1, x20
    SYS 113
    EXPECT 0, 15
    mov x0, #0                       // clock_gettime(CLOCK_REALTIME): after 2001
    mov x1, x20
    SYS 113
    ldr x0, [x20]
    ldr x9, =1000000000
    mov x2, #16
    cmp x0, x9
    b.lt fail
    mov x0, #1                       // clock_getres(CLOCK_MONOTONIC)
    mov x1, x20
    SYS 114
    EXPECT 0, 17
    mov x0, x20                      // gettimeofday
    mov x1, #0
    SYS 169
    EXPECT 0, 18
    mov x0, x20                      // getrandom(buf, 16, 0)
    mov x1, #16
    mov x2, #0
    SYS 278
    EXPECT 16, 19

    mov x0, #-100                    // readlinkat("/proc/self/exe") is argv[0] here
    adr x1, self_exe
    mov x2, x20
    mov x3, #4096
    SYS 78
    EXPECT_POSITIVE 20
    mov x2, x0
    mov x0, #1
    mov x1, x20
    SYS 64
    PRINT nl, 1

                                     // writev of two pieces
    adr x10, wr_text
    adr x11, itev_text
    stp x10, xzr, [x20]
    mov x10, #2
    str x10, [x20, #8]
    stp x11, xzr, [x20, #16]
    mov x10, #5
    str x10, [x20, #24]
    mov x0, #1
    mov x1, x20
    mov x2, #2
    SYS 66
    EXPECT 7, 21

    mov x0, #0                       // mmap one page, then mremap it to three
    mov x1, #4096
    mov x2, #3
    mov x3, #0x22
    mov x4, #-1
    mov x5, #0
    SYS 222
    mov x21, x0
    mov x9, #0x5a5a
    str x9, [x21, #128]
    mov x0, x21
    mov x1, #4096
    mov x2, #12288
    mov x3, #1                       // MREMAP_MAYMOVE
    SYS 216
    mov x2, #22
    cmn x0, #4096
    b.hi fail
    ldr x9, [x0, #128]
    ldr x10, [x0, #12280]
    mov x2, #23
    mov x11, #0x5a5a
    cmp x9, x11
    b.ne fail
    cbnz x10, fail

    stp xzr, xzr, [x20]              // nanosleep of 1 us
    mov x9, #1000
    str x9, [x20, #8]
    mov x0, x20
    mov x1, #0
    SYS 101
    EXPECT 0, 24

    mov x0, #10                      // rt_sigaction(SIGUSR1, NULL, &old, 8)
    mov x1, #0
    mov x2, x20
    mov x3, #8
    SYS 134
    EXPECT 0, 25
    mov x0, #0                       // rt_sigprocmask(SIG_BLOCK, NULL, &old, 8)
    mov x1, #0
    mov x2, x20
    mov x3, #8
    SYS 135
    EXPECT 0, 26
    mov x0, x19                      // kill(self, 0)
    mov x1, #0
    SYS 129
    EXPECT 0, 27

    mov x0, #022                     // umask twice: the second returns the first's value
    SYS 166
    mov x0, #022
    SYS 166
    EXPECT 022, 28

    str wzr, [x20]                   // futex: WAKE returns 0, WAIT on a changed value -EAGAIN
    mov x0, x20
    mov x1, #1
    mov x2, #1
    SYS 98
    EXPECT 0, 29
    mov x0, x20
    mov x1, #0
    mov x2, #1
    mov x3, #0
    SYS 98
    EXPECT -11, 30

    mov x0, #-100                    // faccessat("/", R_OK) and of a missing path
    adr x1, root
    mov x2, #4
    mov x3, #0
    SYS 48
    EXPECT 0, 31
    mov x0, #-100
    adr x1, missing
    mov x2, #4
    mov x3, #0
    SYS 48
    EXPECT -2, 32

    mov x0, #-100                    // mkdirat, chdir in and out, unlinkat(AT_REMOVEDIR)
    adr x1, dir_name
    mov x2, #0755
    SYS 34
    EXPECT 0, 33
    adr x0, dir_name
    SYS 49
    EXPECT 0, 34
    adr x0, dotdot
    SYS 49
    EXPECT 0, 35
    mov x0, #-100
    adr x1, dir_name
    mov x2, #0x200
    SYS 35
    EXPECT 0, 36

    mov x0, #-100                    // getdents64 of "/" opened O_RDONLY|O_DIRECTORY (AArch64 value)
    adr x1, root
    mov x2, #0x4000
    SYS 56
    EXPECT_POSITIVE 37
    mov x22, x0
    mov x1, x20
    mov x2, #4096
    SYS 61
    EXPECT_POSITIVE 38
    mov x0, x22
    SYS 57

    mov x0, #-100                    // newfstatat("/"): a directory (st_mode at 16)
    adr x1, root
    mov x2, x20
    mov x3, #0
    SYS 79
    EXPECT 0, 39
    ldr w0, [x20, #16]
    and w0, w0, #0xf000
    EXPECT 0x4000, 40
    mov x0, #-100                    // statx("/"): stx_mode at 0x1c
    adr x1, root
    mov x2, #0
    mov x3, #0x7ff
    mov x4, x20
    SYS 291
    EXPECT 0, 41
    ldrh w0, [x20, #0x1c]
    and w0, w0, #0xf000
    EXPECT 0x4000, 42

    mov x0, #0                       // prlimit64(0, RLIMIT_NOFILE, NULL, &old)
    mov x1, #7
    mov x2, #0
    mov x3, x20
    SYS 261
    EXPECT 0, 43
    mov x0, x20                      // sysinfo
    SYS 179
    EXPECT 0, 44
    mov x0, #0                       // sched_yield
    SYS 124
    EXPECT 0, 45
    mov x0, #0                       // getuid == geteuid == AT_UID (x28 holds the initial sp)
    SYS 174
    mov x23, x0
    SYS 175
    cmp x0, x23
    mov x2, #46
    b.ne fail
    mov x0, #-100                    // openat(NULL path): -EFAULT
    mov x1, #0
    mov x2, #0
    SYS 56
    EXPECT -14, 47

    mov x0, #-100                    // map the executable itself: private, read-only
    adr x1, self_exe
    mov x2, #0
    SYS 56
    EXPECT_POSITIVE 48
    mov x4, x0
    mov x0, #0
    mov x1, #8192
    mov x2, #1                       // PROT_READ
    mov x3, #2                       // MAP_PRIVATE
    mov x5, #0
    SYS 222
    mov x2, #49
    cmn x0, #4096
    b.hi fail
    ldr w9, [x0]
    ldr w10, =0x464c457f             // "\x7fELF"
    mov x2, #50
    cmp w9, w10
    b.ne fail
    mov x0, x4
    SYS 57

    PRINT ok_text, 7
    mov x0, #0
    SYS 94
fail:
    mov x0, x2
    SYS 94

nl:        .ascii "\n"
pipe_text: .ascii "pipe\n"
dup_text:  .ascii "dup\n"
wr_text:   .ascii "wr"
itev_text: .ascii "itev\n"
ok_text:   .ascii "all ok\n"
self_exe:  .asciz "/proc/self/exe"
root:      .asciz "/"
missing:   .asciz "/no/such/path/warp64"
dir_name:  .asciz "subdir"
dotdot:    .asciz ".."
    .ltorg
