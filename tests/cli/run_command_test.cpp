// The warp64 command as a user meets it: bad input gives one line on stderr and exit status
// 2; a good run prints the documented JSON.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "warp64_command.hpp"

namespace {

// movz x0, #42 (0xD2800540); add x1, x0, #1 (0x91000401); hlt #0 (0xD4400000)
const std::vector<uint32_t> kProgram = {0xD2800540u, 0x91000401u, 0xD4400000u};

void put_le(std::string& out, uint64_t value, int bytes) {
  for (int b = 0; b < bytes; ++b) out += static_cast<char>(value >> (8 * b));
}

// The smallest static AArch64 Linux executable: one PT_LOAD segment (R+X) at 0x400000 holding
// the ELF header, the program header and, at the entry point 0x400078,
//   movz x0, #status; [b .+4;] movz x8, #93 (exit); svc #0
// Layout from the ELF-64 specification; 93 is exit in Linux's generic system call table.
// With `jump`, the B (0x14000001) is a taken jump to the next word: a block entry.
constexpr uint64_t kExitEntry = 0x400078;
constexpr uint32_t kExitStatus = 7;
constexpr uint32_t kSvc0 = 0xD4000001u;

std::string write_exit_program(const std::string& name, bool jump = false) {
  std::vector<uint32_t> code = {0xD2800000u | (kExitStatus << 5), 0xD2800000u | (93u << 5) | 8u, kSvc0};
  if (jump) code.insert(code.begin() + 1, 0x14000001u);
  const uint64_t size = 64 + 56 + 4 * code.size();
  std::string elf =
      "\x7f"
      "ELF";
  elf += std::string{2, 1, 1, 0};  // ELFCLASS64, ELFDATA2LSB, EV_CURRENT, ELFOSABI_NONE
  elf.append(8, '\0');
  put_le(elf, 2, 2);           // e_type ET_EXEC
  put_le(elf, 183, 2);         // e_machine EM_AARCH64
  put_le(elf, 1, 4);           // e_version
  put_le(elf, kExitEntry, 8);  // e_entry
  put_le(elf, 64, 8);          // e_phoff
  put_le(elf, 0, 8);           // e_shoff
  put_le(elf, 0, 4);           // e_flags
  put_le(elf, 64, 2);          // e_ehsize
  put_le(elf, 56, 2);          // e_phentsize
  put_le(elf, 1, 2);           // e_phnum
  put_le(elf, 0, 6);           // e_shentsize, e_shnum, e_shstrndx
  put_le(elf, 1, 4);           // p_type PT_LOAD
  put_le(elf, 5, 4);           // p_flags PF_R | PF_X
  put_le(elf, 0, 8);           // p_offset
  put_le(elf, 0x400000, 8);    // p_vaddr
  put_le(elf, 0x400000, 8);    // p_paddr
  put_le(elf, size, 8);        // p_filesz
  put_le(elf, size, 8);        // p_memsz
  put_le(elf, 0x1000, 8);      // p_align
  for (const uint32_t word : code) put_le(elf, word, 4);
  const std::string path = scratch_dir() + "/" + name;
  std::ofstream(path, std::ios::binary) << elf;
  std::filesystem::permissions(path, std::filesystem::perms::owner_all);
  return path;
}

// "[v0, v1, ..., 0, 0]": the x array of the JSON output with X0.. set and the rest zero.
std::string registers(std::vector<uint64_t> set) {
  set.resize(31, 0);
  std::string list = "[";
  for (size_t i = 0; i < set.size(); ++i) list += (i ? ", " : "") + std::to_string(set[i]);
  return list + "]";
}

// `"key": value` followed by the end of the value, not a longer number.
void expect_field(const std::string& json, const std::string& key, const std::string& value) {
  const std::string field = "\"" + key + "\": " + value;
  bool found = false;
  for (size_t at = json.find(field); at != std::string::npos && !found; at = json.find(field, at + 1)) {
    const size_t end = at + field.size();
    found = end == json.size() || json[end] == ',' || json[end] == '}' || json[end] == '\n';
  }
  EXPECT_TRUE(found) << key << " should be " << value << " in " << json;
}

// The entries of a --lanes run's "results", in order; each begins with its "lane" field.
std::vector<std::string> lane_entries(const std::string& json) {
  std::vector<std::string> entries;
  const std::string start = "{\"lane\": ";
  for (size_t at = json.find(start); at != std::string::npos;) {
    const size_t next = json.find(start, at + 1);
    entries.push_back(json.substr(at, json.find('}', at) - at + 1));
    at = next;
  }
  return entries;
}

TEST(RunCommand, BadInputIsOneLineAndStatusTwo) {
  const std::string good = write_image("warp64-good.bin", kProgram);
  const std::string ragged = write_image("warp64-ragged.bin", kProgram, 2);
  expect_usage_error("frobnicate");
  expect_usage_error("run");
  expect_usage_error("run --raw /nonexistent/warp64-image");
  expect_usage_error("run --raw " + ragged);
  expect_usage_error("run --raw " + good + " --bogus");
  expect_usage_error("run --raw " + good + " --memory 12x");
  expect_usage_error("run --raw " + good + " --memory 0");
  expect_usage_error("run --raw " + good + " --max-cycles -5");
  expect_usage_error("run --raw " + good + " --load 0x400000");   // image beyond 4 MiB
  expect_usage_error("run --raw " + good + " --entry 0x400000");  // entry outside memory
  expect_usage_error("run --raw " + good + " --engine tpu");
  expect_usage_error("run --raw " + good + " --memory");
  expect_usage_error("run --raw " + good + " --lanes 2 --gpu-mode jit");
  expect_usage_error("bench --gpu-mode jit");
  expect_usage_error("bench --gpu-mode hot");
  // A petabyte of lanes: refused up front, not left to the out-of-memory killer.
  expect_usage_error("run --raw " + good + " --engine cpu --lanes 1000000000 --memory 1M");
  expect_usage_error("bench --program-lanes 0");
  expect_usage_error("bench --programs");
  expect_usage_error("bench --bogus");
}

TEST(RunCommand, JsonReportsTheFinalState) {
  const std::string good = write_image("warp64-good.bin", kProgram);
  const CommandResult r = run_warp64("run --raw " + good + " --engine cpu --json");
  ASSERT_EQ(r.status, 0) << r.err;
  // Hand-computed: x0 = 42, x1 = 43, two retired instructions, stopped at the HLT (0x8),
  // SP at the top of the default 4 MiB.
  EXPECT_NE(r.out.find("\"stop_reason\": \"HALT\""), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"cycles\": 2,"), std::string::npos);
  EXPECT_NE(r.out.find("\"pc\": 8,"), std::string::npos);
  EXPECT_NE(r.out.find("\"x\": [42, 43, 0"), std::string::npos);
  EXPECT_NE(r.out.find("\"sp\": 4194304,"), std::string::npos);
  EXPECT_NE(r.out.find("\"fault_address\": null"), std::string::npos);
  EXPECT_NE(r.out.find("\"instruction\": 3560964096"), std::string::npos);  // 0xD4400000
  EXPECT_NE(r.out.find("\"engine\": \"cpu\""), std::string::npos);
}

