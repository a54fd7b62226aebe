// Exercises Advanced SIMD instructions from hand-written assembly on fixed data: LD1/ST1/LD2/LD3/LD1R, integer ADD/SUB/MUL/MLA, TBL/TBX, ZIP/UZP/TRN/EXT, ADDV/UMAXV/SMINV/UADDLV, CMEQ/CMHI/CMGT/CMTST with BSL/BIT/BIF, shifts, saturating and widening/narrowing forms, bit ops, DUP/INS/UMOV/SMOV, float FADD/FMUL/FDIV/FMLA/FCVTZS/SCVTF/FRINT/FCVTL/FCVTN; prints every result byte.
    .text

// Stores \v to the output buffer and prints it in memory order, labelled.
.macro SHOW v, text
    st1     {\v\().16b}, [x19]
    .pushsection .rodata
777: .asciz "\text"
    .popsection
    adrp    x0, 777b
    add     x0, x0, :lo12:777b
    bl      dump
.endm
// Prints the scalar in x1, labelled.
.macro SHOWX text
    .pushsection .rodata
778: .asciz "\text"
    .popsection
    adrp    x0, 778b
    add     x0, x0, :lo12:778b
    bl      dumpx
.endm
// Reloads the inputs, since printf may clobber every vector register.
.macro LOADAB
    ld1     {v0.16b, v1.16b}, [x20]
.endm

    .type dump, %function
