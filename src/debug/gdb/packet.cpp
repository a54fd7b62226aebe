#include "debug/gdb/packet.hpp"

namespace warp64::debug::gdb {
namespace {

constexpr char kEscape = '}';
constexpr char kRunLength = '*';
constexpr char kInterruptByte = 0x03;
constexpr uint8_t kEscapeXor = 0x20;
// A run-length count character c stands for c - 29 further copies.
constexpr int kRunLengthBias = 29;

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool needs_escape(char c) { return c == '#' || c == '$' || c == kEscape || c == kRunLength; }

constexpr char kHexDigits[] = "0123456789abcdef";

}  // namespace

uint8_t checksum(std::string_view bytes) {
  uint8_t sum = 0;
  for (char c : bytes) sum = static_cast<uint8_t>(sum + static_cast<uint8_t>(c));
  return sum;
}

std::string frame_packet(std::string_view payload) {
  std::string body;
  body.reserve(payload.size() + 8);
  for (char c : payload) {
    if (needs_escape(c)) {
      body += kEscape;
      body += static_cast<char>(c ^ kEscapeXor);
    } else {
      body += c;
    }
  }
  const uint8_t sum = checksum(body);
  std::string packet = "$" + body + "#";
  packet += kHexDigits[sum >> 4];
  packet += kHexDigits[sum & 0xf];
  return packet;
}

std::optional<std::string> decode_payload(std::string_view raw, size_t max_size) {
  std::string out;
  for (size_t i = 0; i < raw.size(); ++i) {
    const char c = raw[i];
    if (c == kEscape) {
      if (++i == raw.size()) return std::nullopt;
      out += static_cast<char>(raw[i] ^ kEscapeXor);
    } else if (c == kRunLength) {
      if (out.empty() || ++i == raw.size()) return std::nullopt;
      const int repeats = static_cast<uint8_t>(raw[i]) - kRunLengthBias;
      if (repeats < 0) return std::nullopt;
      out.append(static_cast<size_t>(repeats), out.back());
    } else {
      out += c;
    }
    if (out.size() > max_size) return std::nullopt;
  }
  return out;
}

void PacketReader::start_packet() {
  state_ = State::kPayload;
  raw_.clear();
  oversize_ = false;
}

std::optional<PacketEvent> PacketReader::feed(char byte) {
  if (byte == '$') {  // never part of a packet's bytes: always a (re)start
    start_packet();
    return std::nullopt;
  }
  switch (state_) {
    case State::kIdle:
      if (byte == '+') return PacketEvent{PacketEvent::Kind::kAck, {}};
      if (byte == '-') return PacketEvent{PacketEvent::Kind::kNak, {}};
      if (byte == kInterruptByte) return PacketEvent{PacketEvent::Kind::kInterrupt, {}};
      return std::nullopt;
    case State::kPayload:
      if (byte == '#') {
        state_ = State::kChecksumHigh;
      } else if (raw_.size() < kMaxPacketSize) {
        raw_ += byte;
      } else {
        oversize_ = true;
        std::string().swap(raw_);  // release the buffer: the rest is only counted out
      }
      return std::nullopt;
    case State::kChecksumHigh:
      checksum_high_ = byte;
      state_ = State::kChecksumLow;
      return std::nullopt;
    case State::kChecksumLow: state_ = State::kIdle; return finish_packet(byte);
  }
  return std::nullopt;
}

PacketEvent PacketReader::finish_packet(char low_digit) {
  const PacketEvent bad{PacketEvent::Kind::kBadPacket, {}};
  const int high = hex_digit(checksum_high_);
  const int low = hex_digit(low_digit);
  if (oversize_ || high < 0 || low < 0 || checksum(raw_) != high * 16 + low) return bad;
  std::optional<std::string> payload = decode_payload(raw_);
  if (!payload) return bad;
  return {PacketEvent::Kind::kPacket, std::move(*payload)};
}

std::string hex_encode(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() * 2);
  for (char c : bytes) {
    const auto byte = static_cast<uint8_t>(c);
    out += kHexDigits[byte >> 4];
    out += kHexDigits[byte & 0xf];
  }
  return out;
}

std::optional<std::string> hex_decode(std::string_view digits) {
  if (digits.size() % 2 != 0) return std::nullopt;
  std::string out;
  out.reserve(digits.size() / 2);
  for (size_t i = 0; i < digits.size(); i += 2) {
    const int high = hex_digit(digits[i]);
    const int low = hex_digit(digits[i + 1]);
    if (high < 0 || low < 0) return std::nullopt;
    out += static_cast<char>(high * 16 + low);
  }
  return out;
}

std::optional<uint64_t> parse_hex(std::string_view digits) {
  if (digits.empty()) return std::nullopt;
  uint64_t value = 0;
  for (char c : digits) {
    const int digit = hex_digit(c);
    if (digit < 0 || value >> 60 != 0) return std::nullopt;
    value = value << 4 | static_cast<uint64_t>(digit);
  }
  return value;
}

std::string hex_number(uint64_t value) {
  std::string out;
  do {
    out.insert(out.begin(), kHexDigits[value & 0xf]);
    value >>= 4;
  } while (value != 0);
  return out;
}

}  // namespace warp64::debug::gdb
