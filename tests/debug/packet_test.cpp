// The framing layer against hand-computed checksums and the examples of gdb's manual
// (Overview and Binary Data of the Remote Protocol appendix).
#include "debug/gdb/packet.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace warp64::debug::gdb {
namespace {

using Kind = PacketEvent::Kind;

std::vector<PacketEvent> feed_all(PacketReader& reader, std::string_view bytes) {
  std::vector<PacketEvent> events;
  for (char byte : bytes) {
    if (auto event = reader.feed(byte)) events.push_back(*event);
  }
  return events;
}

std::vector<PacketEvent> feed_all(std::string_view bytes) {
  PacketReader reader;
  return feed_all(reader, bytes);
}

TEST(GdbPacket, ChecksumIsTheSumOfTheBytesModulo256) {
  EXPECT_EQ(checksum(""), 0x00);
  EXPECT_EQ(checksum("?"), 0x3f);
  EXPECT_EQ(checksum("OK"), 0x9a);  // 0x4f + 0x4b
  // 0x71 + 0x53 + 0x75 + 0x70 + 0x70 + 0x6f + 0x72 + 0x74 + 0x65 + 0x64 = 0x437
  EXPECT_EQ(checksum("qSupported"), 0x37);
  EXPECT_EQ(checksum("\xff\x02"), 0x01);  // wraps
}

TEST(GdbPacket, FramesWithLowerCaseChecksum) {
  EXPECT_EQ(frame_packet("OK"), "$OK#9a");
  EXPECT_EQ(frame_packet(""), "$#00");
  EXPECT_EQ(frame_packet("T05"), "$T05#b9");  // 0x54 + 0x30 + 0x35
}

TEST(GdbPacket, EscapesTheFourSpecialBytes) {
  // '#' 0x23, '$' 0x24, '}' 0x7d and '*' 0x2a go out as '}' and the byte xor 0x20; the
  // checksum covers the escaped bytes: 4 * 0x7d + 0x03 + 0x04 + 0x5d + 0x0a = 0x262.
  EXPECT_EQ(frame_packet("#$}*"), std::string("$}\x03}\x04}]}\x0a#62"));
  EXPECT_EQ(frame_packet(std::string("a\0b", 3)), std::string("$a\0b#c3", 7));  // NUL needs no escape
}

TEST(GdbPacket, DecodesTheManualsExamples) {
  EXPECT_EQ(decode_payload("0* "), "0000");     // ' ' is 32: 3 more copies
  EXPECT_EQ(decode_payload("}]"), "}");         // 0x7d sent as 0x7d 0x5d
  EXPECT_EQ(decode_payload("x*!y"), "xxxxxy");  // '!' is 33: 4 more copies
  EXPECT_EQ(decode_payload("}\x03}\x04}\x0a"), "#$*");
  EXPECT_EQ(decode_payload("ab*\x1d"), "ab");  // 29: no more copies
}

TEST(GdbPacket, RejectsMalformedEncodings) {
  EXPECT_FALSE(decode_payload("*a"));       // nothing to repeat
  EXPECT_FALSE(decode_payload("a*"));       // count missing
  EXPECT_FALSE(decode_payload("a*\x10"));   // count below 29
  EXPECT_FALSE(decode_payload("abc}"));     // escape at the end
  EXPECT_FALSE(decode_payload("a*~", 50));  // '~' is 126: 98 copies, past the limit
  EXPECT_EQ(decode_payload("a*~")->size(), 98u);
}

TEST(GdbPacket, ReaderReportsPacketsAcksAndInterrupts) {
  const auto events = feed_all("+$OK#9a-\x03");
  ASSERT_EQ(events.size(), 4u);
  EXPECT_EQ(events[0].kind, Kind::kAck);
  EXPECT_EQ(events[1].kind, Kind::kPacket);
  EXPECT_EQ(events[1].payload, "OK");
  EXPECT_EQ(events[2].kind, Kind::kNak);
  EXPECT_EQ(events[3].kind, Kind::kInterrupt);
}

TEST(GdbPacket, ReaderAcceptsUpperCaseChecksumDigits) {
  const auto events = feed_all("$OK#9A");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].kind, Kind::kPacket);
}

