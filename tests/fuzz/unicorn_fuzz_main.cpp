// unicorn_fuzz: the differential fuzzer as a command (see docs/fuzzing.md).
//
//   unicorn_fuzz [--seed S] [--instructions N] [--min-length K] [--max-length K]
//                [--reports R] [--verbose] [--no-coverage]
//   unicorn_fuzz --case S     run and print the single case S from a report
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>

#include "differential.hpp"

namespace {

warp64::fuzz::DifferentialFuzzer* g_fuzzer = nullptr;

void on_interrupt(int) {
  if (g_fuzzer != nullptr) g_fuzzer->stop();
}

[[noreturn]] void usage(const char* message) {
  std::cerr << "unicorn_fuzz: " << message << "\n"
            << "usage: unicorn_fuzz [--seed S] [--instructions N (0: until Ctrl-C)] [--min-length K]\n"
            << "                    [--max-length K] [--reports R] [--first-case I] [--verbose] [--no-coverage]\n"
            << "       unicorn_fuzz --case SEED\n";
  std::exit(2);
}

uint64_t number(const char* text) {
  char* end = nullptr;
  const unsigned long long value = std::strtoull(text, &end, 0);
  if (end == text || *end != '\0') usage((std::string("not a number: ") + text).c_str());
  return value;
}

}  // namespace

int main(int argc, char** argv) {
  warp64::fuzz::FuzzOptions options;
  options.log = &std::cout;
  bool coverage = true;
  bool single = false;
  uint64_t case_seed = 0;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&]() -> const char* {
      if (i + 1 >= argc) usage((arg + " needs a value").c_str());
      return argv[++i];
    };
    if (arg == "--seed") {
      options.seed = number(value());
    } else if (arg == "--instructions") {
      options.instructions = number(value());
    } else if (arg == "--min-length") {
      options.min_length = static_cast<unsigned>(number(value()));
    } else if (arg == "--max-length") {
      options.max_length = static_cast<unsigned>(number(value()));
    } else if (arg == "--reports") {
      options.full_reports = static_cast<unsigned>(number(value()));
    } else if (arg == "--first-case") {
      options.first_case = number(value());
    } else if (arg == "--case") {
      single = true;
      case_seed = number(value());
    } else if (arg == "--verbose") {
      options.verbose = true;
    } else if (arg == "--no-coverage") {
      coverage = false;
    } else if (arg == "--help" || arg == "-h") {
      usage("help");
    } else {
      usage(("unknown argument " + arg).c_str());
    }
  }
  try {
    warp64::fuzz::DifferentialFuzzer fuzzer(options);
    g_fuzzer = &fuzzer;
    std::signal(SIGINT, on_interrupt);
    std::signal(SIGTERM, on_interrupt);
    if (!single) {
      std::cout << "unicorn_fuzz: seed " << options.seed << ", "
                << (options.instructions == 0 ? std::string("no instruction limit (Ctrl-C stops)")
                                              : std::to_string(options.instructions) + " instructions")
                << std::endl;
    }
    const warp64::fuzz::FuzzReport report = single ? fuzzer.run_case(case_seed) : fuzzer.run();
    g_fuzzer = nullptr;
    warp64::fuzz::DifferentialFuzzer::print_summary(report, std::cout, coverage && !single);
    return report.mismatches.empty() ? 0 : 1;
  } catch (const std::exception& e) {
    std::cerr << "unicorn_fuzz: " << e.what() << "\n";
    return 2;
  }
}
