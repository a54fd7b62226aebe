// The options of `warp64 run`: one table row per option. The parser and the help both read
// the table, so a new option is a row here and the code that uses its RunRequest field.
#include <string>
#include <string_view>
#include <vector>

#include "cli/arguments.hpp"
#include "cli/run_request.hpp"
#include "engine/multi_device/device_list.hpp"

namespace warp64::cli {
namespace {

using Apply = void (*)(RunRequest& request, std::string_view option, std::string_view value);

struct RunOption {
  std::string_view short_name;  // "-E"; empty when there is none
  std::string_view long_name;   // "--engine"; empty when there is none
  std::string_view value_name;  // what follows the option, as the help names it; empty for a switch
  RunForms forms;               // the forms it applies to; elsewhere it is a usage error
  std::string_view help;
  Apply apply;  // stores the option's value (empty for a switch) in the request
};

EngineKind parse_engine(std::string_view text) {
  if (const std::optional<EngineKind> kind = parse_engine_kind(text)) return *kind;
  throw UsageError(invalid_engine_message(text));
}

uint64_t parse_lanes(std::string_view option, std::string_view text) {
  const uint64_t lanes = parse_number(option, text);
  if (lanes == 0 || lanes > kMaxLanes) {
    throw UsageError(std::string(option) + " must be between 1 and " + std::to_string(kMaxLanes));
  }
  return lanes;
}

// A lane process's stack, heap or mmap window: a whole number of pages, at least one, at
// most 1 GiB (a group's page directories grow with its windows' virtual sizes).
uint64_t parse_window_size(std::string_view option, std::string_view text) {
  const uint64_t size = parse_number(option, text, true);
  if (size == 0 || size % 4096 != 0 || size > (1ull << 30)) {
    throw UsageError(std::string(option) + " must be a multiple of 4096 between 4K and 1G");
  }
  return size;
}

std::pair<std::string, std::string> parse_assignment(std::string_view option, std::string_view text) {
  const size_t eq = text.find('=');
  if (eq == std::string_view::npos || eq == 0) {
    throw UsageError(std::string(option) + " needs VAR=VALUE, not '" + std::string(text) + "'");
  }
  return {std::string(text.substr(0, eq)), std::string(text.substr(eq + 1))};
}

// -d's comma-separated items, named as qemu names them where the meaning is the same.
void parse_debug_items(RunRequest& r, std::string_view option, std::string_view items) {
  while (!items.empty()) {
    const size_t comma = items.find(',');
    const std::string_view item = items.substr(0, comma);
    items = comma == std::string_view::npos ? std::string_view() : items.substr(comma + 1);
    if (item == "exec") {
      r.trace_exec = true;
    } else if (item == "cpu") {
      r.trace_registers = true;
    } else if (item == "strace") {
      r.strace = true;
    } else if (item == "in_asm") {
      throw UsageError(std::string(option) +
                       " in_asm: warp64 decodes instructions one at a time and has no translated blocks to "
                       "show; -d exec shows each instruction as it executes");
    } else if (item != "nochain") {  // nochain: no blocks are chained, every instruction is seen
      throw UsageError(std::string(option) + " takes exec, cpu, strace or nochain, not '" + std::string(item) + "'");
    }
  }
}

static_assert(kMaxLanes == 16777216, "the help of --lanes names its bound");

// Entries of a lane's ring of last branches at most: 8 KiB a lane.
constexpr uint64_t kMostBranchRingEntries = 1024;

constexpr RunOption kRunOptions[] = {
    {"", "--engine", "ENGINE", kAllForms,
     "cpu, gpu or auto (default auto: the GPU when one is usable, except for a program run as one "
     "process, which the CPU engine runs faster)",
     [](RunRequest& r, std::string_view, std::string_view value) { r.engine = parse_engine(value); }},
    {"", "--max-cycles", "N", kAllForms, "stop after N instructions, per lane with --lanes (default: unlimited)",
     [](RunRequest& r, std::string_view option, std::string_view value) {
       r.max_cycles = parse_number(option, value);
     }},
    {"", "--lanes", "N", kAllForms,
     "run N independent copies (lanes), 1 to 16777216; prints a summary, or per-lane results with "
     "--json. A raw image is shared read-only and each lane has private memory for the rest of "
     "--memory (a multiple of 4096). A program runs as one process per lane: \"{lane}\" in an "
     "argument becomes the lane's number, each lane's output is captured, and the exit status is 0 "
     "when every lane exited 0, else 1. A dynamically linked program's loader and libraries are one "
     "copy for all lanes, each lane copying the pages it writes",
     [](RunRequest& r, std::string_view option, std::string_view value) { r.lanes = parse_lanes(option, value); }},
    {"", "--gpu-mode", "MODE", kLaneForms,
     "with --lanes on the GPU: translated, hot or interpreted. Translated compiles code into a kernel "
     "of its own at the start: a raw image's code, cached on disk (a raw image's default), or the "
     "code reachable from a program's entry point, the rest interpreted. Hot starts interpreted, "
     "counts block entries in a few lanes, and compiles the code entered most (wherever it is) on "
     "a host thread while the lanes run on, switching to it at the next launch. Interpreted is a "
     "program's default",
     [](RunRequest& r, std::string_view option, std::string_view value) {
       r.translate = parse_gpu_mode(option, value);
     }},
    {"", "--translate", "MODE", kProgramOne,
     "on the CPU engine: on, off or sync (default off). On counts how often each block of code is "
     "entered and compiles the hot ones, with the code they reach, with the host's C++ compiler "
     "(c++, or $WARP64_CXX) in the background, while the program runs on interpreted; results are "
     "cached on disk ($WARP64_CACHE_DIR, else $XDG_CACHE_HOME/warp64, else ~/.cache/warp64). Sync "
     "compiles each block's code before it first runs (for testing). Off interprets everything. A run "
     "under -g, or traced with -d exec or cpu, interprets whatever the mode",
     [](RunRequest& r, std::string_view option, std::string_view value) {
       const std::optional<TranslateMode> mode = parse_translate_mode(value);
       if (!mode) {
         throw UsageError("invalid " + std::string(option) + " '" + std::string(value) +
                          "' (expected on, off or sync)");
       }
       r.cpu_translate = *mode;
     }},
    {"", "--json", "", kRawForms | kProgramLanes,
     "print one JSON object instead of text: a raw image's final state, or with --lanes the "
     "per-lane results (a program's include each lane's stdout and stderr). A program run as one "
     "process writes its JSON with --json-out FILE",
     [](RunRequest& r, std::string_view, std::string_view) { r.json = true; }},
    {"-h", "--help", "", kAllForms, "show this help",
     [](RunRequest& r, std::string_view, std::string_view) { r.help = true; }},

    {"-E", "", "VAR=VALUE", kProgramForms, "set VAR in the guest's environment (default: the host's)",
     [](RunRequest& r, std::string_view option, std::string_view value) {
       r.set_env.push_back(parse_assignment(option, value));
     }},
    {"-U", "", "VAR", kProgramForms, "remove VAR from the guest's environment",
     [](RunRequest& r, std::string_view, std::string_view value) { r.unset_env.emplace_back(value); }},
    {"-L", "", "DIR", kProgramForms,
     "the sysroot of the dynamic loader and shared libraries: absolute paths the guest reads are "
     "looked up under DIR first (default: $WARP64_LD_PREFIX, else /usr/aarch64-linux-gnu)",
     [](RunRequest& r, std::string_view, std::string_view value) { r.sysroot = value; }},
    {"", "--argv0", "NAME", kProgramOne, "the guest's argv[0] (default: PROGRAM)",
     [](RunRequest& r, std::string_view, std::string_view value) { r.argv0 = value; }},
    {"", "--strace", "", kProgramOne,
     "print each system call, its arguments and result on stderr; the processes a guest forks are "
     "followed, each line then starting with [pid N]",
     [](RunRequest& r, std::string_view, std::string_view) { r.strace = true; }},
    {"", "--strace-pids", "", kProgramOne,
     "with --strace, start every line with [pid N] from the first (warp64 gives it to the programs "
     "that forked guests exec)",
     [](RunRequest& r, std::string_view, std::string_view) { r.strace_pids = true; }},
    {"", "--debug-lane", "K", kProgramLanes,
     "run lane K alone, as one process on the CPU engine, with exactly the lane's inputs (its "
     "arguments with {lane} = K, the environment, the files): the lane's replay, to debug with -g "
     "or trace with -d",
     [](RunRequest& r, std::string_view option, std::string_view value) {
       r.debug_lane = parse_number(option, value);
     }},
    {"-g", "--gdb", "PORT", kRawOne | kProgramForms,
     "wait for gdb on localhost:PORT (0: a free port, which the waiting line names) with the "
     "program or raw image stopped at its first instruction, as qemu-aarch64 -g does; runs on "
     "the CPU engine. After gdb detaches it runs on; when gdb kills it or the connection drops, "
     "warp64 is killed",
     [](RunRequest& r, std::string_view option, std::string_view value) {
       const uint64_t port = parse_number(option, value);
       if (port > 65535) throw UsageError(std::string(option) + " must be a port number, 0 to 65535");
       r.gdb_port = static_cast<uint16_t>(port);
     }},
    {"-d", "", "ITEMS", kRawOne | kProgramForms,
     "trace, as qemu's -d does, the comma-separated ITEMS: exec (each executed instruction: pc, "
     "word, disassembly), cpu (the same, with the registers each instruction changed), strace (a "
     "program's system calls, as --strace) and nochain (accepted: every instruction is traced "
     "anyway). Traces run on the CPU engine",
     [](RunRequest& r, std::string_view option, std::string_view value) { parse_debug_items(r, option, value); }},
    {"-D", "--trace-file", "FILE", kRawOne | kProgramForms,
     "write the -d exec and -d cpu trace to FILE instead of stderr",
     [](RunRequest& r, std::string_view, std::string_view value) { r.trace_file = value; }},
    {"", "--trace-limit", "N", kRawOne | kProgramForms, "stop tracing (the guest runs on) after N trace lines",
     [](RunRequest& r, std::string_view option, std::string_view value) {
       r.trace_limit = parse_number(option, value);
     }},
    {"", "--json-out", "FILE", kProgramOne,
     "write the end-of-run JSON (the --json fields of a raw image plus exit_code and signal) to FILE",
     [](RunRequest& r, std::string_view, std::string_view value) { r.json_out = value; }},
    {"", "--lane-stack", "BYTES", kProgramLanes,
     "the size of each lane's stack (default 8M); like --lane-heap and --lane-mmap, a virtual size: "
     "a lane's pages are taken from the page pool when it first touches them",
     [](RunRequest& r, std::string_view option, std::string_view value) {
       r.lane_stack = parse_window_size(option, value);
     }},
    {"", "--lane-heap", "BYTES", kProgramLanes, "how far each lane's brk heap may grow (default 1G)",
     [](RunRequest& r, std::string_view option, std::string_view value) {
       r.lane_heap = parse_window_size(option, value);
     }},
    {"", "--lane-mmap", "BYTES", kProgramLanes, "the size of each lane's mmap area (default 512M)",
     [](RunRequest& r, std::string_view option, std::string_view value) {
       r.lane_mmap = parse_window_size(option, value);
     }},
    {"", "--lane-pool", "BYTES", kLaneForms,
     "the page pool lanes take their private pages from (default: most of the GPU's free memory, "
     "or half the host's memory for the CPU engine); a lane that finds it exhausted stops "
     "(OUT_OF_MEMORY; a program's lane dies as the out-of-memory killer ends a process, status "
     "137) while the others run on",
     [](RunRequest& r, std::string_view option, std::string_view value) {
       r.lane_pool = parse_number(option, value, true);
       if (*r.lane_pool < (128u << 10)) throw UsageError(std::string(option) + " must be at least 128K");
     }},
    {"", "--lane-group", "G", kLaneForms,
     "lanes per group: G consecutive lanes share their page tables and one block of G pages per "
     "page touched, interleaved so that one address in neighbouring lanes is neighbouring memory; "
     "1, 2, 4, 8, 16 or 32 (default 32)",
     [](RunRequest& r, std::string_view option, std::string_view value) {
       const uint64_t group = parse_number(option, value);
       if (group == 0 || group > 32 || (group & (group - 1)) != 0) {
         throw UsageError(std::string(option) + " must be 1, 2, 4, 8, 16 or 32");
       }
       r.lane_group = static_cast<uint32_t>(group);
     }},
    {"", "--devices", "all|LIST", kLaneForms,
     "the GPUs the lanes spread over: all (the default: every visible GPU) or CUDA device numbers "
     "separated by commas, such as 0,2. The lanes are split into contiguous shares, one per listed "
     "device, each run by a host thread of its own with an engine of its own; the output is a "
     "one-device run's. A device listed twice runs two shares on it (0,0 runs the whole "
     "multi-device path on one GPU). On the CPU engine a number N makes N shares and a list one "
     "share per entry, each over its part of the host's threads",
     [](RunRequest& r, std::string_view option, std::string_view value) {
       try {
         r.devices = parse_device_list(value);
       } catch (const Error& error) {
         throw UsageError(std::string(option) + ": " + error.what());
       }
     }},
    {"", "--lane-threads", "N", kLaneForms, "host threads of the CPU engine's lanes (default: one per hardware thread)",
     [](RunRequest& r, std::string_view option, std::string_view value) {
       const uint64_t threads = parse_number(option, value);
       if (threads == 0 || threads > 4096) throw UsageError(std::string(option) + " must be between 1 and 4096");
       r.lane_threads = static_cast<unsigned>(threads);
     }},
    {"", "--branch-ring", "N", kLaneForms,
     "entries of each lane's ring of last taken branches, which the report of a lane that dies "
     "prints (default 32; at most 1024; 0: no ring, at no cost)",
     [](RunRequest& r, std::string_view option, std::string_view value) {
       const uint64_t entries = parse_number(option, value);
       if (entries > kMostBranchRingEntries) throw UsageError(std::string(option) + " must be between 0 and 1024");
       r.branch_ring = static_cast<uint32_t>(entries);
     }},
    {"", "--lane-slots", "N", kProgramLanes,
     "run at most N lanes at once (default: as many as the engine's memory and page pool hold); a "
     "lane that "
     "exits hands its slot to the next, so --lanes may exceed it",
     [](RunRequest& r, std::string_view option, std::string_view value) { r.lane_slots = parse_lanes(option, value); }},

    {"", "--raw", "FILE", kRawForms, "the image to run (its size must be a multiple of 4)",
     [](RunRequest& r, std::string_view, std::string_view value) { r.raw_path = value; }},
    {"", "--load", "ADDR", kRawForms, "address to load the image at (default 0)",
     [](RunRequest& r, std::string_view option, std::string_view value) {
       r.load_address = parse_number(option, value);
     }},
    {"", "--entry", "ADDR", kRawForms, "address of the first instruction (default: the load address)",
     [](RunRequest& r, std::string_view option, std::string_view value) { r.entry = parse_number(option, value); }},
    {"", "--memory", "BYTES", kRawForms, "guest memory size, a multiple of 4 (default 4194304)",
     [](RunRequest& r, std::string_view option, std::string_view value) {
       r.memory_size = parse_number(option, value, true);
       if (r.memory_size == 0 || r.memory_size % 4 != 0) {
         throw UsageError(std::string(option) + " must be a non-zero multiple of 4");
       }
     }},
};

const RunOption* find_option(std::string_view spelling) {
  for (const RunOption& option : kRunOptions) {
    if (spelling == option.short_name || spelling == option.long_name) return &option;
  }
  return nullptr;
}

// "-", like any word without a leading dash, is PROGRAM.
bool is_option(std::string_view arg) { return arg.size() > 1 && arg[0] == '-'; }

// How a user names the forms of one kind of run.
struct KindNames {
  RunForm one, lanes;
  std::string_view any, without_lanes, with_lanes;
};
constexpr KindNames kKindNames[] = {
    {kRawOne, kRawLanes, "a raw image (--raw FILE)", "a raw image without --lanes", "a raw image with --lanes"},
    {kProgramOne, kProgramLanes, "a program", "one process", "a program with --lanes"},
};

// The forms an option applies to, as a user names them.
std::string forms_text(RunForms forms) {
  if (forms == kLaneForms) return "--lanes";
  std::string text;
  for (const KindNames& kind : kKindNames) {
    const RunForms given = forms & (kind.one | kind.lanes);
    if (given == 0) continue;
    if (!text.empty()) text += " or ";
    text += given == kind.one ? kind.without_lanes : given == kind.lanes ? kind.with_lanes : kind.any;
  }
  return text;
}

// What about the chosen form rules an option with `forms` out: the kind of run, or --lanes.
std::string misfit_text(RunForms forms, RunForm form) {
  const KindNames& kind = (form & kRawForms) ? kKindNames[0] : kKindNames[1];
  if ((forms & (kind.one | kind.lanes)) == 0) return std::string(kind.any);
  return form == kind.lanes ? "--lanes" : std::string(kind.without_lanes);
}

constexpr std::string_view kUsageHead = R"(usage: warp64 run [options] PROGRAM [ARGS...]
       warp64 run --raw FILE [options]

The first form runs an AArch64 Linux executable (ELF64, ET_EXEC or PIE, static or
dynamically linked, also with --lanes) as a guest process:
its system calls are serviced by the host, its exit status becomes warp64's, and when it dies
of a signal warp64 dies of the same signal (after a one-line report for a fault or another
signal that dumps core). Its forks are host forks and its execs run warp64 again on the new
program. Options come before PROGRAM; every argument after it is the guest's.

The second form runs a raw little-endian ARM64 image: the file's bytes are copied into one
flat read-write-execute memory region starting at address 0, SP starts at the top of
memory, and execution begins at the entry address.
)";

constexpr std::string_view kUsageTail = R"(
Numbers are decimal or 0x-prefixed hexadecimal; BYTES may end in K, M or G (binary
multiples). A raw image's run ends at HLT (HALT), SVC (SYSCALL), BRK (BREAKPOINT), an
undefined instruction (UNDEFINED), an access outside memory (FAULT), the cycle limit
(MAX_CYCLES) or, with --lanes, an exhausted page pool (OUT_OF_MEMORY); the exit status is 0
in every case.

JSON fields: stop_reason, cycles, pc, x (X0..X30), sp, nzcv (flags in bits 31..28),
fault_address (null unless FAULT), fault_kind (read, write, fetch, or none unless FAULT),
instruction (the word at the stop, or null), engine, elapsed_s, ips; --json-out adds
exit_code (128+N after signal N), signal (0, or the signal that killed the guest) and compile_s
(the host compiler's seconds for the code --translate on translated in time to use), written
by the process warp64 started, whatever it has exec'd, not by the ones it forked. With --lanes:
engine, lanes, stops (a raw image's lanes by stop) or exit_codes (a program's lanes by exit
status), cycles, elapsed_s (a raw image) or engine_s, wall_s, launches, translated_launches
(those that ran translated code), hot_code (with --gpu-mode hot: when the code was chosen,
its build's seconds and the first launch that ran it; empty until chosen), host_service_s
(seconds servicing stopped lanes between launches) and gpu_idle_share (the share of wall time
with no launch running, on the GPU or the CPU lane engine) for a program, ips, bytes_per_lane
and memory_per_lane_bytes (both the engine's fixed memory per lane plus its share of the pool's
pages taken), pool_bytes, and results: per lane, lane and cycles, then a
raw image's stop_reason, pc, x, sp, nzcv, fault_address, fault_kind and instruction, or a
program's exit_code, stdout and stderr. A lane's stdout and stderr are carried byte for byte:
as a JSON string when the bytes are valid UTF-8, else as stdout_base64 or stderr_base64 in
place of the string (RFC 4648 base64 of the bytes).
)";

constexpr size_t kHelpColumn = 22;
constexpr size_t kLineWidth = 92;

// One option's entry in the help: its spellings, then its help text wrapped at kLineWidth.
void append_option_help(std::string& out, const RunOption& option) {
  std::string line = "  ";
  line += option.short_name;
  if (!option.short_name.empty() && !option.long_name.empty()) line += ", ";
  line += option.long_name;
  if (!option.value_name.empty()) (line += ' ') += option.value_name;
  if (line.size() + 2 > kHelpColumn) {
    out += line + '\n';
    line.clear();
  }
  line.resize(kHelpColumn, ' ');
  bool line_has_words = false;
  std::string_view rest = option.help;
  while (!rest.empty()) {
    const size_t space = rest.find(' ');
    const std::string_view word = rest.substr(0, space);
    rest = space == std::string_view::npos ? std::string_view() : rest.substr(space + 1);
    if (line_has_words && line.size() + 1 + word.size() > kLineWidth) {
      out += line + '\n';
      line.assign(kHelpColumn, ' ');
      line_has_words = false;
    }
    if (line_has_words) line += ' ';
    line += word;
    line_has_words = true;
  }
  out += line + '\n';
}

}  // namespace

RunRequest parse_run_request(std::span<char* const> args) {
  RunRequest request;
  std::vector<std::pair<std::string_view, const RunOption*>> given;  // spelling, row
  ArgumentCursor cursor(args);
  while (!cursor.done()) {
    const std::string_view arg = cursor.next();
    if (!is_option(arg)) {
      request.program = arg;
      for (char* guest_arg : cursor.rest()) request.program_args.emplace_back(guest_arg);
      break;
    }
    const RunOption* option = find_option(arg);
    if (option == nullptr)
      throw UsageError("unknown option '" + std::string(arg) + "' for run (see warp64 run --help)");
    option->apply(request, arg, option->value_name.empty() ? std::string_view() : cursor.value_of(arg));
    if (request.help) return request;
    given.emplace_back(arg, option);
  }
  if (request.raw_path.empty() && request.program.empty()) {
    throw UsageError("run needs PROGRAM or --raw FILE (see warp64 run --help)");
  }
  if (!request.raw_path.empty() && !request.program.empty()) {
    throw UsageError("run takes PROGRAM or --raw FILE, not both ('" + request.program + "' after --raw)");
  }
  const RunForm form = request.form();
  for (const auto& [spelling, option] : given) {
    if ((option->forms & form) == 0) {
      throw UsageError(std::string(spelling) + " is for " + forms_text(option->forms) + ", not " +
                       misfit_text(option->forms, form));
    }
  }
  if (request.tracing() && request.engine == EngineKind::kGpu) {
    throw UsageError("-d exec and -d cpu trace on the CPU engine, not with --engine gpu");
  }
  if (request.debug_lane && *request.debug_lane >= request.lanes) {
    throw UsageError("--debug-lane must be below --lanes (" + std::to_string(request.lanes) + ")");
  }
  if (form == kProgramLanes && !request.debug_lane && (request.gdb_port || request.tracing())) {
    throw UsageError("-g, -d exec and -d cpu debug one lane of --lanes: name it with --debug-lane K");
  }
  if (request.gdb_port && request.engine == EngineKind::kGpu) {
    throw UsageError("-g debugs on the CPU engine, not with --engine gpu");
  }
  if (request.gdb_port && request.tracing()) throw UsageError("-g and -d exec or -d cpu do not go together");
  if (request.strace && form == kRawOne) throw UsageError("-d strace is for a program, not a raw image");
  return request;
}

std::string run_usage() {
  struct Section {
    std::string_view title;
    bool (*holds)(RunForms forms);
  };
  constexpr Section kSections[] = {
      {"options for both forms:", [](RunForms f) { return (f & kRawForms) != 0 && (f & kProgramForms) != 0; }},
      {"options for a program (before PROGRAM):", [](RunForms f) { return (f & kRawForms) == 0; }},
      {"options for a raw image:", [](RunForms f) { return (f & kProgramForms) == 0; }},
  };
  std::string usage(kUsageHead);
  for (const Section& section : kSections) {
    ((usage += '\n') += section.title) += '\n';
    for (const RunOption& option : kRunOptions) {
      if (section.holds(option.forms)) append_option_help(usage, option);
    }
  }
  return usage += kUsageTail;
}

}  // namespace warp64::cli
