// Programs that lanes run in the tests of lane engines and of lanes spread over devices.
#pragma once

namespace warp64::test {

// Each lane computes a different function of its lane number: x0 = lane, x1 = sum of
// 1..lane via a loop, and a store of the sum into its private memory at 0x10000. It retires
// 6 + 4 * lane instructions before its HLT: two moves, four per step of the loop, the CBZ that
// leaves it, the move, the store and the load.
inline const char* const kPerLaneLoop = R"(
    mov x1, #0
    mov x2, x0
1:  cbz x2, 2f
    add x1, x1, x2
    sub x2, x2, #1
    b 1b
2:  mov x3, #0x10000
    str x1, [x3]
    ldr x4, [x3]
    hlt #0
)";

}  // namespace warp64::test