TEST(RunCommand, FaultAndMaxCycles) {
  // ldr x0, [x1] with x1 = 0 reads address 0, which is mapped; ldr from 0x7fffffff faults:
  // movz x1, #0x7fff, lsl #16 (0xD2AFFFE1); ldr x0, [x1] (0xF9400020)
  const std::string faulting = write_image("warp64-fault.bin", {0xD2AFFFE1u, 0xF9400020u});
  const CommandResult fault = run_warp64("run --raw " + faulting + " --engine cpu --json");
  ASSERT_EQ(fault.status, 0);
  EXPECT_NE(fault.out.find("\"stop_reason\": \"FAULT\""), std::string::npos) << fault.out;
  EXPECT_NE(fault.out.find("\"fault_address\": 2147418112"), std::string::npos);  // 0x7fff0000
  expect_field(fault.out, "fault_kind", "\"read\"");

  // b . (0x14000000): a loop that only the cycle limit ends.
  const std::string looping = write_image("warp64-loop.bin", {0x14000000u});
  const CommandResult limited = run_warp64("run --raw " + looping + " --engine cpu --max-cycles 1000 --json");
  ASSERT_EQ(limited.status, 0);
  EXPECT_NE(limited.out.find("\"stop_reason\": \"MAX_CYCLES\""), std::string::npos);
  EXPECT_NE(limited.out.find("\"cycles\": 1000,"), std::string::npos);
}

