// isa_coverage: reads A64 instruction words (hex, one per line, optionally followed by anything)
// on stdin and prints, for each, whether the A64 core implements it:
//
//   WORD STATUS OP OUTCOME [\t REST]
//
// WORD is the word as 8 hex digits; STATUS is `yes` (no seed state was UNDEFINED), `no` (every
// seed was UNDEFINED) or `varies` (the seeds disagree, a bug in the core: UNDEFINED should
// depend on the encoding alone); OP is the encoding the decoder chose (UNDEFINED when none);
// OUTCOME is the first seed's outcome (NEXT, JUMP, SYSCALL, BREAKPOINT, HALT, UNDEFINED), or
// all seeds' outcomes joined by commas for `varies`; REST echoes whatever followed the word.
// Empty lines and lines starting with '#' are skipped. A malformed line is reported on stderr
// and makes the exit status 2.
#include <cstdio>
#include <cstring>
#include <iostream>
#include <string>

#include "isa_probe.hpp"

namespace {

bool parse_word(const std::string& line, uint32_t& word, std::string& rest) {
  size_t i = line.find_first_not_of(" \t");
  if (i == std::string::npos) return false;
  if (line.compare(i, 2, "0x") == 0 || line.compare(i, 2, "0X") == 0) i += 2;
  uint64_t value = 0;
  unsigned digits = 0;
  for (; i < line.size(); ++i, ++digits) {
    const char c = line[i];
    unsigned d;
    if (c >= '0' && c <= '9')
      d = c - '0';
    else if (c >= 'a' && c <= 'f')
      d = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F')
      d = c - 'A' + 10;
    else
      break;
    value = (value << 4) | d;
    if (digits >= 8) return false;
  }
  if (digits == 0) return false;
  if (i < line.size() && line[i] != ' ' && line[i] != '\t') return false;
  const size_t start = line.find_first_not_of(" \t", i);
  rest = start == std::string::npos ? std::string() : line.substr(start);
  word = static_cast<uint32_t>(value);
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1) {
    const bool help = std::strcmp(argv[1], "-h") == 0 || std::strcmp(argv[1], "--help") == 0;
    std::fprintf(help ? stdout : stderr,
                 "usage: isa_coverage < WORDS\n"
                 "Reads A64 instruction words (hex, one per line, optionally followed by anything)\n"
                 "and prints `WORD yes|no|varies OP OUTCOME`: whether warp64's A64 core executes\n"
                 "the word (decoded and run once per seed state, against memory that never\n"
                 "faults) without it being UNDEFINED.\n");
    return help ? 0 : 2;
  }
  std::ios::sync_with_stdio(false);
  int status = 0;
  std::string line, rest, out;
  unsigned long line_number = 0;
  char buffer[64];
  while (std::getline(std::cin, line)) {
    ++line_number;
    const size_t first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos || line[first] == '#') continue;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    uint32_t word;
    if (!parse_word(line, word, rest)) {
      std::fprintf(stderr, "isa_coverage: line %lu: not an instruction word: %s\n", line_number, line.c_str());
      status = 2;
      continue;
    }
    const warp64::coverage::Probe p = warp64::coverage::probe(word);
    std::snprintf(buffer, sizeof buffer, "%08x ", word);
    out += buffer;
    out += p.implemented ? "yes " : p.undefined ? "no " : "varies ";
    out += warp64::core::op_name(p.op);
    out += ' ';
    if (p.consistent()) {
      out += warp64::coverage::execution_name(p.executions[0]);
    } else {
      for (unsigned seed = 0; seed < warp64::coverage::kSeedCount; ++seed) {
        if (seed) out += ',';
        out += warp64::coverage::execution_name(p.executions[seed]);
      }
    }
    if (!rest.empty()) {
      out += '\t';
      out += rest;
    }
    out += '\n';
    if (out.size() > (1u << 16)) {
      std::fwrite(out.data(), 1, out.size(), stdout);
      out.clear();
    }
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return std::fflush(stdout) == 0 ? status : 2;
}