TEST(GdbPacket, ReaderExpandsRunLengthAndEscapes) {
  // Raw "0* " sums to 0x30 + 0x2a + 0x20 = 0x7a.
  auto events = feed_all("$0* #7a");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].payload, "0000");
  // X packet data "}]" is one 0x7d byte: 0x58 + 0x3a + 0x7d + 0x5d = 0x16c.
  events = feed_all("$X:}]#6c");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].payload, "X:}");
}

TEST(GdbPacket, InterruptByteInsideAPacketIsData) {
  const auto events = feed_all("$\x03#03");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].kind, Kind::kPacket);
  EXPECT_EQ(events[0].payload, "\x03");
}

TEST(GdbPacket, ReaderFlagsBadChecksumsAndBadDigits) {
  for (const char* bytes : {"$OK#00", "$OK#9b", "$OK#zz", "$OK#9", "$a}#de"}) {  // the last: a dangling escape
    PacketReader reader;
    auto events = feed_all(reader, bytes);
    if (std::string(bytes) == "$OK#9") events = feed_all(reader, "g");  // the second digit
    ASSERT_EQ(events.size(), 1u) << bytes;
    EXPECT_EQ(events[0].kind, Kind::kBadPacket) << bytes;
  }
}

TEST(GdbPacket, DollarRestartsAnUnfinishedPacket) {
  for (const char* bytes : {"$abc$?#3f", "$abc#$?#3f", "$abc#1$?#3f"}) {
    const auto events = feed_all(bytes);
    ASSERT_EQ(events.size(), 1u) << bytes;
    EXPECT_EQ(events[0].kind, Kind::kPacket) << bytes;
    EXPECT_EQ(events[0].payload, "?") << bytes;
  }
}

TEST(GdbPacket, GarbageBetweenPacketsIsSkipped) {
  const auto events = feed_all("hello\x7f\x80#12$?#3f zz");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].payload, "?");
}

TEST(GdbPacket, OversizePacketIsDiscardedAndTheNextOneRead) {
  PacketReader reader;
  std::string huge = "$" + std::string(kMaxPacketSize + 1, 'a') + "#00";
  auto events = feed_all(reader, huge);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].kind, Kind::kBadPacket);
  events = feed_all(reader, "$?#3f");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].payload, "?");
  // A payload of exactly the limit is accepted: 0x4000 * 'a' (0x61) sums to 0x184000.
  events = feed_all(reader, "$" + std::string(kMaxPacketSize, 'a') + "#00");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].kind, Kind::kPacket);
}

TEST(GdbPacket, HexNumbers) {
  EXPECT_EQ(parse_hex("0"), 0u);
  EXPECT_EQ(parse_hex("400a3C"), 0x400a3cu);
  EXPECT_EQ(parse_hex("ffffffffffffffff"), ~0ull);
  EXPECT_EQ(parse_hex("00000000000000000001"), 1u);  // leading zeros do not overflow
  EXPECT_FALSE(parse_hex("10000000000000000"));      // 65 bits
  EXPECT_FALSE(parse_hex(""));
  EXPECT_FALSE(parse_hex("12g"));
  EXPECT_FALSE(parse_hex("-1"));
  EXPECT_EQ(hex_number(0), "0");
  EXPECT_EQ(hex_number(0x2a), "2a");
  EXPECT_EQ(hex_number(~0ull), "ffffffffffffffff");
}

TEST(GdbPacket, HexBytes) {
  EXPECT_EQ(hex_encode(std::string("\x00\xff\x7d\x0a", 4)), "00ff7d0a");
  EXPECT_EQ(hex_decode("00FF7d0a"), std::string("\x00\xff\x7d\x0a", 4));
  EXPECT_EQ(hex_decode(""), "");
  EXPECT_FALSE(hex_decode("abc"));
  EXPECT_FALSE(hex_decode("zz"));
}

}  // namespace
}  // namespace warp64::debug::gdb