TEST(RunCommand, HelpDocumentsTheOptions) {
  const CommandResult r = run_warp64("run --help");
  EXPECT_EQ(r.status, 0);
  for (const char* option : {"--raw",
                             "--load",
                             "--entry",
                             "--memory",
                             "--max-cycles",
                             "--engine",
                             "--json",
                             "--lanes",
                             "--gpu-mode",
                             "-E VAR=VALUE",
                             "-U VAR",
                             "-L DIR",
                             "WARP64_LD_PREFIX",
                             "--strace",
                             "--json-out",
                             "--lane-stack",
                             "--lane-heap",
                             "--lane-mmap",
                             "--lane-slots",
                             "-h, --help",
                             "16777216",
                             "-d ITEMS",
                             "-D, --trace-file FILE",
                             "--trace-limit N"}) {
    EXPECT_NE(r.out.find(option), std::string::npos) << option;
  }
  EXPECT_EQ(run_warp64("--help").status, 0);
  EXPECT_EQ(run_warp64("").status, 2);  // no command: the usage on stderr
}

// The forms of `warp64 run`, each with a command line that runs it and the status it ends
// with: 0 for a raw image, the guest's 7 for one process, 1 for lanes that exit non-zero.
enum Form : unsigned { kRawOne = 1, kRawLanes = 2, kProgramOne = 4, kProgramLanes = 8 };
constexpr unsigned kAllForms = kRawOne | kRawLanes | kProgramOne | kProgramLanes;

struct FormCase {
  Form form;
  std::string before, after;  // the command is before + " " + OPTION + " " + after
  int status;
};

std::vector<FormCase> form_cases(const std::string& image, const std::string& program) {
  return {{kRawOne, "run --raw " + image + " --engine cpu", "", 0},
          {kRawLanes, "run --raw " + image + " --engine cpu --lanes 2 --memory 8K", "", 0},
          {kProgramOne, "run --engine cpu", program, static_cast<int>(kExitStatus)},
          {kProgramLanes, "run --engine cpu --lanes 2", program, 1}};
}

// Every option of the help but --raw and --lanes, which choose the form, and -h, which
// ends the parse: the option with a good value, and the forms the help gives it.
struct OptionCase {
  std::string option;
  unsigned forms;
};

std::vector<OptionCase> option_cases(const std::string& dir) {
  return {{"--engine cpu", kAllForms},
          {"--max-cycles 1000", kAllForms},
          {"--gpu-mode interpreted", kRawLanes | kProgramLanes},
          {"--gpu-mode translated", kRawLanes | kProgramLanes},
          {"--gpu-mode hot", kRawLanes | kProgramLanes},
          {"--json", kRawOne | kRawLanes | kProgramLanes},
          {"-E WARP64_CLI_TEST=1", kProgramOne | kProgramLanes},
          {"-U WARP64_CLI_TEST", kProgramOne | kProgramLanes},
          {"-L " + dir, kProgramOne | kProgramLanes},
          {"--strace", kProgramOne},
          {"--translate off", kProgramOne},
          {"--translate on", kProgramOne},
          {"--json-out " + dir + "/end.json", kProgramOne},
          {"-d nochain", kRawOne | kProgramOne | kProgramLanes},
          {"-D " + dir + "/trace.txt", kRawOne | kProgramOne | kProgramLanes},
          {"--trace-limit 5", kRawOne | kProgramOne | kProgramLanes},
          {"--lane-stack 64K", kProgramLanes},
          {"--lane-heap 64K", kProgramLanes},
          {"--lane-mmap 64K", kProgramLanes},
          {"--lane-slots 1", kProgramLanes},
          {"--branch-ring 8", kRawLanes | kProgramLanes},
          {"--load 0", kRawOne | kRawLanes},
          {"--entry 0", kRawOne | kRawLanes},
          {"--memory 8K", kRawOne | kRawLanes}};
}

