// Random, corrupted, truncated and oversize gdb packets, as a confused or hostile peer might
// send them; the packets that parse never resume, detach or kill.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <random>
#include <string>

#include "debug/gdb/packet.hpp"
#include "gdb_client.hpp"

namespace warp64::debug::gdb::test {

// A fixed seed, so that a failure reproduces; WARP64_GDB_FUZZ_SEED explores others.
inline uint64_t fuzz_seed() {
  const char* chosen = std::getenv("WARP64_GDB_FUZZ_SEED");
  return chosen != nullptr ? std::strtoull(chosen, nullptr, 0) : 0x5eed'9db0'0001;
}

class PacketFuzzer {
 public:
  // Addresses are drawn mostly from [memory_base, memory_base + memory_size).
  PacketFuzzer(uint64_t seed, uint64_t memory_base, uint64_t memory_size)
      : random_(seed), memory_base_(memory_base), memory_size_(memory_size) {}

  // One case: bytes as a confused or hostile peer might send them.
  std::string next() {
    const uint64_t kind = below(100);
    if (kind < 2) return oversize();  // rare: each is tens of kilobytes
    if (kind < 22) return random_bytes(1 + below(100));
    if (kind < 44) return corrupted(framed(command()));
    if (kind < 66) return truncated(framed(command()));
    return framed(command());
  }

 private:
  uint64_t below(uint64_t bound) { return std::uniform_int_distribution<uint64_t>(0, bound - 1)(random_); }
  bool chance(int percent) { return below(100) < static_cast<uint64_t>(percent); }

  std::string random_bytes(size_t size) {
    std::string out(size, '\0');
    for (char& c : out) c = static_cast<char>(below(256));
    return out;
  }

  std::string hex_digits(size_t count) {
    std::string out;
    for (size_t i = 0; i < count; ++i) out += "0123456789abcdefABCDEFxz"[below(chance(95) ? 22 : 24)];
    return out;
  }

  // Addresses and lengths: in the target's memory, at its edges, anywhere, or not numbers.
  std::string number() {
    switch (below(6)) {
      case 0: return hex_number(memory_base_ + below(memory_size_ + 16));
      case 1: return hex_number(below(64));
      case 2: return hex_number(random_());
      case 3: return "ffffffffffffffff";
      case 4: return hex_digits(1 + below(20));
      default: return chance(50) ? "" : "-1";
    }
  }

  // Binary data escaped as gdb escapes it.
  std::string escaped(const std::string& bytes) {
    std::string out;
    for (char c : bytes) {
      if (c == '#' || c == '$' || c == '}' || c == '*') {
        out += '}';
        out += static_cast<char>(c ^ 0x20);
      } else {
        out += c;
      }
    }
    return out;
  }

  // A packet of any kind but those that resume, detach or kill.
  std::string command() {
    static const char* const kObjects[] = {"features", "auxv", "exec-file", "siginfo", "threads", ""};
    static const char* const kAnnexes[] = {"target.xml", "", "2a", "other.xml", ":::"};
    switch (below(16)) {
      case 0: return "g";
      case 1: return "G" + hex_digits(chance(50) ? 1576 : below(2000));
      case 2: return "p" + number();
      case 3: return "P" + number() + "=" + hex_digits(below(40));
      case 4: return "m" + number() + "," + number();
      case 5: return "x" + number() + "," + number();
      case 6: return "M" + number() + "," + number() + ":" + hex_digits(below(64));
      case 7: return "X" + number() + "," + number() + ":" + escaped(random_bytes(below(64)));
      case 8: return (chance(50) ? "Z" : "z") + std::to_string(below(6)) + "," + number() + "," + number();
      case 9:
        return std::string("qXfer:") + kObjects[below(6)] + (chance(90) ? ":read:" : ":write:") + kAnnexes[below(5)] +
               ":" + number() + "," + number();
      case 10: return "qSupported:" + escaped(random_bytes(below(40)));
      case 11: return std::string(chance(50) ? "Hg" : "Hc") + number();
      case 12: return "T" + number();
      case 13: {
        static const char* const kFixed[] = {
            "?", "vCont?", "QStartNoAckMode", "qAttached", "qfThreadInfo", "qsThreadInfo", "", "vMustReplyEmpty"};
        return kFixed[below(8)];
      }
      default: {
        // Any other first letter, then anything.
        static const std::string kSafeFirst = "abefhijlnoqrtuwyABEFGHIJLMNOPQRTUVWXYZ!?0123456789";
        return kSafeFirst[below(kSafeFirst.size())] + escaped(random_bytes(below(30)));
      }
    }
  }

  // One byte changed (never into '$', which would start a packet that might parse).
  std::string corrupted(std::string packet) {
    const size_t at = below(packet.size());
    char replacement;
    do {
      replacement = static_cast<char>(below(256));
    } while (replacement == packet[at] || replacement == '$');
    packet[at] = replacement;
    return packet;
  }

  std::string truncated(const std::string& packet) { return packet.substr(0, below(packet.size())); }

  std::string oversize() {
    const size_t size = kMaxPacketSize - 8 + below(2 * kMaxPacketSize);
    std::string body(size, '\0');
    for (char& c : body) c = "0123456789abcdef,:Mmx"[below(21)];
    return "$" + std::string(chance(50) ? "M400000,ffff:" : "") + body + "#" + hex_digits(2);
  }

  std::mt19937_64 random_;
  uint64_t memory_base_;
  uint64_t memory_size_;
};

}  // namespace warp64::debug::gdb::test
