// Data-processing (1 source), (2 source) and (3 source): RBIT, REV16, REV32, REV, CLZ, CLS,
// UDIV, SDIV, LSLV, LSRV, ASRV, RORV, CRC32{C}{B,H,W,X}, MADD, MSUB, {S,U}M{ADD,SUB}L and
// {S,U}MULH. Expected values are worked out by hand from the Arm ARM definitions; the
// arithmetic is in the comments.
#include "warp64/core/semantics/data_processing_register_sources.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "support/assemble.hpp"

namespace warp64::test {
namespace {

constexpr uint64_t kInt64Min = 0x8000000000000000ull;
constexpr uint64_t kAllOnes = 0xFFFFFFFFFFFFFFFFull;
constexpr uint32_t kMovzX1One = 0xD2800021u;  // movz x1, #1

Machine cpu_machine() { return Machine({kDefaultMemorySize, EngineKind::kCpu}); }

// Runs `source` (which must end in hlt) and checks that it reached the hlt.
void run_to_halt(Machine& m, const std::string& source) {
  const ExecResult r = run_assembly(m, source, 100'000);
  EXPECT_EQ(r.stop_reason, StopReason::kHalt) << source;
}

// `word` placed after one MOVZ stops as undefined at its own address, not retired, with
// its would-be destination X0 untouched.
void expect_undefined(uint32_t word) {
  Machine m = cpu_machine();
  m.set_x(0, 0x5555);
  m.set_x(2, 3);
  m.load_program(std::vector<uint32_t>{kMovzX1One, word});
  const ExecResult r = m.execute(100);
  EXPECT_EQ(r.stop_reason, StopReason::kUndefined) << std::hex << word;
  EXPECT_EQ(r.final_pc, 4u) << std::hex << word;
  EXPECT_EQ(r.cycles, 1u) << std::hex << word;
  EXPECT_EQ(m.x(0), 0x5555u) << std::hex << word;
}

// ---- Data-processing (1 source) -------------------------------------------------------

TEST(DataProcessing1Source, Rbit) {
  Machine m = cpu_machine();
  m.set_x(1, 0x0123456789ABCDEFull);
  m.set_x(2, 1);
  m.set_x(3, kAllOnes);
  m.set_x(4, kAllOnes);
  run_to_halt(m, "rbit x0, x1\nrbit w3, w1\nrbit x4, x2\nrbit w5, w2\nhlt #0");
  // Bit reversal = byte order reversed and each byte's bits reversed:
  // ef cd ab 89 67 45 23 01 -> f7 b3 d5 91 e6 a2 c4 80.
  EXPECT_EQ(m.x(0), 0xF7B3D591E6A2C480ull);
  // W form sees 0x89abcdef only: ef cd ab 89 -> f7 b3 d5 91; upper half zeroed.
  EXPECT_EQ(m.x(3), 0xF7B3D591ull);
  EXPECT_EQ(m.x(4), 0x8000000000000000ull);  // bit 0 -> bit 63
  EXPECT_EQ(m.x(5), 0x80000000ull);          // bit 0 -> bit 31
}

TEST(DataProcessing1Source, ByteReversals) {
  Machine m = cpu_machine();
  m.set_x(1, 0x0123456789ABCDEFull);
  for (unsigned r = 2; r <= 7; ++r) m.set_x(r, kAllOnes);
  run_to_halt(m,
              "rev16 x2, x1\nrev16 w3, w1\nrev32 x4, x1\nrev w5, w1\nrev x6, x1\n"
              "rev x7, x1\nrev x7, x7\nhlt #0");
  // REV16 swaps the two bytes of each halfword: 0123 4567 89ab cdef -> 2301 6745 ab89 efcd.
  EXPECT_EQ(m.x(2), 0x23016745AB89EFCDull);
  EXPECT_EQ(m.x(3), 0xAB89EFCDull);  // halfwords 89ab cdef of the W register
  // REV32 reverses bytes within each word: 01234567 89abcdef -> 67452301 efcdab89.
  EXPECT_EQ(m.x(4), 0x67452301EFCDAB89ull);
  // REV of a W register: 89abcdef -> efcdab89, zero-extended.
  EXPECT_EQ(m.x(5), 0xEFCDAB89ull);
  // REV of an X register: all eight bytes reversed.
  EXPECT_EQ(m.x(6), 0xEFCDAB8967452301ull);
  EXPECT_EQ(m.x(7), 0x0123456789ABCDEFull);  // reversing twice restores the value
}

TEST(DataProcessing1Source, Clz) {
  Machine m = cpu_machine();
  m.set_x(1, 0);
  m.set_x(2, kAllOnes);
  m.set_x(3, 1);
  m.set_x(4, 1ull << 40);
  m.set_x(5, 0xFFFFFFFF00010000ull);  // W view 0x00010000; the upper ones must be ignored
  m.set_x(6, kInt64Min);
  run_to_halt(m,
              "clz x10, x1\nclz w11, w1\nclz x12, x2\nclz w13, w2\nclz x14, x3\nclz w15, w3\n"
              "clz x16, x4\nclz w17, w5\nclz x18, x6\nclz w19, w6\nclz x20, xzr\nhlt #0");
  EXPECT_EQ(m.x(10), 64u);  // zero: every bit is a leading zero
  EXPECT_EQ(m.x(11), 32u);
  EXPECT_EQ(m.x(12), 0u);  // all ones
  EXPECT_EQ(m.x(13), 0u);
  EXPECT_EQ(m.x(14), 63u);  // only bit 0 set
  EXPECT_EQ(m.x(15), 31u);
  EXPECT_EQ(m.x(16), 23u);  // bit 40: 63 - 40
  EXPECT_EQ(m.x(17), 15u);  // bit 16 of a W register: 31 - 16
  EXPECT_EQ(m.x(18), 0u);   // bit 63
  EXPECT_EQ(m.x(19), 32u);  // W view of 0x8000000000000000 is zero
  EXPECT_EQ(m.x(20), 64u);  // XZR reads as zero (not SP)
}

TEST(DataProcessing1Source, Cls) {
  Machine m = cpu_machine();
  m.set_x(1, 0);
  m.set_x(2, kAllOnes);
  m.set_x(3, 1);
  m.set_x(4, kInt64Min);
  m.set_x(5, 0x4000000000000000ull);
  m.set_x(6, 0xC000000000000000ull);
  m.set_x(7, 0x00000000FFFF0000ull);
  m.set_x(8, 0xFFFFFFFFFFFFFFFEull);
  m.set_x(9, 0x7FFFFFFFFFFFFFFFull);
  run_to_halt(m,
              "cls x10, x1\ncls w11, w1\ncls x12, x2\ncls w13, w2\ncls x14, x3\ncls w15, w3\n"
              "cls x16, x4\ncls x17, x5\ncls x18, x6\ncls w19, w7\ncls x20, x8\ncls x21, x9\n"
              "cls w22, w9\nhlt #0");
  // CLS counts the bits below the sign bit that equal it.
  EXPECT_EQ(m.x(10), 63u);  // 0: all 63 lower bits match the sign bit
  EXPECT_EQ(m.x(11), 31u);
  EXPECT_EQ(m.x(12), 63u);  // all ones: likewise
  EXPECT_EQ(m.x(13), 31u);
  EXPECT_EQ(m.x(14), 62u);  // 1: bits 62..1 are zero like bit 63
  EXPECT_EQ(m.x(15), 30u);
  EXPECT_EQ(m.x(16), 0u);   // 0x8000...: bit 62 differs from bit 63
  EXPECT_EQ(m.x(17), 0u);   // 0x4000...: bit 62 differs from bit 63
  EXPECT_EQ(m.x(18), 1u);   // 0xC000...: bit 62 matches, bit 61 does not
  EXPECT_EQ(m.x(19), 15u);  // W 0xffff0000: bits 30..16 match bit 31
  EXPECT_EQ(m.x(20), 62u);  // 0xff..fe: bits 62..1 match
  EXPECT_EQ(m.x(21), 0u);   // 0x7fff...: bit 62 differs from bit 63
  EXPECT_EQ(m.x(22), 31u);  // W view 0xffffffff
}

// ---- Data-processing (2 source): division -------------------------------------------------

TEST(DataProcessing2Source, Udiv) {
  Machine m = cpu_machine();
  m.set_x(1, 100);
  m.set_x(2, 7);
  m.set_x(3, kAllOnes);
  m.set_x(4, 2);
  m.set_x(5, 0x0000000100000064ull);  // W view 100
  m.set_x(6, 0x0000000100000007ull);  // W view 7
  m.set_x(7, 0xFFFFFFFFull);
  m.set_x(8, 1);
  m.set_x(9, 0x0000000100000000ull);  // W view 0: a W division by zero
  for (unsigned r = 10; r <= 17; ++r) m.set_x(r, 0x5A5A);
  run_to_halt(m,
              "udiv x10, x1, x2\nudiv x11, x3, x4\nudiv x12, x1, xzr\nudiv w13, w5, w6\n"
              "udiv w14, w7, w8\nudiv w15, w1, w9\nudiv x16, x3, x3\nudiv x17, x2, x1\nhlt #0");
  EXPECT_EQ(m.x(10), 14u);                    // 100 / 7 = 14 rem 2
  EXPECT_EQ(m.x(11), 0x7FFFFFFFFFFFFFFFull);  // (2^64 - 1) / 2, unsigned
  EXPECT_EQ(m.x(12), 0u);                     // divide by zero gives 0
  EXPECT_EQ(m.x(13), 14u);                    // upper halves ignored (X would give 1)
  EXPECT_EQ(m.x(14), 0xFFFFFFFFull);          // 0xffffffff / 1, unsigned
  EXPECT_EQ(m.x(15), 0u);                     // W divisor 0 even though X9 != 0
  EXPECT_EQ(m.x(16), 1u);
  EXPECT_EQ(m.x(17), 0u);  // 7 / 100
}

TEST(DataProcessing2Source, SdivX) {
  Machine m = cpu_machine();
  m.set_x(1, static_cast<uint64_t>(-7));
  m.set_x(2, 2);
  m.set_x(3, 7);
  m.set_x(4, static_cast<uint64_t>(-2));
  m.set_x(5, kInt64Min);
  m.set_x(6, kAllOnes);  // -1
  m.set_x(7, 1);
  run_to_halt(m,
              "sdiv x10, x1, x2\nsdiv x11, x3, x4\nsdiv x12, x1, x4\nsdiv x13, x5, x6\n"
              "sdiv x14, x5, xzr\nsdiv x15, x5, x7\nsdiv x16, x5, x2\nsdiv x17, x3, x6\n"
              "sdiv x18, x1, x3\nhlt #0");
  EXPECT_EQ(m.x(10), static_cast<uint64_t>(-3));  // -7 / 2 = -3.5 -> -3 (toward zero)
  EXPECT_EQ(m.x(11), static_cast<uint64_t>(-3));  // 7 / -2 = -3.5 -> -3
  EXPECT_EQ(m.x(12), 3u);                         // -7 / -2 = 3.5 -> 3
  EXPECT_EQ(m.x(13), kInt64Min);                  // 2^63 truncated to 64 bits is INT64_MIN
  EXPECT_EQ(m.x(14), 0u);                         // divide by zero gives 0
  EXPECT_EQ(m.x(15), kInt64Min);                  // / 1
  EXPECT_EQ(m.x(16), 0xC000000000000000ull);      // -2^63 / 2 = -2^62
  EXPECT_EQ(m.x(17), static_cast<uint64_t>(-7));  // 7 / -1
  EXPECT_EQ(m.x(18), kAllOnes);                   // -7 / 7 = -1
}

TEST(DataProcessing2Source, SdivW) {
  Machine m = cpu_machine();
  m.set_x(1, 0x12345678FFFFFFF9ull);  // W view -7
  m.set_x(2, 0xFFFFFFFF00000002ull);  // W view 2
  m.set_x(3, 0x0000000080000000ull);  // W view INT32_MIN
  m.set_x(4, 0x00000000FFFFFFFFull);  // W view -1
  m.set_x(5, 0xFFFFFFFE00000000ull);  // W view 0
  m.set_x(6, 0x00000000FFFFFFFEull);  // W view -2
  for (unsigned r = 10; r <= 15; ++r) m.set_x(r, kAllOnes);
  run_to_halt(m,
              "sdiv w10, w1, w2\nsdiv w11, w3, w4\nsdiv w12, w1, w5\nsdiv w13, w1, w6\n"
              "sdiv w14, w3, w2\nsdiv w15, w2, w1\nhlt #0");
  EXPECT_EQ(m.x(10), 0xFFFFFFFDull);  // -7 / 2 -> -3, zero-extended
  EXPECT_EQ(m.x(11), 0x80000000ull);  // INT32_MIN / -1 = 2^31, truncated to INT32_MIN
  EXPECT_EQ(m.x(12), 0u);             // W divisor 0
  EXPECT_EQ(m.x(13), 3u);             // -7 / -2 = 3.5 -> 3
  EXPECT_EQ(m.x(14), 0xC0000000ull);  // -2^31 / 2 = -2^30
  EXPECT_EQ(m.x(15), 0u);             // 2 / -7 -> 0 (toward zero)
}

// ---- Data-processing (2 source): variable shifts ------------------------------------------

TEST(DataProcessing2Source, ShiftsX) {
  Machine m = cpu_machine();
  m.set_x(1, 0x8000000000000003ull);  // value: top bit and two low bits set
  m.set_x(2, 0);
  m.set_x(3, 63);
  m.set_x(4, 64);                     // = 0 mod 64
  m.set_x(5, 65);                     // = 1 mod 64
  m.set_x(6, 0xFFFFFFFFFFFFFFC1ull);  // = 1 mod 64
  run_to_halt(m,
              "lslv x10, x1, x2\nlslv x11, x1, x3\nlslv x12, x1, x4\nlslv x13, x1, x5\nlslv x14, x1, x6\n"
              "lsrv x15, x1, x2\nlsrv x16, x1, x3\nlsrv x17, x1, x4\nlsrv x18, x1, x5\nlsrv x19, x1, x6\n"
              "asrv x20, x1, x2\nasrv x21, x1, x3\nasrv x22, x1, x4\nasrv x23, x1, x5\nasrv x24, x1, x6\n"
              "rorv x25, x1, x2\nrorv x26, x1, x3\nrorv x27, x1, x4\nrorv x28, x1, x5\nrorv x29, x1, x6\n"
              "hlt #0");
  const uint64_t v = 0x8000000000000003ull;
  EXPECT_EQ(m.x(10), v);
  EXPECT_EQ(m.x(11), 0x8000000000000000ull);  // bit 0 -> bit 63, the rest shifted out
  EXPECT_EQ(m.x(12), v);                      // 64 mod 64 = 0
  EXPECT_EQ(m.x(13), 0x0000000000000006ull);  // << 1: bit 63 lost, 3 -> 6
  EXPECT_EQ(m.x(14), 0x0000000000000006ull);
  EXPECT_EQ(m.x(15), v);
  EXPECT_EQ(m.x(16), 1u);  // >> 63: only the top bit remains
  EXPECT_EQ(m.x(17), v);
  EXPECT_EQ(m.x(18), 0x4000000000000001ull);  // >> 1
  EXPECT_EQ(m.x(19), 0x4000000000000001ull);
  EXPECT_EQ(m.x(20), v);
  EXPECT_EQ(m.x(21), kAllOnes);  // negative >> 63 arithmetic: all sign bits
  EXPECT_EQ(m.x(22), v);
  EXPECT_EQ(m.x(23), 0xC000000000000001ull);  // >> 1 with the sign copied in
  EXPECT_EQ(m.x(24), 0xC000000000000001ull);
  EXPECT_EQ(m.x(25), v);
  EXPECT_EQ(m.x(26), 0x0000000000000007ull);  // ror 63 = rol 1: 1000..0011 -> 0..0111
  EXPECT_EQ(m.x(27), v);
  EXPECT_EQ(m.x(28), 0xC000000000000001ull);  // ror 1: bit 0 -> bit 63
  EXPECT_EQ(m.x(29), 0xC000000000000001ull);
}

TEST(DataProcessing2Source, ShiftsW) {
  Machine m = cpu_machine();
  m.set_x(1, 0xDEADBEEF80000003ull);  // W view 0x80000003; the upper half must not leak in
  m.set_x(2, 0xFFFFFFFF00000000ull);  // W view 0
  m.set_x(3, 31);
  m.set_x(4, 32);                     // = 0 mod 32
  m.set_x(5, 33);                     // = 1 mod 32
  m.set_x(6, 0xFFFFFFFFFFFFFFE1ull);  // W view 0xffffffe1 = 1 mod 32
  for (unsigned r = 10; r <= 29; ++r) m.set_x(r, kAllOnes);
  run_to_halt(m,
              "lslv w10, w1, w2\nlslv w11, w1, w3\nlslv w12, w1, w4\nlslv w13, w1, w5\nlslv w14, w1, w6\n"
              "lsrv w15, w1, w2\nlsrv w16, w1, w3\nlsrv w17, w1, w4\nlsrv w18, w1, w5\nlsrv w19, w1, w6\n"
              "asrv w20, w1, w2\nasrv w21, w1, w3\nasrv w22, w1, w4\nasrv w23, w1, w5\nasrv w24, w1, w6\n"
              "rorv w25, w1, w2\nrorv w26, w1, w3\nrorv w27, w1, w4\nrorv w28, w1, w5\nrorv w29, w1, w6\n"
              "hlt #0");
  const uint64_t v = 0x80000003ull;
  EXPECT_EQ(m.x(10), v);
  EXPECT_EQ(m.x(11), 0x80000000ull);
  EXPECT_EQ(m.x(12), v);
  EXPECT_EQ(m.x(13), 0x00000006ull);  // bit 31 shifted out of the W register
  EXPECT_EQ(m.x(14), 0x00000006ull);
  EXPECT_EQ(m.x(15), v);
  EXPECT_EQ(m.x(16), 1u);
  EXPECT_EQ(m.x(17), v);
  EXPECT_EQ(m.x(18), 0x40000001ull);  // no bit of 0xdeadbeef shifts in
  EXPECT_EQ(m.x(19), 0x40000001ull);
  EXPECT_EQ(m.x(20), v);
  EXPECT_EQ(m.x(21), 0xFFFFFFFFull);  // sign is bit 31; result zero-extended
  EXPECT_EQ(m.x(22), v);
  EXPECT_EQ(m.x(23), 0xC0000001ull);
  EXPECT_EQ(m.x(24), 0xC0000001ull);
  EXPECT_EQ(m.x(25), v);
  EXPECT_EQ(m.x(26), 0x00000007ull);  // ror 31 = rol 1 within 32 bits
  EXPECT_EQ(m.x(27), v);
  EXPECT_EQ(m.x(28), 0xC0000001ull);  // bit 0 -> bit 31
  EXPECT_EQ(m.x(29), 0xC0000001ull);
}

TEST(DataProcessing2Source, AsrvPositiveAndXzr) {
  Machine m = cpu_machine();
  m.set_x(1, 0x4000000000000000ull);
  m.set_x(2, 62);
  m.set_x(3, 0x7FFFFFFF);
  m.set_x(4, 30);
  const uint64_t sp = m.sp();
  run_to_halt(m,
              "asrv x10, x1, x2\nasrv w11, w3, w4\nlslv x12, x1, xzr\nlslv x13, xzr, x2\n"
              "lslv xzr, x1, x2\nhlt #0");
  EXPECT_EQ(m.x(10), 1u);                     // 2^62 >> 62, zeros shifted in
  EXPECT_EQ(m.x(11), 1u);                     // 0x7fffffff >> 30
  EXPECT_EQ(m.x(12), 0x4000000000000000ull);  // shift by XZR = 0
  EXPECT_EQ(m.x(13), 0u);                     // XZR shifted is still 0
  EXPECT_EQ(m.sp(), sp);                      // Rd = 31 discards the result, SP untouched
}

// ---- Data-processing (2 source): CRC32 ----------------------------------------------------

// Feeds the nine ASCII bytes "123456789" at 0x1000 through `instruction` (crc32b or crc32cb)
// from 0xffffffff; the caller inverts the result, as the CRC-32 check value is defined.
uint64_t crc_of_check_string(const std::string& instruction) {
  Machine m = cpu_machine();
  const std::string text = "123456789";
  m.write_memory(0x1000, std::vector<uint8_t>(text.begin(), text.end()));
  run_to_halt(m,
              "movz x1, #0x1000\nmovz x2, #9\nmovn w0, #0\n"
              "1: ldrb w3, [x1]\nadd x1, x1, #1\n" +
                  instruction +
                  " w0, w0, w3\n"
                  "subs x2, x2, #1\nb.ne 1b\nhlt #0");
  return m.x(0);
}

TEST(DataProcessing2Source, Crc32CheckValueBytewise) {
  // The CRC-32 (ISO-HDLC) check value of "123456789" is 0xcbf43926, CRC-32C's 0xe3069283;
  // both start at 0xffffffff and invert at the end. W results are zero-extended.
  EXPECT_EQ(crc_of_check_string("crc32b"), 0xCBF43926ull ^ 0xFFFFFFFFull);
  EXPECT_EQ(crc_of_check_string("crc32cb"), 0xE3069283ull ^ 0xFFFFFFFFull);
}

// The same nine bytes fed as wider little-endian chunks ("12345678" = 0x3837363534333231)
// then the last byte '9' (0x39): a reflected CRC consumes each chunk low byte first, so
// every chunking gives the byte-wise result. Upper register bits beyond the chunk size are
// set to garbage to show that only the low bits of Rm are used.
TEST(DataProcessing2Source, Crc32WideFormsMatchBytewise) {
  for (const bool castagnoli : {false, true}) {
    const std::string c = castagnoli ? "c" : "";
    const uint64_t expected = (castagnoli ? 0xE3069283ull : 0xCBF43926ull) ^ 0xFFFFFFFFull;
    Machine m = cpu_machine();
    m.set_x(1, 0x3837363534333231ull);  // X chunk
    m.set_x(2, 0xDEADBEEF34333231ull);  // W chunks
    m.set_x(3, 0xDEADBEEF38373635ull);
    m.set_x(4, 0xDEADBEEFCAFE3231ull);  // H chunks
    m.set_x(5, 0xDEADBEEFCAFE3433ull);
    m.set_x(6, 0xDEADBEEFCAFE3635ull);
    m.set_x(7, 0xDEADBEEFCAFE3837ull);
    m.set_x(8, 0xDEADBEEFCAFEBA39ull);  // B chunk '9'
    m.set_x(10, 0xFFFFFFFFull);
    m.set_x(11, 0xFFFFFFFFull);
    m.set_x(12, 0xAAAAAAAAFFFFFFFFull);  // upper half of the accumulator must be ignored
    run_to_halt(m, "crc32" + c + "x w10, w10, x1\ncrc32" + c + "b w10, w10, w8\n" + "crc32" + c +
                       "w w11, w11, w2\ncrc32" + c + "w w11, w11, w3\ncrc32" + c + "b w11, w11, w8\n" + "crc32" + c +
                       "h w12, w12, w4\ncrc32" + c + "h w12, w12, w5\ncrc32" + c + "h w12, w12, w6\n" + "crc32" + c +
                       "h w12, w12, w7\ncrc32" + c + "b w12, w12, w8\nhlt #0");
    EXPECT_EQ(m.x(10), expected) << "crc32" << c << "x";
    EXPECT_EQ(m.x(11), expected) << "crc32" << c << "w";
    EXPECT_EQ(m.x(12), expected) << "crc32" << c << "h";
  }
}

// A single set bit at the top of the data, from a zero accumulator: the bit reaches bit 0
// after size-1 shifts with no feedback, then the last step shifts it out and XORs in the
// bit-reversed polynomial: bitrev(0x04c11db7) = 0xedb88320, bitrev(0x1edc6f41) = 0x82f63b78.
TEST(DataProcessing2Source, Crc32SingleBitGivesReflectedPolynomial) {
  Machine m = cpu_machine();
  m.set_x(1, 0xFFFFFFFFFFFFFF80ull);  // B: 0x80 (upper bits ignored)
  m.set_x(2, 0xFFFFFFFFFFFF8000ull);  // H: 0x8000
  m.set_x(3, 0xFFFFFFFF80000000ull);  // W: 0x80000000
  m.set_x(4, 0x8000000000000000ull);  // X: bit 63
  m.set_x(5, 0xFFFFFFFF00000000ull);  // accumulator: W view 0
  for (unsigned r = 10; r <= 17; ++r) m.set_x(r, kAllOnes);
  run_to_halt(m,
              "crc32b w10, w5, w1\ncrc32h w11, w5, w2\ncrc32w w12, w5, w3\ncrc32x w13, w5, x4\n"
              "crc32cb w14, w5, w1\ncrc32ch w15, w5, w2\ncrc32cw w16, w5, w3\ncrc32cx w17, w5, x4\n"
              "hlt #0");
  for (unsigned r = 10; r <= 13; ++r) EXPECT_EQ(m.x(r), 0xEDB88320ull) << "x" << r;
  for (unsigned r = 14; r <= 17; ++r) EXPECT_EQ(m.x(r), 0x82F63B78ull) << "x" << r;
}

TEST(DataProcessing2Source, Crc32AccumulatorShiftsAndXzr) {
  Machine m = cpu_machine();
  m.set_x(1, 0x0000000000000100ull);  // accumulator bit 8
  m.set_x(2, 0x8000000000000000ull);
  m.set_x(3, 0x0000000000000080ull);  // accumulator bit 7
  for (unsigned r = 10; r <= 15; ++r) m.set_x(r, kAllOnes);
  const uint64_t sp = m.sp();
  run_to_halt(m,
              "crc32b w10, w1, wzr\ncrc32ch w11, w1, wzr\ncrc32cb w12, w3, wzr\ncrc32x w13, wzr, xzr\n"
              "crc32w w14, wzr, wzr\ncrc32cx wzr, w1, x2\nhlt #0");
  // Zero data bits: the low byte 0x00 of the accumulator shifts out without feedback,
  // 0x100 >> 8 = 1.
  EXPECT_EQ(m.x(10), 1u);
  // 16 steps: bits 0..7 zero (8 plain shifts, now 0x1), then bit 0 set: 0x82f63b78, then
  // seven more steps starting from 0x82f63b78 (bits 0..2 of 0x...78 are 0, bit 3 is 1):
  //   >>3 -> 0x105ec76f, bit 0 = 1 -> >>1 ^ 0x82f63b78 = 0x082f63b7 ^ 0x82f63b78 = 0x8ad958cf,
  //   bit 0 = 1 -> 0x456cac67 ^ 0x82f63b78 = 0xc79a971f,
  //   bit 0 = 1 -> 0x63cd4b8f ^ 0x82f63b78 = 0xe13b70f7,
  //   bit 0 = 1 -> 0x709db87b ^ 0x82f63b78 = 0xf26b8303.
  EXPECT_EQ(m.x(11), 0xF26B8303ull);
  // Accumulator bit 7 with zero data behaves like data bit 7 (they are XORed together).
  EXPECT_EQ(m.x(12), 0x82F63B78ull);
  EXPECT_EQ(m.x(13), 0u);  // WZR / XZR read as zero: CRC of zeros from 0 is 0
  EXPECT_EQ(m.x(14), 0u);
  EXPECT_EQ(m.sp(), sp);  // Rd = 31 is WZR: nothing written
}

// ---- Data-processing (3 source) ---------------------------------------------------------

TEST(DataProcessing3Source, MaddMsubX) {
  Machine m = cpu_machine();
  m.set_x(1, 3);
  m.set_x(2, 4);
  m.set_x(3, 5);
  m.set_x(4, kInt64Min);
  m.set_x(5, 2);
  m.set_x(6, 7);
  m.set_x(7, kAllOnes);  // -1
  m.set_x(8, 10);
  run_to_halt(m,
              "madd x10, x1, x2, x3\nmadd x11, x4, x5, x6\nmadd x12, x7, x3, x8\n"
              "msub x13, x1, x2, x8\nmsub x14, x4, x5, x6\nmul x15, x1, x2\nmneg x16, x1, x2\n"
              "madd x17, xzr, x1, x2\nmadd x18, x7, x7, xzr\nhlt #0");
  EXPECT_EQ(m.x(10), 17u);                         // 3*4 + 5
  EXPECT_EQ(m.x(11), 7u);                          // 2^63 * 2 = 2^64 wraps to 0, + 7
  EXPECT_EQ(m.x(12), 5u);                          // -1*5 + 10
  EXPECT_EQ(m.x(13), static_cast<uint64_t>(-2));   // 10 - 3*4
  EXPECT_EQ(m.x(14), 7u);                          // 7 - 0 (product wrapped)
  EXPECT_EQ(m.x(15), 12u);                         // MUL = MADD with Ra = XZR
  EXPECT_EQ(m.x(16), static_cast<uint64_t>(-12));  // MNEG = MSUB with Ra = XZR
  EXPECT_EQ(m.x(17), 4u);                          // XZR * 3 + 4
  EXPECT_EQ(m.x(18), 1u);                          // (2^64-1)^2 mod 2^64 = 1
}

TEST(DataProcessing3Source, MaddMsubW) {
  Machine m = cpu_machine();
  m.set_x(1, 0xAAAAAAAA00010000ull);  // W view 0x00010000
  m.set_x(2, 0x5555555500010001ull);  // W view 0x00010001
  m.set_x(3, 0xFFFFFFFF00000001ull);  // W view 1
  m.set_x(4, 0x00000000FFFFFFFFull);  // W view 0xffffffff
  for (unsigned r = 10; r <= 14; ++r) m.set_x(r, kAllOnes);
  run_to_halt(m,
              "madd w10, w1, w2, w3\nmsub w11, w3, w3, wzr\nmadd w12, w4, w4, w3\n"
              "msub w13, w1, w2, w3\nmul w14, w1, w1\nhlt #0");
  // 0x10000 * 0x10001 = 0x1_0001_0000 -> low 32 bits 0x00010000, + 1.
  EXPECT_EQ(m.x(10), 0x00010001ull);
  EXPECT_EQ(m.x(11), 0xFFFFFFFFull);  // 0 - 1*1 wraps at 32 bits, zero-extended
  // 0xffffffff^2 = 0xfffffffe_00000001 -> low 32 bits 1, + 1.
  EXPECT_EQ(m.x(12), 2u);
  EXPECT_EQ(m.x(13), 0xFFFF0001ull);  // 1 - 0x00010000 = -0xffff
  EXPECT_EQ(m.x(14), 0u);             // 2^16 * 2^16 = 2^32 wraps to 0
}

TEST(DataProcessing3Source, LongMultiplyAdd) {
  Machine m = cpu_machine();
  m.set_x(1, 0x12345678FFFFFFFFull);  // W view 0xffffffff: -1 signed, 2^32-1 unsigned
  m.set_x(2, 0xFFFFFFFF00000002ull);  // W view 2
  m.set_x(3, 10);                     // 64-bit addend
  m.set_x(4, 0x80000000ull);          // INT32_MIN
  m.set_x(5, 0x7FFFFFFFull);          // INT32_MAX
  run_to_halt(m,
              "smaddl x10, w1, w2, x3\nsmsubl x11, w1, w2, x3\numaddl x12, w1, w2, x3\n"
              "umsubl x13, w1, w2, x3\nsmull x14, w4, w4\nsmull x15, w4, w5\numull x16, w1, w1\n"
              "smnegl x17, w1, w2\numnegl x18, w1, w2\nsmaddl x19, w4, w2, xzr\nhlt #0");
  EXPECT_EQ(m.x(10), 8u);                                     // 10 + (-1)(2)
  EXPECT_EQ(m.x(11), 12u);                                    // 10 - (-1)(2)
  EXPECT_EQ(m.x(12), 0x200000008ull);                         // 10 + 0xffffffff*2 = 10 + 0x1fffffffe
  EXPECT_EQ(m.x(13), 0xFFFFFFFE0000000Cull);                  // 10 - 0x1fffffffe = 2^64 - 0x1fffffff4
  EXPECT_EQ(m.x(14), 0x4000000000000000ull);                  // (-2^31)^2 = 2^62
  EXPECT_EQ(m.x(15), 0xC000000080000000ull);                  // -2^31 (2^31 - 1) = -2^62 + 2^31
  EXPECT_EQ(m.x(16), 0xFFFFFFFE00000001ull);                  // (2^32 - 1)^2 = 2^64 - 2^33 + 1
  EXPECT_EQ(m.x(17), 2u);                                     // -((-1)(2))
  EXPECT_EQ(m.x(18), static_cast<uint64_t>(-0x1FFFFFFFEll));  // -(0xffffffff*2)
  EXPECT_EQ(m.x(19), 0xFFFFFFFF00000000ull);                  // -2^31 * 2 = -2^32
}

TEST(DataProcessing3Source, MultiplyHigh) {
  Machine m = cpu_machine();
  m.set_x(1, kAllOnes);
  m.set_x(2, kInt64Min);
  m.set_x(3, 1);
  m.set_x(4, 0x7FFFFFFFFFFFFFFFull);
  m.set_x(5, 1ull << 32);
  m.set_x(6, 0x100000001ull);
  m.set_x(7, 0x0123456789ABCDEFull);
  m.set_x(8, 0xFEDCBA9876543210ull);
  run_to_halt(m,
              "smulh x10, x1, x1\numulh x11, x1, x1\nsmulh x12, x2, x2\numulh x13, x2, x2\n"
              "smulh x14, x1, x3\numulh x15, x1, x3\nsmulh x16, x2, x1\numulh x17, x2, x1\n"
              "smulh x18, x4, x4\numulh x19, x5, x5\numulh x20, x1, x6\numulh x21, x7, x8\n"
              "smulh x22, x7, x8\nsmulh x23, x8, x8\nhlt #0");
  EXPECT_EQ(m.x(10), 0u);                     // (-1)(-1) = 1: high half 0
  EXPECT_EQ(m.x(11), 0xFFFFFFFFFFFFFFFEull);  // (2^64-1)^2 = 2^128 - 2^65 + 1
  EXPECT_EQ(m.x(12), 0x4000000000000000ull);  // (-2^63)^2 = 2^126
  EXPECT_EQ(m.x(13), 0x4000000000000000ull);  // (2^63)^2 = 2^126
  EXPECT_EQ(m.x(14), kAllOnes);               // -1 * 1 = -1: sign-filled high half
  EXPECT_EQ(m.x(15), 0u);                     // (2^64-1) * 1 < 2^64
  EXPECT_EQ(m.x(16), 0u);                     // -2^63 * -1 = 2^63 < 2^64
  EXPECT_EQ(m.x(17), 0x7FFFFFFFFFFFFFFFull);  // 2^63 (2^64-1) = (2^63-1) 2^64 + 2^63
  EXPECT_EQ(m.x(18), 0x3FFFFFFFFFFFFFFFull);  // (2^63-1)^2 = 2^126 - 2^64 + 1
  EXPECT_EQ(m.x(19), 1u);                     // 2^32 * 2^32 = 2^64
  // (2^64-1)(2^32+1) = (2^32+1) 2^64 - (2^32+1): high half 2^32 (carry through the
  // middle partial products).
  EXPECT_EQ(m.x(20), 0x100000000ull);
  // 0x0123456789abcdef * 0xfedcba9876543210 = 0x0121fa00ad77d742_2236d88fe5618cf0
  // (long multiplication); signed, the second operand is itself - 2^64, so the high half
  // drops by the first: 0x0121fa00ad77d742 - 0x0123456789abcdef = 0xfffeb49923cc0953.
  EXPECT_EQ(m.x(21), 0x0121FA00AD77D742ull);
  EXPECT_EQ(m.x(22), 0xFFFEB49923CC0953ull);
  // (-0x0123456789abcdf0)^2 = 0x00014b66dc33f6ac_deec6cd7a44a4100: a positive high half.
  EXPECT_EQ(m.x(23), 0x00014B66DC33F6ACull);
}

// SMULH/UMULH have Ra should-be-one; a non-11111 Ra is CONSTRAINED UNPREDICTABLE and is
// executed as if it were 11111 (Ra's register is not read).
TEST(DataProcessing3Source, MultiplyHighIgnoresRa) {
  Machine m = cpu_machine();
  m.set_x(1, kAllOnes);
  m.set_x(2, 2);
  m.set_x(3, 0x1234);
  // SMULH x0, x1, x2 with Ra = 00011: 1 00 11011 010 Rm 0 Ra Rn Rd.
  // UMULH x4, x1, x2 with Ra = 00011: 1 00 11011 110 Rm 0 Ra Rn Rd.
  const uint32_t smulh = 0x9B400000u | (2u << 16) | (3u << 10) | (1u << 5) | 0u;
  const uint32_t umulh = 0x9BC00000u | (2u << 16) | (3u << 10) | (1u << 5) | 4u;
  m.load_program(std::vector<uint32_t>{smulh, umulh, 0xD4400000u});  // ..., hlt #0
  const ExecResult r = m.execute(10);
  EXPECT_EQ(r.stop_reason, StopReason::kHalt);
  EXPECT_EQ(m.x(0), kAllOnes);  // -1 * 2 = -2: high half all ones
  EXPECT_EQ(m.x(4), 1u);        // (2^64-1) * 2 = 2^65 - 2: high half 1
}

TEST(DataProcessing3Source, ZeroRegisterDestinationAndSources) {
  Machine m = cpu_machine();
  m.set_x(1, 6);
  m.set_x(2, 7);
  const uint64_t sp = m.sp();
  run_to_halt(m,
              "madd xzr, x1, x2, x1\nsmulh xzr, x1, x2\numaddl xzr, w1, w2, x1\n"
              "smulh x10, xzr, x1\numulh x11, x1, xzr\numaddl x12, wzr, w1, x2\nmadd x13, x1, x2, xzr\n"
              "hlt #0");
  EXPECT_EQ(m.sp(), sp);  // register 31 as Rd is XZR here, never SP
  EXPECT_EQ(m.x(10), 0u);
  EXPECT_EQ(m.x(11), 0u);
  EXPECT_EQ(m.x(12), 7u);   // 0 * 6 + 7
  EXPECT_EQ(m.x(13), 42u);  // Ra = XZR reads 0, not SP
}

// ---- the 128-bit product helpers directly ------------------------------------------------

TEST(DataProcessing3Source, MultiplyHighHelpers) {
  using core::sem::signed_multiply_high;
  using core::sem::unsigned_multiply_high;
  EXPECT_EQ(unsigned_multiply_high(0, kAllOnes), 0u);
  EXPECT_EQ(unsigned_multiply_high(kAllOnes, kAllOnes), 0xFFFFFFFFFFFFFFFEull);
  // (2^32 + 1)^2 = 2^64 + 2^33 + 1.
  EXPECT_EQ(unsigned_multiply_high(0x100000001ull, 0x100000001ull), 1u);
  // 0xffffffff * 0xffffffff < 2^64, so no high half.
  EXPECT_EQ(unsigned_multiply_high(0xFFFFFFFFull, 0xFFFFFFFFull), 0u);
  // (2^64 - 2^32)(2^64 - 2^32) = 2^128 - 2^97 + 2^64 -> high 2^64 - 2^33 + 1.
  EXPECT_EQ(unsigned_multiply_high(0xFFFFFFFF00000000ull, 0xFFFFFFFF00000000ull), 0xFFFFFFFE00000001ull);
  EXPECT_EQ(signed_multiply_high(kInt64Min, 0x7FFFFFFFFFFFFFFFull), 0xC000000000000000ull);  // -2^126 + 2^63
  EXPECT_EQ(signed_multiply_high(kAllOnes, kInt64Min), 0u);                                  // (-1)(-2^63) = 2^63
  EXPECT_EQ(signed_multiply_high(3, static_cast<uint64_t>(-5)), kAllOnes);                   // -15
}

// ---- unallocated encodings --------------------------------------------------------------

TEST(DataProcessingSourcesUndefined, OneSource) {
  // sf=0, opcode 000011 (REV of an X register, no 32-bit form): rev with sf cleared.
  expect_undefined(0x5AC00C20u);
  expect_undefined(0xFAC00020u);  // RBIT with S=1
  expect_undefined(0xDAC01820u);  // opcode 000110 (FEAT_CSSC CTZ, not implemented)
  expect_undefined(0xDAC01C20u);  // opcode 000111 (FEAT_CSSC CNT)
  expect_undefined(0xDAC02020u);  // opcode 001000 (FEAT_CSSC ABS)
  expect_undefined(0x5AC02420u);  // opcode 001001
  expect_undefined(0xDAC08020u);  // opcode 100000
  expect_undefined(0xDAC10020u);  // opcode2 00001: PACIA x0, x1 (no FEAT_PAuth)
  expect_undefined(0xDAC11020u);  // AUTIA x0, x1
  expect_undefined(0xDAC143E0u);  // XPACI x0
  expect_undefined(0x5AC10020u);  // opcode2 00001 with sf=0
  expect_undefined(0xDAC20020u);  // opcode2 00010
}

TEST(DataProcessingSourcesUndefined, OneSourceRev32WithSfZeroIsRevW) {
  // The REV32 opcode (000010) with sf=0 is not unallocated: it is REV of a W register.
  Machine m = cpu_machine();
  m.set_x(1, 0x0123456789ABCDEFull);
  m.load_program(std::vector<uint32_t>{0x5AC00820u, 0xD4400000u});  // rev w0, w1; hlt #0
  EXPECT_EQ(m.execute(10).stop_reason, StopReason::kHalt);
  EXPECT_EQ(m.x(0), 0xEFCDAB89ull);
}

TEST(DataProcessingSourcesUndefined, TwoSource) {
  expect_undefined(0x1AC20020u);  // opcode 000000, sf=0
  expect_undefined(0x9AC20420u);  // opcode 000001
  expect_undefined(0x9AC23020u);  // opcode 001100: PACGA
  expect_undefined(0x9AC23420u);  // opcode 001101
  expect_undefined(0x9AC26020u);  // opcode 011000 (FEAT_CSSC SMAX)
  expect_undefined(0x9AC28020u);  // opcode 100000
  expect_undefined(0xBAC20820u);  // UDIV with S=1
  expect_undefined(0x9AC24020u);  // CRC32B with sf=1
  expect_undefined(0x9AC24420u);  // CRC32H with sf=1
  expect_undefined(0x9AC24820u);  // CRC32W with sf=1
  expect_undefined(0x1AC24C20u);  // CRC32X with sf=0
  expect_undefined(0x9AC25020u);  // CRC32CB with sf=1
  expect_undefined(0x9AC25420u);  // CRC32CH with sf=1
  expect_undefined(0x9AC25820u);  // CRC32CW with sf=1
  expect_undefined(0x1AC25C20u);  // CRC32CX with sf=0
}

TEST(DataProcessingSourcesUndefined, ThreeSource) {
  expect_undefined(0x1B220020u);  // SMADDL with sf=0
  expect_undefined(0x1B228020u);  // SMSUBL with sf=0
  expect_undefined(0x1BA20020u);  // UMADDL with sf=0
  expect_undefined(0x1BA28020u);  // UMSUBL with sf=0
  expect_undefined(0x1B427C20u);  // SMULH with sf=0
  expect_undefined(0x1BC27C20u);  // UMULH with sf=0
  expect_undefined(0x9B42FC20u);  // SMULH opcode with o0=1
  expect_undefined(0x9BC2FC20u);  // UMULH opcode with o0=1
  expect_undefined(0x9B620020u);  // op31 011
  expect_undefined(0x9B820020u);  // op31 100
  expect_undefined(0x9BE20020u);  // op31 111
  expect_undefined(0xBB020020u);  // op54 01 (MADD otherwise)
  expect_undefined(0xDB020020u);  // op54 10
  expect_undefined(0xFB020020u);  // op54 11
  expect_undefined(0x3B020020u);  // op54 01, sf=0
}

}  // namespace
}  // namespace warp64::test