TEST(RunCommand, EveryOptionIsAcceptedInItsFormsAndRefusedElsewhere) {
  const std::string image = write_image("warp64-good.bin", kProgram);
  const std::string program = write_exit_program("exit7");
  for (const FormCase& form : form_cases(image, program)) {
    for (const OptionCase& option : option_cases(scratch_dir())) {
      const std::string arguments = form.before + " " + option.option + " " + form.after;
      SCOPED_TRACE(arguments);
      if (option.forms & form.form) {
        const CommandResult r = run_warp64(arguments);
        EXPECT_EQ(r.status, form.status) << r.err;
        EXPECT_EQ(r.err.find("warp64: "), std::string::npos) << r.err;
      } else {
        expect_usage_error(arguments);
        const std::string spelling = option.option.substr(0, option.option.find(' '));
        EXPECT_EQ(run_warp64(arguments).err.rfind("warp64: " + spelling + " is for ", 0), 0u);
      }
    }
    for (const char* help : {"-h", "--help"}) {
      const CommandResult r = run_warp64(form.before + " " + help + " " + form.after);
      EXPECT_EQ(r.status, 0) << help;
      EXPECT_EQ(r.out.rfind("usage: warp64 run", 0), 0u) << help;
    }
  }
}

TEST(RunCommand, OptionsAfterProgramAreTheGuests) {
  const std::string program = write_exit_program("exit7");
  // --bogus and --raw follow PROGRAM: the guest's arguments, which it ignores.
  const CommandResult r = run_warp64("run --engine cpu " + program + " --bogus --raw nothing -h");
  EXPECT_EQ(r.status, static_cast<int>(kExitStatus)) << r.err;
  EXPECT_TRUE(r.out.empty());
}

TEST(RunCommand, MalformedValuesAreOneLineAndStatusTwo) {
  const std::string image = write_image("warp64-good.bin", kProgram);
  const std::string program = write_exit_program("exit7");
  const std::string raw = "run --raw " + image + " --engine cpu ";
  // A value-taking option at the end of the line has none.
  for (const char* option :
       {"--engine", "--max-cycles", "--lanes", "--gpu-mode", "--load", "--entry", "--memory", "--raw", "-E", "-U", "-L",
        "--json-out", "--lane-stack", "--lane-heap", "--lane-mmap", "--lane-slots", "--translate"}) {
    expect_usage_error("run " + std::string(option));
    EXPECT_EQ(run_warp64("run " + std::string(option)).err,
              "warp64: option " + std::string(option) + " needs a value\n");
  }
  for (const char* bad : {"--max-cycles 12x", "--max-cycles -5", "--lanes 2x", "--lanes 0x", "--load 0xZZ",
                          "--entry 1e3", "--memory 4Q", "--memory 4KB", "--memory 6", "--engine tpu",
                          "--lanes 2 --gpu-mode jit", "--lanes 2 --memory 6K", "--lanes 2 --load 4"}) {
    expect_usage_error(raw + bad);
  }
  for (const char* bad :
       {"-E NOVALUE", "-E =1", "--lanes 2 --lane-stack 1000", "--lanes 2 --lane-heap 0", "--lanes 2 --lane-mmap 2G",
        "--lanes 2 --lane-stack 64KB", "--max-cycles 0x", "--lanes 2 --lane-slots 0", "--translate fast"}) {
    expect_usage_error("run " + std::string(bad) + " " + program);
  }
  expect_usage_error("run --raw " + image + " " + program);  // both forms
  expect_usage_error("run --engine cpu");                    // neither
  expect_usage_error("run --bogus " + program);
}

