// Every corpus program at every optimisation level, and dynamically linked at -O2, under
// warp64 and under qemu-aarch64: stdout, stderr and exit status must be the same bytes.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <sstream>

#include "guest_runner.hpp"

namespace warp64::test {
namespace {

struct CorpusCase {
  std::string program;  // binary name, e.g. qsort_bsearch-O2 or qsort_bsearch-dynamic
  std::vector<std::string> args;
  bool dynamic = false;  // both emulators find its loader and libraries under WARP64_SYSROOT
};

void PrintTo(const CorpusCase& c, std::ostream* os) { *os << c.program; }

// The arguments a source file asks for on its `// corpus-args:` line.
std::vector<std::string> corpus_args(const std::filesystem::path& source) {
  std::ifstream file(source);
  std::string line;
  const std::string directive = "// corpus-args:";
  while (std::getline(file, line)) {
    if (line.rfind(directive, 0) != 0) continue;
    std::istringstream words(line.substr(directive.size()));
    std::vector<std::string> args;
    for (std::string word; words >> word;) args.push_back(word);
    return args;
  }
  return {};
}

std::vector<CorpusCase> corpus_cases() {
  std::vector<std::filesystem::path> sources;
  const std::string source_dir = path_from("WARP64_TEST_CORPUS_SOURCES", WARP64_CORPUS_SOURCE_DIR);
  for (const auto& entry : std::filesystem::directory_iterator(source_dir)) {
    const auto ext = entry.path().extension();
    if (ext == ".c" || ext == ".S") sources.push_back(entry.path());
  }
  std::sort(sources.begin(), sources.end());
  std::vector<CorpusCase> cases;
  for (const auto& source : sources) {
    for (const char* level : {"-O0", "-O2", "-O3"}) {
      cases.push_back({source.stem().string() + level, corpus_args(source)});
    }
    if (*WARP64_SYSROOT != '\0') cases.push_back({source.stem().string() + "-dynamic", corpus_args(source), true});
  }
  return cases;
}

// A guest killed by a signal makes each emulator add its own report on stderr: qemu's
// "qemu: uncaught target signal" line, warp64's "warp64: guest SIG..." line. The guest's
// own bytes are what remain.
std::string without_emulator_lines(const std::string& err, const std::string& prefix) {
  std::istringstream lines(err);
  std::string kept;
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind(prefix, 0) != 0) kept += line + "\n";
  }
  return kept;
}

// The engine under test: the CPU engine unless WARP64_CORPUS_ENGINE names another; and any
// further options of warp64's in WARP64_CORPUS_OPTIONS, separated by spaces (`make
// test-corpus-translated` gives `--translate sync`).
std::vector<std::string> engine_options() {
  const char* engine = std::getenv("WARP64_CORPUS_ENGINE");
  std::vector<std::string> options = {"--engine", engine != nullptr ? engine : "cpu"};
  const char* more = std::getenv("WARP64_CORPUS_OPTIONS");
  std::istringstream words(more != nullptr ? more : "");
  for (std::string word; words >> word;) options.push_back(word);
  return options;
}

class Corpus : public testing::TestWithParam<CorpusCase> {};

TEST_P(Corpus, SameAsQemu) {
  const CorpusCase& c = GetParam();
  const std::vector<std::string> env = {"WARP64_TEST=1", "CORPUS_MODE=test"};
  TempDir ours, theirs;
  std::vector<std::string> options = engine_options();
  std::vector<std::string> qemu_options;
  if (c.dynamic) {
    // Another machine (the GPU's) may keep the sysroot elsewhere, or have none.
    const std::string sysroot = path_from("WARP64_TEST_SYSROOT", WARP64_SYSROOT);
    if (!std::filesystem::exists(sysroot + "/lib/ld-linux-aarch64.so.1")) GTEST_SKIP() << "no sysroot at " << sysroot;
    options.insert(options.end(), {"-L", sysroot});
    qemu_options = {"-L", sysroot};
  }
  const Outcome w = run_warp64(c.program, c.args, ours.path(), env, options);
  const Outcome q = run_qemu(c.program, c.args, theirs.path(), env, qemu_options);
  EXPECT_EQ(w.signal, q.signal) << w.err;
  EXPECT_EQ(w.status, q.status) << w.err;
  EXPECT_EQ(w.out, q.out);
  if (q.signal != 0) {
    // Each emulator reports the signals that dump core, and dies silently of the others.
    const bool qemu_reported = q.err.find("qemu: uncaught target signal") != std::string::npos;
    EXPECT_EQ(w.err.find("warp64: guest SIG") != std::string::npos, qemu_reported) << w.err;
    EXPECT_EQ(without_emulator_lines(w.err, "warp64: guest "), without_emulator_lines(q.err, "qemu: "));
  } else {
    EXPECT_EQ(w.err, q.err);
  }
}

std::string case_name(const testing::TestParamInfo<CorpusCase>& info) {
  std::string name = info.param.program;
  std::replace(name.begin(), name.end(), '-', '_');
  return name;
}

INSTANTIATE_TEST_SUITE_P(Programs, Corpus, testing::ValuesIn(corpus_cases()), case_name);

}  // namespace
}  // namespace warp64::test