dump:
    stp     x29, x30, [sp, #-32]!
    mov     x29, sp
    stp     x21, x22, [sp, #16]
    mov     x1, x0
    adrp    x0, fmt_label
    add     x0, x0, :lo12:fmt_label
    bl      printf
    mov     x21, #0
1:  ldrb    w1, [x19, x21]
    adrp    x0, fmt_byte
    add     x0, x0, :lo12:fmt_byte
    bl      printf
    add     x21, x21, #1
    cmp     x21, #16
    b.lo    1b
    mov     w0, #'\n'
    bl      putchar
    ldp     x21, x22, [sp, #16]
    ldp     x29, x30, [sp], #32
    ret
    .size dump, .-dump

    .type dumpx, %function
dumpx:
    stp     x29, x30, [sp, #-16]!
    mov     x29, sp
    mov     x2, x1
    mov     x1, x0
    adrp    x0, fmt_scalar
    add     x0, x0, :lo12:fmt_scalar
    bl      printf
    ldp     x29, x30, [sp], #16
    ret
    .size dumpx, .-dumpx

    .global main
    .type main, %function
main:
    stp     x29, x30, [sp, #-48]!
    mov     x29, sp
    stp     x19, x20, [sp, #16]
    stp     x21, x22, [sp, #32]
    adrp    x19, outbuf
    add     x19, x19, :lo12:outbuf
    adrp    x20, vecA
    add     x20, x20, :lo12:vecA
    adrp    x21, idx
    add     x21, x21, :lo12:idx

    LOADAB
    SHOW    v0, "A"
    LOADAB
    SHOW    v1, "B"
    LOADAB
    add     v2.16b, v0.16b, v1.16b
    SHOW    v2, "add.16b"
    LOADAB
    sub     v2.8h, v0.8h, v1.8h
    SHOW    v2, "sub.8h"
    LOADAB
    add     v2.2d, v0.2d, v1.2d
    SHOW    v2, "add.2d"
    LOADAB
    mul     v2.16b, v0.16b, v1.16b
    SHOW    v2, "mul.16b"
    LOADAB
    mul     v2.8h, v0.8h, v1.8h
    SHOW    v2, "mul.8h"
    LOADAB
    mul     v2.4s, v0.4s, v1.s[1]
    SHOW    v2, "mul.4s[el]"
    LOADAB
    mov     v2.16b, v1.16b
    mla     v2.8h, v0.8h, v1.8h
    SHOW    v2, "mla.8h"

    LOADAB
    ld1     {v3.16b}, [x21]
    tbl     v2.16b, {v0.16b}, v3.16b
    SHOW    v2, "tbl1"
    LOADAB
    ld1     {v3.16b}, [x21]
    tbl     v2.16b, {v0.16b, v1.16b}, v3.16b
    SHOW    v2, "tbl2"
    LOADAB
    ld1     {v3.16b}, [x21]
    mov     v2.16b, v1.16b
    tbx     v2.16b, {v0.16b}, v3.16b
    SHOW    v2, "tbx1"

    LOADAB
    zip1    v2.16b, v0.16b, v1.16b
    SHOW    v2, "zip1.16b"
    LOADAB
    zip2    v2.8h, v0.8h, v1.8h
    SHOW    v2, "zip2.8h"
    LOADAB
    uzp1    v2.16b, v0.16b, v1.16b
    SHOW    v2, "uzp1.16b"
    LOADAB
    uzp2    v2.4s, v0.4s, v1.4s
    SHOW    v2, "uzp2.4s"
    LOADAB
    trn1    v2.16b, v0.16b, v1.16b
    SHOW    v2, "trn1.16b"
    LOADAB
    trn2    v2.8h, v0.8h, v1.8h
    SHOW    v2, "trn2.8h"
    LOADAB
    ext     v2.16b, v0.16b, v1.16b, #5
    SHOW    v2, "ext#5"

    LOADAB
    addv    b2, v0.16b
    umov    w1, v2.b[0]
    SHOWX   "addv.16b"
    LOADAB
    uaddlv  h2, v0.16b
    umov    w1, v2.h[0]
    SHOWX   "uaddlv.16b"
    LOADAB
    umaxv   b2, v0.16b
    umov    w1, v2.b[0]
    SHOWX   "umaxv.16b"
    LOADAB
    sminv   b2, v0.16b
    smov    x1, v2.b[0]
    SHOWX   "sminv.16b"
    LOADAB
    addv    s2, v1.4s
    umov    w1, v2.s[0]
    SHOWX   "addv.4s"
    LOADAB
    umaxv   h2, v1.8h
    umov    w1, v2.h[0]
    SHOWX   "umaxv.8h"

    LOADAB
    cmeq    v2.16b, v0.16b, v1.16b
    SHOW    v2, "cmeq"
    LOADAB
    cmhi    v2.16b, v0.16b, v1.16b
    SHOW    v2, "cmhi"
    LOADAB
    cmgt    v2.16b, v0.16b, v1.16b
    SHOW    v2, "cmgt"
    LOADAB
    cmtst   v2.16b, v0.16b, v1.16b
    SHOW    v2, "cmtst"
    LOADAB
    cmeq    v2.8h, v0.8h, #0
    SHOW    v2, "cmeq0.8h"
    LOADAB
    cmhi    v2.16b, v0.16b, v1.16b
    bsl     v2.16b, v0.16b, v1.16b
    SHOW    v2, "bsl(umax)"
    LOADAB
    movi    v2.16b, #0x0f
    mov     v3.16b, v1.16b
    bit     v3.16b, v0.16b, v2.16b
    SHOW    v3, "bit"
    LOADAB
    movi    v2.16b, #0x0f
    mov     v3.16b, v1.16b
    bif     v3.16b, v0.16b, v2.16b
    SHOW    v3, "bif"

    LOADAB
    shl     v2.16b, v0.16b, #3
    SHOW    v2, "shl.16b#3"
    LOADAB
    shl     v2.8h, v0.8h, #5
    SHOW    v2, "shl.8h#5"
    LOADAB
    ushr    v2.16b, v0.16b, #3
    SHOW    v2, "ushr.16b#3"
    LOADAB
    sshr    v2.16b, v0.16b, #3
    SHOW    v2, "sshr.16b#3"
    LOADAB
    ushr    v2.4s, v0.4s, #13
    SHOW    v2, "ushr.4s#13"
    LOADAB
    sshr    v2.2d, v0.2d, #37
    SHOW    v2, "sshr.2d#37"
    LOADAB
    mov     v2.16b, v1.16b
    sli     v2.16b, v0.16b, #4
    SHOW    v2, "sli#4"
    LOADAB
    mov     v2.16b, v1.16b
    sri     v2.8h, v0.8h, #6
    SHOW    v2, "sri.8h#6"
    LOADAB
    movi    v3.16b, #2
    ushl    v2.16b, v0.16b, v3.16b
    SHOW    v2, "ushl.16b"
    LOADAB
    mvni    v3.8h, #1
    sshl    v2.8h, v0.8h, v3.8h
    SHOW    v2, "sshl.8h(-2)"
    LOADAB
    usra    v1.16b, v0.16b, #1
    SHOW    v1, "usra#1"

    LOADAB
    sqadd   v2.16b, v0.16b, v1.16b
    SHOW    v2, "sqadd.16b"
    LOADAB
    uqadd   v2.16b, v0.16b, v1.16b
    SHOW    v2, "uqadd.16b"
    LOADAB
    sqsub   v2.16b, v0.16b, v1.16b
    SHOW    v2, "sqsub.16b"
    LOADAB
    uqsub   v2.16b, v0.16b, v1.16b
    SHOW    v2, "uqsub.16b"
    LOADAB
    sqadd   v2.8h, v0.8h, v1.8h
    SHOW    v2, "sqadd.8h"
    LOADAB
    uqsub   v2.8h, v0.8h, v1.8h
    SHOW    v2, "uqsub.8h"
    LOADAB
    urhadd  v2.16b, v0.16b, v1.16b
    SHOW    v2, "urhadd"
    LOADAB
    shadd   v2.16b, v0.16b, v1.16b
    SHOW    v2, "shadd"

    LOADAB
    abs     v2.16b, v0.16b
    SHOW    v2, "abs.16b"
    LOADAB
    neg     v2.8h, v0.8h
    SHOW    v2, "neg.8h"
    LOADAB
    uabd    v2.16b, v0.16b, v1.16b
    SHOW    v2, "uabd"
    LOADAB
    sabd    v2.16b, v0.16b, v1.16b
    SHOW    v2, "sabd"
    LOADAB
    smax    v2.16b, v0.16b, v1.16b
    SHOW    v2, "smax"
    LOADAB
    umin    v2.8h, v0.8h, v1.8h
    SHOW    v2, "umin.8h"
    LOADAB
    addp    v2.16b, v0.16b, v1.16b
    SHOW    v2, "addp.16b"
    LOADAB
    umaxp   v2.8h, v0.8h, v1.8h
    SHOW    v2, "umaxp.8h"

    LOADAB
    cnt     v2.16b, v0.16b
    SHOW    v2, "cnt"
    LOADAB
    rev64   v2.16b, v0.16b
    SHOW    v2, "rev64.16b"
    LOADAB
    rev32   v2.8h, v0.8h
    SHOW    v2, "rev32.8h"
    LOADAB
    rev16   v2.16b, v0.16b
    SHOW    v2, "rev16"
    LOADAB
    not     v2.16b, v0.16b
    SHOW    v2, "not"
    LOADAB
    eor     v2.16b, v0.16b, v1.16b
    SHOW    v2, "eor"
    LOADAB
    bic     v2.16b, v0.16b, v1.16b
    SHOW    v2, "bic"
    LOADAB
    orn     v2.16b, v0.16b, v1.16b
    SHOW    v2, "orn"

    LOADAB
    umull   v2.8h, v0.8b, v1.8b
    SHOW    v2, "umull"
    LOADAB
    smull2  v2.8h, v0.16b, v1.16b
    SHOW    v2, "smull2"
    LOADAB
    uaddl   v2.4s, v0.4h, v1.4h
    SHOW    v2, "uaddl.4s"
    LOADAB
    saddw   v2.8h, v1.8h, v0.8b
    SHOW    v2, "saddw"
    LOADAB
    xtn     v2.8b, v0.8h
    xtn2    v2.16b, v1.8h
    SHOW    v2, "xtn/xtn2"
    LOADAB
    sqxtn   v2.8b, v0.8h
    uqxtn2  v2.16b, v1.8h
    SHOW    v2, "sqxtn/uqxtn2"
    LOADAB
    sqxtun  v2.4h, v0.4s
    shrn    v2.8b, v1.8h, #4
    SHOW    v2, "shrn"
    LOADAB
    ushll   v2.8h, v0.8b, #2
    SHOW    v2, "ushll#2"
    LOADAB
    sxtl2   v2.4s, v0.8h
    SHOW    v2, "sxtl2"

    mov     w1, #0xA7
    dup     v2.16b, w1
    SHOW    v2, "dup.16b(w)"
    LOADAB
    dup     v2.4s, v0.s[2]
    SHOW    v2, "dup.4s[2]"
    LOADAB
    mov     w1, #0x1234
    ins     v0.h[5], w1
    mov     v0.d[0], v1.d[1]
    mov     v0.b[15], v1.b[3]
    SHOW    v0, "ins/mov el"
    LOADAB
    umov    x1, v0.d[1]
    SHOWX   "umov.d[1]"
    LOADAB
    smov    x1, v0.h[3]
    SHOWX   "smov.h[3]"
    movi    v2.8h, #0x5a, lsl #8
    SHOW    v2, "movi.8h lsl8"
    movi    v2.2d, #0xff00ff0000ffff00
    SHOW    v2, "movi.2d"
    mvni    v2.4s, #0x3c, msl #8
    SHOW    v2, "mvni msl"

    adrp    x1, inter
    add     x1, x1, :lo12:inter
    ld2     {v2.16b, v3.16b}, [x1]
    SHOW    v2, "ld2[0]"
    adrp    x1, inter
    add     x1, x1, :lo12:inter
    ld2     {v2.16b, v3.16b}, [x1]
    SHOW    v3, "ld2[1]"
    adrp    x1, inter
    add     x1, x1, :lo12:inter
    ld3     {v2.8b, v3.8b, v4.8b}, [x1]
    mov     v2.d[1], v4.d[0]
    SHOW    v2, "ld3[0]+[2]"
    adrp    x1, inter
    add     x1, x1, :lo12:inter
    ld4     {v2.4h, v3.4h, v4.4h, v5.4h}, [x1]
    mov     v3.d[1], v5.d[0]
    SHOW    v3, "ld4[1]+[3]"
    adrp    x1, inter
    add     x1, x1, #7
    add     x1, x1, :lo12:inter
    ld1r    {v2.8h}, [x1]
    SHOW    v2, "ld1r.8h"
    LOADAB
    adrp    x1, scratch
    add     x1, x1, :lo12:scratch
    st2     {v0.16b, v1.16b}, [x1]
    ld1     {v2.16b}, [x1]
    SHOW    v2, "st2 lo"
    LOADAB
    adrp    x1, scratch
    add     x1, x1, :lo12:scratch
    mov     x2, x1
    st1     {v0.16b, v1.16b}, [x2], #32
    sub     x2, x2, #24
    ld1     {v2.16b}, [x2]
    SHOW    v2, "st1 post/ld1"

    adrp    x22, fltA
    add     x22, x22, :lo12:fltA
    ld1     {v0.4s, v1.4s}, [x22]
    fadd    v2.4s, v0.4s, v1.4s
    SHOW    v2, "fadd.4s"
    ld1     {v0.4s, v1.4s}, [x22]
    fmul    v2.4s, v0.4s, v1.4s
    SHOW    v2, "fmul.4s"
    ld1     {v0.4s, v1.4s}, [x22]
    fsub    v2.4s, v0.4s, v1.4s
    SHOW    v2, "fsub.4s"
    ld1     {v0.4s, v1.4s}, [x22]
    fdiv    v2.4s, v0.4s, v1.4s
    SHOW    v2, "fdiv.4s"
    ld1     {v0.4s, v1.4s}, [x22]
    mov     v2.16b, v1.16b
    fmla    v2.4s, v0.4s, v0.4s
    SHOW    v2, "fmla.4s"
    ld1     {v0.4s, v1.4s}, [x22]
    fcvtzs  v2.4s, v0.4s
    SHOW    v2, "fcvtzs.4s"
    ld1     {v0.4s, v1.4s}, [x22]
    fcvtzs  v2.4s, v1.4s
    SHOW    v2, "fcvtzs sat"
    ld1     {v0.4s, v1.4s}, [x22]
    fcvtzu  v2.4s, v0.4s
    SHOW    v2, "fcvtzu.4s"
    ld1     {v0.4s, v1.4s}, [x22]
    fcvtzs  v2.4s, v0.4s, #4
    SHOW    v2, "fcvtzs#4"
    ld1     {v0.4s, v1.4s}, [x22]
    fcvtzs  v2.4s, v0.4s
    scvtf   v3.4s, v2.4s
    fadd    v3.4s, v3.4s, v0.4s
    SHOW    v3, "scvtf+fadd"
    ld1     {v0.4s, v1.4s}, [x22]
    frintn  v2.4s, v0.4s
    SHOW    v2, "frintn"
    ld1     {v0.4s, v1.4s}, [x22]
    frintm  v2.4s, v0.4s
    SHOW    v2, "frintm"
    ld1     {v0.4s, v1.4s}, [x22]
    fabs    v2.4s, v0.4s
    fneg    v3.4s, v1.4s
    fmaxnm  v2.4s, v2.4s, v3.4s
    SHOW    v2, "fabs/fneg/fmaxnm"
    ld1     {v0.4s, v1.4s}, [x22]
    fcmgt   v2.4s, v0.4s, v1.4s
    SHOW    v2, "fcmgt"
    ld1     {v0.4s, v1.4s}, [x22]
    faddp   v2.4s, v0.4s, v1.4s
    SHOW    v2, "faddp"
    ld1     {v0.4s, v1.4s}, [x22]
    fcvtl   v2.2d, v0.2s
    SHOW    v2, "fcvtl"
    ld1     {v0.4s, v1.4s}, [x22]
    fcvtl2  v2.2d, v0.4s
    fcvtn   v3.2s, v2.2d
    SHOW    v3, "fcvtl2/fcvtn"
    ld1     {v0.4s, v1.4s}, [x22]
    fcvtl   v2.2d, v0.2s
    fsqrt   v3.2d, v2.2d
    SHOW    v3, "fsqrt.2d"
    ld1     {v0.4s, v1.4s}, [x22]
    fmaxv   s2, v0.4s
    fmov    w1, s2
    SHOWX   "fmaxv bits"

    // Second batch: rounding/saturating shifts, doubling multiplies, pairwise and long accumulates, polynomial multiply, bit counts, more float conversions and estimates, lane loads/stores.
    LOADAB
    sqdmulh v2.8h, v0.8h, v1.8h
    SHOW    v2, "sqdmulh.8h"
    LOADAB
    sqrdmulh v2.4s, v0.4s, v1.4s
    SHOW    v2, "sqrdmulh.4s"
    LOADAB
    sqdmull v2.4s, v0.4h, v1.h[3]
    SHOW    v2, "sqdmull[el]"
    LOADAB
    sqshl   v2.16b, v0.16b, #2
    SHOW    v2, "sqshl#2"
    LOADAB
    uqshl   v2.8h, v0.8h, #3
    SHOW    v2, "uqshl.8h#3"
    LOADAB
    sqshlu  v2.16b, v0.16b, #1
    SHOW    v2, "sqshlu#1"
    LOADAB
    urshr   v2.16b, v0.16b, #3
    SHOW    v2, "urshr#3"
    LOADAB
    srshr   v2.8h, v0.8h, #7
    SHOW    v2, "srshr.8h#7"
    LOADAB
    srsra   v1.4s, v0.4s, #9
    SHOW    v1, "srsra.4s#9"
    LOADAB
    rshrn   v2.8b, v0.8h, #5
    rshrn2  v2.16b, v1.8h, #3
    SHOW    v2, "rshrn/rshrn2"
    LOADAB
    sqrshrn v2.8b, v0.8h, #4
    uqrshrn2 v2.16b, v1.8h, #2
    SHOW    v2, "sqrshrn/uqrshrn2"
    LOADAB
    sqshrun v2.8b, v0.8h, #1
    SHOW    v2, "sqshrun"
    LOADAB
    uaddlp  v2.8h, v0.16b
    SHOW    v2, "uaddlp"
    LOADAB
    sadalp  v1.4s, v0.8h
    SHOW    v1, "sadalp"
    LOADAB
    umlal   v1.8h, v0.8b, v0.8b
    SHOW    v1, "umlal"
    LOADAB
    smlsl2  v1.4s, v0.8h, v0.8h
    SHOW    v1, "smlsl2"
    LOADAB
    uabal   v1.8h, v0.8b, v1.8b
    SHOW    v1, "uabal"
    LOADAB
    addhn   v2.8b, v0.8h, v1.8h
    raddhn2 v2.16b, v0.8h, v1.8h
    SHOW    v2, "addhn/raddhn2"
    LOADAB
    subhn   v2.4h, v0.4s, v1.4s
    SHOW    v2, "subhn"
    LOADAB
    pmul    v2.16b, v0.16b, v1.16b
    SHOW    v2, "pmul"
    LOADAB
    pmull   v2.8h, v0.8b, v1.8b
    SHOW    v2, "pmull.8h"
    LOADAB
    cls     v2.16b, v0.16b
    SHOW    v2, "cls"
    LOADAB
    clz     v2.8h, v0.8h
    SHOW    v2, "clz.8h"
    LOADAB
    rbit    v2.16b, v0.16b
    SHOW    v2, "rbit"
    LOADAB
    cmge    v2.16b, v0.16b, v1.16b
    SHOW    v2, "cmge"
    LOADAB
    cmhs    v2.8h, v0.8h, v1.8h
    SHOW    v2, "cmhs.8h"
    LOADAB
    cmle    v2.16b, v0.16b, #0
    SHOW    v2, "cmle0"
    LOADAB
    cmlt    v2.4s, v0.4s, #0
    SHOW    v2, "cmlt0.4s"
    LOADAB
    sminp   v2.16b, v0.16b, v1.16b
    SHOW    v2, "sminp"
    LOADAB
    addp    d2, v0.2d
    fmov    x1, d2
    SHOWX   "addp d"
    LOADAB
    saddlv  s2, v0.8h
    smov    x1, v2.s[0]
    SHOWX   "saddlv.8h"
    LOADAB
    uminv   s2, v1.4s
    fmov    w1, s2
    SHOWX   "uminv.4s"
    LOADAB
    mov     v3.16b, v1.16b
    not     v2.16b, v0.16b
    ld1     {v4.16b}, [x21]
    tbl     v2.16b, {v0.16b, v1.16b, v2.16b, v3.16b}, v4.16b
    SHOW    v2, "tbl4"
    LOADAB
    ld1     {v4.16b}, [x21]
    mov     v5.16b, v0.16b
    rev64   v2.16b, v1.16b
    tbx     v5.16b, {v1.16b, v2.16b}, v4.16b
    SHOW    v5, "tbx2"
    LOADAB
    ext     v2.8b, v0.8b, v1.8b, #3
    SHOW    v2, "ext.8b#3"
    LOADAB
    dup     v2.8b, v0.b[13]
    SHOW    v2, "dup.8b[13]"
    LOADAB
    zip1    v2.2s, v0.2s, v1.2s
    SHOW    v2, "zip1.2s"
    LOADAB
    adrp    x1, scratch
    add     x1, x1, :lo12:scratch
    movi    v3.2d, #0
    st1     {v3.16b}, [x1]
    st1     {v0.s}[2], [x1]
    mov     x2, #6
    st1     {v1.b}[13], [x1], x2
    ld1     {v1.h}[7], [x1]
    sub     x1, x1, #6
    ld1     {v2.16b}, [x1]
    mov     v2.d[1], v1.d[1]
    SHOW    v2, "lane ld/st"
    LOADAB
    adrp    x1, scratch
    add     x1, x1, :lo12:scratch
    mov     v2.16b, v0.16b
    st3     {v0.8b, v1.8b, v2.8b}, [x1]
    ld1     {v3.16b}, [x1]
    SHOW    v3, "st3.8b"
    LOADAB
    adrp    x1, scratch
    add     x1, x1, :lo12:scratch
    mov     v2.16b, v1.16b
    mov     v3.16b, v0.16b
    st4     {v0.4h, v1.4h, v2.4h, v3.4h}, [x1]
    ld1     {v4.16b}, [x1], #16
    ld1     {v5.16b}, [x1]
    eor     v4.16b, v4.16b, v5.16b
    SHOW    v4, "st4.4h xor"

    ld1     {v0.4s, v1.4s}, [x22]
    fcvtns  v2.4s, v0.4s
    SHOW    v2, "fcvtns"
    ld1     {v0.4s, v1.4s}, [x22]
    fcvtms  v2.4s, v0.4s
    SHOW    v2, "fcvtms"
    ld1     {v0.4s, v1.4s}, [x22]
    fcvtps  v2.4s, v0.4s
    SHOW    v2, "fcvtps"
    ld1     {v0.4s, v1.4s}, [x22]
    fcvtau  v2.4s, v0.4s
    SHOW    v2, "fcvtau"
    ld1     {v0.4s, v1.4s}, [x22]
    fcvtzs  v2.4s, v0.4s
    ucvtf   v2.4s, v2.4s, #3
    SHOW    v2, "ucvtf#3"
    ld1     {v0.4s, v1.4s}, [x22]
    frinta  v2.4s, v0.4s
    frintz  v3.4s, v1.4s
    fadd    v2.4s, v2.4s, v3.4s
    SHOW    v2, "frinta+frintz"
    ld1     {v0.4s, v1.4s}, [x22]
    fabd    v2.4s, v0.4s, v1.4s
    SHOW    v2, "fabd"
    ld1     {v0.4s, v1.4s}, [x22]
    facge   v2.4s, v0.4s, v1.4s
    SHOW    v2, "facge"
    ld1     {v0.4s, v1.4s}, [x22]
    fcmlt   v2.4s, v0.4s, #0.0
    SHOW    v2, "fcmlt0"
    ld1     {v0.4s, v1.4s}, [x22]
    fmin    v2.4s, v0.4s, v1.4s
    SHOW    v2, "fmin"
    ld1     {v0.4s, v1.4s}, [x22]
    fminnmv s2, v0.4s
    fmov    w1, s2
    SHOWX   "fminnmv bits"
    ld1     {v0.4s, v1.4s}, [x22]
    fmul    v2.4s, v0.4s, v1.s[2]
    SHOW    v2, "fmul[el]"
    ld1     {v0.4s, v1.4s}, [x22]
    mov     v2.16b, v0.16b
    fmls    v2.4s, v1.4s, v0.s[0]
    SHOW    v2, "fmls[el]"
    ld1     {v0.4s, v1.4s}, [x22]
    frecpe  v2.4s, v0.4s
    SHOW    v2, "frecpe"
    ld1     {v0.4s, v1.4s}, [x22]
    frecps  v2.4s, v0.4s, v1.4s
    SHOW    v2, "frecps"
    ld1     {v0.4s, v1.4s}, [x22]
    fabs    v0.4s, v0.4s
    frsqrte v2.4s, v0.4s
    SHOW    v2, "frsqrte"
    ld1     {v0.4s, v1.4s}, [x22]
    fmaxp   v2.4s, v0.4s, v1.4s
    SHOW    v2, "fmaxp"
    ld1     {v0.4s, v1.4s}, [x22]
    fcvtl   v2.2d, v0.2s
    fcvtl2  v3.2d, v0.4s
    fadd    v2.2d, v2.2d, v3.2d
    fcvtzs  v4.2d, v2.2d
    scvtf   v5.2d, v4.2d
    fmul    v5.2d, v5.2d, v2.2d
    SHOW    v5, "f64 chain"
    ld1     {v0.4s, v1.4s}, [x22]
    fcvtl   v2.2d, v0.2s
    fcvtxn  v3.2s, v2.2d
    SHOW    v3, "fcvtxn"

    mov     w0, #0
    ldp     x21, x22, [sp, #32]
    ldp     x19, x20, [sp, #16]
    ldp     x29, x30, [sp], #48
    ret
    .size main, .-main

    .section .rodata
    .balign 16
vecA:   .byte 0x00, 0x7f, 0x80, 0xff, 0x01, 0xfe, 0x40, 0xc0, 0x10, 0x20, 0x30, 0x90, 0xa5, 0x5a, 0x33, 0xcc
vecB:   .byte 0x01, 0x01, 0x01, 0x01, 0xff, 0x02, 0x40, 0x40, 0xf0, 0x20, 0x31, 0x70, 0x5a, 0xa5, 0x33, 0x00
idx:    .byte 15, 0, 14, 1, 13, 2, 12, 3, 16, 31, 255, 4, 5, 6, 32, 8
fltA:   .float 1.5, -2.75, 1000.875, -0.4375
fltB:   .float 2.0, 4.5, -0.001, 3.0e9
inter:  .byte 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
        .byte 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47
fmt_label:  .asciz "%-16s:"
fmt_byte:   .asciz " %02x"
fmt_scalar: .asciz "%-16s: %lx\n"

    .bss
    .balign 16
outbuf:  .skip 16
scratch: .skip 64
    .section .note.GNU-stack, "", %progbits