// Without a C++ compiler a run that would translate interprets, and says so once.
TEST(RunCommand, WithoutACompilerTranslationIsANoteAndTheRunInterprets) {
  const std::string program = write_exit_program("exit7-jump", true);
  const std::string missing = scratch_dir() + "/no-such-compiler";
  const CommandResult r = run_warp64("run --engine cpu --translate sync " + program,
                                     "WARP64_CXX=" + missing + " WARP64_CACHE_DIR=" + scratch_dir() + " ");
  EXPECT_EQ(r.status, static_cast<int>(kExitStatus)) << r.err;
  EXPECT_EQ(r.err.rfind("warp64: ", 0), 0u) << r.err;
  EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << "one line expected: " << r.err;
  EXPECT_NE(r.err.find(missing), std::string::npos) << r.err;
}

// --json-out's compile_s: the host compiler's seconds. A run that compiles its code spends
// some; the next, which finds that code in the cache, and a run that does not translate, none.
TEST(RunCommand, JsonOutGivesTheCompilersSeconds) {
  const std::string program = write_exit_program("exit7-jump", true);
  const std::string cache = scratch_dir() + "/compile-seconds-cache";
  std::filesystem::remove_all(cache);
  const std::string end = scratch_dir() + "/compile-seconds.json";
  auto compile_seconds = [&](const std::string& translate) {
    const CommandResult r =
        run_warp64("run --engine cpu --translate " + translate + " --json-out " + end + " " + program,
                   "WARP64_CACHE_DIR=" + cache + " ");
    EXPECT_EQ(r.status, static_cast<int>(kExitStatus)) << r.err;
    const std::string text = read_file(end);
    const size_t at = text.find("\"compile_s\": ");
    if (at == std::string::npos) {
      ADD_FAILURE() << "no compile_s in " << text;
      return -1.0;
    }
    return std::stod(text.substr(at + 13));
  };
  EXPECT_GT(compile_seconds("sync"), 0.0);
  EXPECT_EQ(compile_seconds("sync"), 0.0);
  EXPECT_EQ(compile_seconds("off"), 0.0);
}

// One bound for --lanes whichever the form. A misplaced --strace stops each run after the
// parse, so the largest count is shown accepted without allocating its lanes.
TEST(RunCommand, LanesHaveOneBoundInBothForms) {
  const std::string image = write_image("warp64-good.bin", kProgram);
  const std::string program = write_exit_program("exit7");
  const std::string bound_message = "warp64: --lanes must be between 1 and 16777216\n";
  for (const auto& [before, after] : {std::pair<std::string, std::string>{"run --raw " + image, ""},
                                      std::pair<std::string, std::string>{"run", program}}) {
    for (const char* lanes : {"0", "16777217", "0x1000001"}) {
      const CommandResult r = run_warp64(before + " --lanes " + lanes + " --strace " + after);
      EXPECT_EQ(r.status, 2);
      EXPECT_EQ(r.err, bound_message) << lanes;
    }
    for (const char* lanes : {"1", "16777216", "0x1000000"}) {
      const CommandResult r = run_warp64(before + " --lanes " + lanes + " --strace " + after);
      EXPECT_EQ(r.status, 2);
      EXPECT_EQ(r.err.rfind("warp64: --strace is for one process, not ", 0), 0u) << lanes << ": " << r.err;
    }
  }
}

TEST(RunCommand, TextDumpShowsTheFinalState) {
  const std::string good = write_image("warp64-good.bin", kProgram);
  const CommandResult r = run_warp64("run --raw " + good + " --engine cpu");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out.rfind("stop: HALT at pc 0x0000000000000008 (instruction 0xd4400000)\n", 0), 0u) << r.out;
  EXPECT_NE(r.out.find("x0  0x000000000000002a   x1  0x000000000000002b"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("sp  0x0000000000400000\nnzcv ----\n"), std::string::npos) << r.out;
}

// The stop of kProgram, computed by hand: two instructions retired, x0 = 42, x1 = 43, the HLT
// (0xD4400000) at 8 the stop, SP where it started, at the top of memory.
void expect_halted_program(const std::string& json, uint64_t memory_size) {
  expect_field(json, "cycles", "2");
  expect_field(json, "stop_reason", "\"HALT\"");
  expect_field(json, "pc", "8");
  expect_field(json, "x", registers({42, 43}));
  expect_field(json, "sp", std::to_string(memory_size));
  expect_field(json, "nzcv", "0");
  expect_field(json, "fault_address", "null");
  expect_field(json, "fault_kind", "\"none\"");
  expect_field(json, "instruction", "3560964096");
}

