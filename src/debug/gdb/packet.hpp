// The framing layer of the GDB remote serial protocol: '$payload#cs' packets, their checksum,
// '}' escapes and run-length encoding, '+'/'-' acknowledgements and the Ctrl-C interrupt byte.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace warp64::debug::gdb {

// The largest payload (the bytes between '$' and '#') the server accepts, before and after
// decoding; qSupported advertises it as PacketSize.
inline constexpr size_t kMaxPacketSize = 0x4000;

// The modulo-256 sum of the bytes.
uint8_t checksum(std::string_view bytes);

// '$' payload '#' checksum, with '#', '$', '}' and '*' sent as '}' followed by the byte xor
// 0x20, so that binary data survives.
std::string frame_packet(std::string_view payload);

// The bytes of a packet as sent (between '$' and '#') with escapes undone and run-length
// encoding expanded ("X*" followed by a count character c repeats X c - 29 more times).
// Empty optional when the encoding is malformed or expands past max_size.
std::optional<std::string> decode_payload(std::string_view raw, size_t max_size = kMaxPacketSize);

// What the peer sent, one event at a time.
struct PacketEvent {
  enum class Kind : uint8_t {
    kPacket,     // a packet whose checksum matched; payload holds its decoded bytes
    kBadPacket,  // a complete packet with a wrong checksum, malformed encoding or oversize payload
    kAck,        // '+'
    kNak,        // '-': resend the last packet
    kInterrupt,  // 0x03 outside a packet
  };
  Kind kind;
  std::string payload;
};

// Turns a byte stream into events. Bytes outside a packet that mean nothing are skipped, a '$'
// always starts a new packet (abandoning an unfinished one), and an oversize packet is
// discarded as it arrives, so memory stays bounded whatever the peer sends.
class PacketReader {
 public:
  std::optional<PacketEvent> feed(char byte);

 private:
  enum class State : uint8_t { kIdle, kPayload, kChecksumHigh, kChecksumLow };

  void start_packet();
  PacketEvent finish_packet(char low_digit);

  State state_ = State::kIdle;
  std::string raw_;
  bool oversize_ = false;
  char checksum_high_ = 0;
};

// Hexadecimal helpers of the protocol: numbers are big-endian digit strings, byte strings two
// lower-case digits per byte.
std::string hex_encode(std::string_view bytes);
std::optional<std::string> hex_decode(std::string_view digits);
// A number of one or more hex digits that fits 64 bits (leading zeros allowed).
std::optional<uint64_t> parse_hex(std::string_view digits);
std::string hex_number(uint64_t value);

}  // namespace warp64::debug::gdb