TEST(RunCommand, JsonFieldsOfEveryForm) {
  const std::string good = write_image("warp64-good.bin", kProgram);
  const std::string program = write_exit_program("exit7");

  // One raw machine: MOVZ, ADD, HLT as computed by hand above.
  const CommandResult one = run_warp64("run --raw " + good + " --engine cpu --json");
  ASSERT_EQ(one.status, 0) << one.err;
  expect_halted_program(one.out, 4194304);
  expect_field(one.out, "engine", "\"cpu\"");
  EXPECT_NE(one.out.find("\"elapsed_s\": "), std::string::npos);
  EXPECT_NE(one.out.find("\"ips\": "), std::string::npos);

  // Two raw lanes in 8 KiB each: the same stop per lane, SP at the top of 8 KiB.
  const CommandResult batch = run_warp64("run --raw " + good + " --engine cpu --lanes 2 --memory 8K --json");
  ASSERT_EQ(batch.status, 0) << batch.err;
  expect_field(batch.out, "engine", "\"cpu\"");
  expect_field(batch.out, "lanes", "2");
  expect_field(batch.out, "stops", "{\"HALT\": 2}");
  expect_field(batch.out, "cycles", "4");
  for (const char* key : {"\"elapsed_s\": ", "\"ips\": ", "\"memory_per_lane_bytes\": ", "\"results\": ["}) {
    EXPECT_NE(batch.out.find(key), std::string::npos) << key;
  }
  const std::vector<std::string> lanes = lane_entries(batch.out);
  ASSERT_EQ(lanes.size(), 2u) << batch.out;
  for (size_t lane = 0; lane < lanes.size(); ++lane) {
    expect_field(lanes[lane], "lane", std::to_string(lane));
    expect_halted_program(lanes[lane], 8192);
  }

  // One process: three instructions retired, the SVC of exit the stop, PC after it.
  const std::string end = scratch_dir() + "/end.json";
  const CommandResult process = run_warp64("run --engine cpu --json-out " + end + " " + program);
  ASSERT_EQ(process.status, static_cast<int>(kExitStatus)) << process.err;
  const std::string text = read_file(end);
  expect_field(text, "exit_code", "7");
  expect_field(text, "stop_reason", "\"SYSCALL\"");
  expect_field(text, "cycles", "3");
  expect_field(text, "pc", std::to_string(kExitEntry + 12));
  expect_field(text, "x", registers({kExitStatus, 0, 0, 0, 0, 0, 0, 0, 93}));
  expect_field(text, "fault_address", "null");
  expect_field(text, "fault_kind", "\"none\"");
  expect_field(text, "instruction", std::to_string(kSvc0));
  expect_field(text, "engine", "\"cpu\"");

  // Lane processes: each exits 7 after three instructions, printing nothing.
  const CommandResult processes = run_warp64("run --engine cpu --lanes 2 --json " + program);
  ASSERT_EQ(processes.status, 1) << processes.err;
  expect_field(processes.out, "engine", "\"cpu\"");
  expect_field(processes.out, "lanes", "2");
  expect_field(processes.out, "exit_codes", "{\"7\": 2}");
  expect_field(processes.out, "cycles", "6");
  for (const char* key :
       {"\"launches\": ", "\"engine_s\": ", "\"wall_s\": ", "\"ips\": ", "\"memory_per_lane_bytes\": "}) {
    EXPECT_NE(processes.out.find(key), std::string::npos) << key;
  }
  const std::vector<std::string> guests = lane_entries(processes.out);
  ASSERT_EQ(guests.size(), 2u) << processes.out;
  for (size_t lane = 0; lane < guests.size(); ++lane) {
    expect_field(guests[lane], "lane", std::to_string(lane));
    expect_field(guests[lane], "cycles", "3");
    expect_field(guests[lane], "exit_code", "7");
    expect_field(guests[lane], "stdout", "\"\"");
    expect_field(guests[lane], "stderr", "\"\"");
  }
}

}  // namespace

// The words are the GNU assembler's; the disassembly is capstone's (which spells MOVZ as movz);
// the register values are computed by hand. HLT stops the machine without retiring, so it has
// no line.
TEST(RunCommand, TraceShowsEachExecutedInstruction) {
  const std::string image = write_image("warp64-trace.bin", kProgram);
  const CommandResult exec = run_warp64("run -d exec --raw " + image);
  EXPECT_EQ(exec.status, 0);
  EXPECT_EQ(exec.err,
            "0x0000000000000000: d2800540  movz x0, #0x2a\n"
            "0x0000000000000004: 91000401  add x1, x0, #1\n");
  const CommandResult cpu = run_warp64("run -d cpu,nochain --raw " + image);
  EXPECT_EQ(cpu.err,
            "0x0000000000000000: d2800540  movz x0, #0x2a  // x0=0x000000000000002a\n"
            "0x0000000000000004: 91000401  add x1, x0, #1  // x1=0x000000000000002b\n");
  EXPECT_NE(cpu.out.find("HALT"), std::string::npos) << cpu.out;
}

// A program's trace includes the SVC whose system call ends it; the limit stops the trace,
// not the guest; -D sends the trace to a file and leaves stderr alone.
TEST(RunCommand, TraceOfAProgramLimitAndFile) {
  const std::string program = write_exit_program("exit7");
  const std::string expected =
      "0x0000000000400078: d28000e0  movz x0, #0x7  // x0=0x0000000000000007\n"
      "0x000000000040007c: d2800ba8  movz x8, #0x5d  // x8=0x000000000000005d\n"
      "0x0000000000400080: d4000001  svc #0\n";
  const CommandResult whole = run_warp64("run -d cpu " + program);
  EXPECT_EQ(whole.status, static_cast<int>(kExitStatus));
  EXPECT_EQ(whole.err, expected);
  const CommandResult limited = run_warp64("run -d cpu --trace-limit 2 " + program);
  EXPECT_EQ(limited.status, static_cast<int>(kExitStatus));
  EXPECT_EQ(limited.err, expected.substr(0, expected.find("0x0000000000400080")));
  const std::string file = scratch_dir() + "/trace.txt";
  const CommandResult to_file = run_warp64("run -d cpu,strace -D " + file + " " + program);
  EXPECT_EQ(to_file.status, static_cast<int>(kExitStatus));
  EXPECT_EQ(read_file(file), expected);
  EXPECT_EQ(to_file.err, "exit(7) = ?\n");  // -d strace: the system calls, on stderr as --strace
}

TEST(RunCommand, TraceMisuseIsOneLineAndStatusTwo) {
  const std::string image = write_image("warp64-good.bin", kProgram);
  const std::string program = write_exit_program("exit7");
  expect_usage_error("run -d in_asm " + program);
  expect_usage_error("run -d exec,bogus " + program);
  expect_usage_error("run -d exec --engine gpu " + program);
  expect_usage_error("run -d strace --raw " + image);
  expect_usage_error("run -d exec -D /nonexistent-dir/trace.txt " + program);
  expect_usage_error("run -d exec --lanes 2 " + program);
  expect_usage_error("run -d exec --trace-limit 1x " + program);
}

// -g's misuses end before anything listens.
TEST(RunCommand, GdbMisuseIsOneLineAndStatusTwo) {
  const std::string image = write_image("warp64-good.bin", kProgram);
  const std::string program = write_exit_program("exit7");
  expect_usage_error("run -g");
  expect_usage_error("run -g 65536 " + program);
  expect_usage_error("run --gdb 0x1x " + program);
  expect_usage_error("run -g 0 --lanes 2 --raw " + image);
  expect_usage_error("run -g 0 --lanes 2 " + program);
  expect_usage_error("run -g 0 --engine gpu " + program);
  expect_usage_error("run -g 0 -d exec " + program);
  expect_usage_error("run --debug-lane 0 " + program);            // without --lanes
  expect_usage_error("run --lanes 2 --debug-lane 2 " + program);  // no lane 2
  expect_usage_error("run --lanes 2 --debug-lane 1 -g 0 --engine gpu " + program);
}
