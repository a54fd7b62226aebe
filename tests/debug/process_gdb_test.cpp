// `warp64 run -g PORT` as a qemu-aarch64 user meets it: gdb-multiarch in batch mode debugs
// corpus programs under warp64 and, with the same script, under `qemu-aarch64 -g PORT`, the
// oracle; what gdb prints, the guest's output and the exit status must agree. Where qemu
// cannot serve the script (it has no hardware watchpoints in user mode), the expected values
// are worked out from the program's source.
#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <functional>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "gdb_client.hpp"
#include "packet_fuzzer.hpp"

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A directory of this test process's own: a fresh one, since a file left by an earlier process
// with the same id (an emulator's status, its announced port) would be read as this one's.
std::string scratch_dir() {
  static const std::string dir = [] {
    char path[] = "/tmp/warp64-gdb-test-XXXXXX";
    if (::mkdtemp(path) == nullptr) throw std::runtime_error("cannot create a directory under /tmp");
    return std::string(path);
  }();
  return dir;
}

std::string program(const std::string& name) { return std::string(WARP64_PROGRAM_DIR) + "/" + name; }

// A port no one listens on now: the system's pick for a socket closed at once.
int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t length = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  ::close(fd);
  return ntohs(address.sin_port);
}

// True once something listens on 127.0.0.1:port (/proc/net/tcp, state 0A).
bool listening(int port) {
  std::ifstream table("/proc/net/tcp");
  std::string line;
  char wanted[16];
  std::snprintf(wanted, sizeof wanted, ":%04X ", port);
  while (std::getline(table, line)) {
    if (line.find(wanted) != std::string::npos && line.find(" 0A ") != std::string::npos) return true;
  }
  return false;
}

bool wait_for(const std::function<bool()>& ready) {
  for (int tries = 0; tries < 200; ++tries) {
    if (ready()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

struct Session {
  std::string gdb;  // what gdb printed, without its warnings
  std::string out;  // the guest's stdout
  std::string err;  // the emulator's stderr
  int status = -1;  // the emulator's exit status, 128+N for death by signal N
};

// An emulator started in the background, serving gdb on `port`.
struct Background {
  std::string files;  // FILES.out, FILES.err and FILES.status once it has ended
  int port = 0;
};

// `port_of` learns the port the emulator serves from its stderr's path (0: not yet).
Background start(const std::string& emulator_command, const std::function<int(const std::string& err_path)>& port_of) {
  static int runs = 0;
  Background started{scratch_dir() + "/run" + std::to_string(++runs)};
  const std::string& base = started.files;
  std::system(("(timeout 60 " + emulator_command + " >" + base + ".out 2>" + base + ".err </dev/null; echo $? >" +
               base + ".status) &")
                  .c_str());
  EXPECT_TRUE(wait_for([&] { return (started.port = port_of(base + ".err")) != 0; })) << emulator_command;
  return started;
}

// Waits for the emulator's end; its output and status in `session`.
void finish(const Background& started, Session& session) {
  const std::string& base = started.files;
  EXPECT_TRUE(wait_for([&] { return !read_file(base + ".status").empty(); })) << base;
  session.status = std::atoi(read_file(base + ".status").c_str());
  session.out = read_file(base + ".out");
  session.err = read_file(base + ".err");
}

// Runs gdb with `commands` against the emulator, then waits for the emulator's end.
Session debug(const std::string& emulator_command, const std::function<int(const std::string& err_path)>& port_of,
              const std::string& binary, const std::vector<std::string>& commands) {
  const Background started = start(emulator_command, port_of);
  std::string gdb = "timeout 60 " WARP64_GDB_MULTIARCH " -nx -batch -ex 'set pagination off'";
  if (!binary.empty()) gdb += " -ex 'file " + binary + "'";
  gdb += " -ex 'target remote 127.0.0.1:" + std::to_string(started.port) + "'";
  for (const std::string& command : commands) gdb += " -ex '" + command + "'";
  Session session;
  FILE* pipe = ::popen((gdb + " 2>&1").c_str(), "r");
  char buffer[4096];
  std::string printed;
  while (size_t count = std::fread(buffer, 1, sizeof buffer, pipe)) printed.append(buffer, count);
  ::pclose(pipe);
  std::istringstream lines(printed);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("warning:", 0) == 0) continue;
    // qemu names its inferior "process 1" where warp64 says "Remote target"; both are gdb's.
    const std::string qemu_inferior = "[Inferior 1 (process 1) ";
    if (line.rfind(qemu_inferior, 0) == 0) line = "[Inferior 1 (Remote target) " + line.substr(qemu_inferior.size());
    session.gdb += line + "\n";
  }
  finish(started, session);
  return session;
}

// warp64 -g 0: the port its waiting line names.
int announced_port(const std::string& err_path) {
  const std::string err = read_file(err_path);
  const std::string announce = "warp64: waiting for gdb on localhost:";
  const size_t at = err.find(announce);
  return at == std::string::npos || err.find('\n', at) == std::string::npos
             ? 0
             : std::atoi(err.c_str() + at + announce.size());
}

// warp64 run -g 0 PROGRAM, started in the background.
Background start_warp64_server(const std::string& binary) {
  return start(std::string(WARP64_BINARY) + " run -g 0 " + binary, announced_port);
}

// A raw connection to the server `started` serves; -1 when it cannot be made.
int connect_to(const Background& started) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(started.port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd >= 0 && ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) return fd;
  if (fd >= 0) ::close(fd);
  return -1;
}

Session debug_warp64(const std::string& binary, const std::vector<std::string>& commands) {
  return debug(std::string(WARP64_BINARY) + " run -g 0 " + binary, announced_port, binary, commands);
}

Session debug_qemu(const std::string& binary, const std::vector<std::string>& commands) {
  const int port = free_port();
  return debug(
      std::string(WARP64_QEMU) + " -g " + std::to_string(port) + " " + binary,
      [port](const std::string&) { return listening(port) ? port : 0; }, binary, commands);
}

// The script under warp64 and under qemu-aarch64: gdb's output (as `normalize` leaves it), the
// program's and the exit status must agree. Returns warp64's session, for checks of its own.
Session debug_both_agree(const std::string& binary, const std::vector<std::string>& commands,
                         const std::function<std::string(const std::string&)>& normalize = {}) {
  const Session warp64 = debug_warp64(binary, commands);
  const Session qemu = debug_qemu(binary, commands);
  if (normalize) {
    EXPECT_EQ(normalize(warp64.gdb), normalize(qemu.gdb));
  } else {
    EXPECT_EQ(warp64.gdb, qemu.gdb);
  }
  EXPECT_EQ(warp64.out, qemu.out);
  EXPECT_EQ(warp64.status, qemu.status);
  return warp64;
}

// Thread ids are host tids, which differ from run to run; qemu also names them "PID.TID" (it
// speaks gdb's multiprocess dialect) and describes each with its CPU. gdb's own thread numbers,
// which stay, tell the threads apart ("Thread 2 hit Breakpoint 1"). Column padding follows the
// ids' width.
std::string without_thread_ids(const std::string& gdb_output) {
  static const std::regex thread_id(R"(Thread ([0-9]+\.)?[0-9]+(?![0-9]| hit)( \(CPU#[0-9]+ \[[a-z]+\]\))?)");
  static const std::regex padding(" +");
  return std::regex_replace(std::regex_replace(gdb_output, thread_id, "Thread <tid>"), padding, " ");
}

void expect_line(const std::string& output, const std::string& line) {
  EXPECT_NE(output.find(line), std::string::npos) << "no \"" << line << "\" in:\n" << output;
}

// The same script under both: breakpoint, steps, registers, disassembly, a global read and
// written, a register written, and the run to the exit.
TEST(ProcessGdb, BreakStepPrintAndSetAgreeWithQemu) {
  const std::string binary = program("recursion-O0");
  const std::vector<std::string> script = {"break main",
                                           "continue",
                                           "stepi",
                                           "nexti",
                                           "p $pc",
                                           "p $x0",
                                           "x/8i $pc",
                                           "p (long)moves",
                                           "set var $x19 = 0x1234",
                                           "p/x $x19",
                                           "set var *(long*)&moves = 41",
                                           "p (long)moves",
                                           "info registers x19 pc",
                                           "p/x $cpsr",
                                           "continue"};
  const Session warp64 = debug_both_agree(binary, script);
  // Hand-checked: the values the script wrote, and hanoi(16)'s 65535 moves counted from 41.
  expect_line(warp64.gdb, "$3 = 0\n$4 = 0x1234\n$5 = 41\n");
  expect_line(warp64.gdb, "[Inferior 1 (Remote target) exited normally]");
  expect_line(warp64.out, "hanoi moves=65576 ");
  expect_line(warp64.err, "warp64: waiting for gdb on localhost:");
}

// Source-level stepping in a program built with -g: next, step into a call, the backtrace,
// arguments and locals, finish.
TEST(ProcessGdb, SourceStepsAgreeWithQemu) {
  const std::string binary = program("recursion-g");
  const std::vector<std::string> script = {"break hanoi", "continue",  "bt",     "next",    "next",   "step",    "bt 2",
                                           "p n",         "info args", "finish", "p moves", "delete", "continue"};
  const Session warp64 = debug_both_agree(binary, script);
  expect_line(warp64.gdb, "Breakpoint 1, hanoi (n=16, from=0, to=2, via=1) at ");  // main's call
  expect_line(warp64.gdb, "$1 = 15");                                              // the step entered hanoi(n - 1, ...)
}

// moves++ in hanoi is the first write to `moves` after main starts: from 41 to 42.
TEST(ProcessGdb, WatchpointStopsAtTheWrite) {
  const Session warp64 = debug_warp64(program("recursion-O0"), {"break main", "continue", "set var *(long*)&moves = 41",
                                                                "watch *(long*)&moves", "continue", "bt 1", "kill"});
  expect_line(warp64.gdb, "Hardware watchpoint 2: *(long*)&moves");
  expect_line(warp64.gdb, "Old value = 41\nNew value = 42\n");
  expect_line(warp64.gdb, "#0  0x");
  expect_line(warp64.gdb, " in hanoi ()");
  EXPECT_EQ(warp64.status, 128 + 9);  // killed
}

// The store through NULL: SIGSEGV at the store, seen by gdb before it is delivered, then
// delivered by the continue (gdb passes SIGSEGV).
TEST(ProcessGdb, FaultStopsWithSignalAsUnderQemu) {
  const std::string binary = program("segfault_program-O0");
  const std::vector<std::string> script = {"continue", "x/i $pc", "p $x0", "continue"};
  const Session warp64 = debug_both_agree(binary, script);
  expect_line(warp64.gdb, "Program received signal SIGSEGV, Segmentation fault.");
  expect_line(warp64.gdb, "Program terminated with signal SIGSEGV, Segmentation fault.");
  EXPECT_EQ(warp64.status, 128 + 11);
}

// abort() sends SIGABRT to itself: gdb stops with it before it is delivered, and the continue
// that passes it on ends the program by it (status 134), as under qemu-aarch64.
TEST(ProcessGdb, ASignalTheGuestSendsItselfStopsItAsUnderQemu) {
  const std::string binary = program("abort_program-O0");
  const std::vector<std::string> script = {"continue", "continue"};
  const Session warp64 = debug_both_agree(binary, script);
  expect_line(warp64.gdb, "Program received signal SIGABRT, Aborted.");
  expect_line(warp64.gdb, "Program terminated with signal SIGABRT, Aborted.");
  EXPECT_EQ(warp64.status, 128 + 6);
}

// `signal 0` discards the held SIGABRT: glibc's abort() then raises it again with the default
// action restored, which stops the program a second time, as under qemu-aarch64.
TEST(ProcessGdb, ADiscardedSignalIsNotDeliveredAsUnderQemu) {
  const std::string binary = program("abort_program-O0");
  const std::vector<std::string> script = {"continue", "signal 0", "continue"};
  const Session warp64 = debug_both_agree(binary, script);
  const std::string stop = "Program received signal SIGABRT, Aborted.";
  const size_t first = warp64.gdb.find(stop);
  ASSERT_NE(first, std::string::npos) << warp64.gdb;
  EXPECT_NE(warp64.gdb.find(stop, first + stop.size()), std::string::npos) << warp64.gdb;  // raised again
}

// qemu has no $_siginfo: the signal and the fault address come from the source (a store
// through NULL).
TEST(ProcessGdb, FaultStopCarriesTheSiginfo) {
  const Session warp64 = debug_warp64(
      program("segfault_program-O0"),
      {"continue", "p $_siginfo.si_signo", "p $_siginfo.si_code", "p $_siginfo._sifields._sigfault.si_addr"});
  expect_line(warp64.gdb, "$1 = 11\n$2 = 1\n$3 = (void *) 0x0\n");  // SIGSEGV, SEGV_MAPERR, NULL
  // gdb -batch detaches as it quits (qAttached is 1): the discarded fault recurs and kills it.
  EXPECT_EQ(warp64.status, 128 + 11);
}

// After a detach the program runs on to its end as it would without the debugger.
TEST(ProcessGdb, DetachRunsTheProgramOn) {
  const std::string binary = program("exit_nonzero-O0");
  const Session warp64 = debug_warp64(binary, {"break main", "continue", "detach"});
  const Session qemu = debug_qemu(binary, {"break main", "continue", "detach"});
  expect_line(warp64.gdb, "Breakpoint 1, ");
  EXPECT_EQ(warp64.out, qemu.out);
  EXPECT_EQ(warp64.status, 3);
  EXPECT_EQ(qemu.status, 3);
}

TEST(ProcessGdb, ExitStatusReachesGdb) {
  const Session warp64 = debug_warp64(program("exit_nonzero-O0"), {"continue"});
  expect_line(warp64.gdb, "[Inferior 1 (Remote target) exited with code 03]");
  EXPECT_EQ(warp64.status, 3);
}

// A breakpoint in a worker while the first thread waits in pthread_join: every thread stops and
// shows in `info threads` (the first one in the join, the second worker asleep), each thread's
// frames and locals read, the second worker's hit comes once the first worker has gone from
// the list, and the run ends with the total as its status.
TEST(ProcessGdb, ThreadsStopTogetherAsUnderQemu) {
  const std::vector<std::string> script = {"break add_share", "continue", "info threads", "thread 1", "bt", "thread 2",
                                           "p share",         "continue", "info threads", "p id",     "bt", "continue"};
  const Session warp64 = debug_both_agree(program("gdb_threads-g"), script, without_thread_ids);
  const std::string gdb = without_thread_ids(warp64.gdb);
  expect_line(gdb, "Thread 2 hit Breakpoint 1, add_share (id=3, share=37) at ");
  expect_line(gdb, "Thread 3 hit Breakpoint 1, add_share (id=4, share=47) at ");
  expect_line(gdb, " in __pthread_clockjoin_ex ()\n#2 0x");  // the first thread, in the join
  expect_line(gdb, "$1 = 37\n");
  expect_line(gdb, "$2 = 4\n");
  expect_line(gdb, "[Inferior 1 (Remote target) exited with code 0124]");  // 37 + 47
  EXPECT_EQ(warp64.status, 84);
}

// `next` and `finish` in a worker: the step runs that thread while the others go on.
TEST(ProcessGdb, SourceStepsInAWorkerAgreeWithQemu) {
  const std::vector<std::string> script = {"break add_share", "continue", "next",   "next",
                                           "p total",         "finish",   "delete", "continue"};
  const Session warp64 = debug_both_agree(program("gdb_threads-g"), script, without_thread_ids);
  expect_line(warp64.gdb, "$1 = 37\n");
  expect_line(warp64.gdb, "Value returned is $2 = 37\n");
}

// qemu has no hardware watchpoints in user mode: the values come from the source. Each worker's
// write stops in that worker, 0 to 37, then 37 to 84.
TEST(ProcessGdb, WatchpointStopsTheThreadThatWrites) {
  const Session warp64 =
      debug_warp64(program("gdb_threads-g"), {"watch total", "continue", "info threads", "continue", "bt 1", "kill"});
  const std::string gdb = without_thread_ids(warp64.gdb);
  expect_line(gdb, "Thread 2 hit Hardware watchpoint 1: total\n\nOld value = 0\nNew value = 37\n");
  expect_line(gdb, "* 2 Thread <tid> add_share (id=3, share=37) at ");
  expect_line(gdb, "Thread 3 hit Hardware watchpoint 1: total\n\nOld value = 37\nNew value = 84\n");
  expect_line(gdb, "#0 add_share (id=4, share=47) at ");
  EXPECT_EQ(warp64.status, 128 + 9);  // killed
}

// The debugger's interrupt while every thread waits (the first in pthread_join, the workers
// asleep): all of them stop, listed with the first thread's id (the process id) first, and
// the stop names a live thread whose registers read.
TEST(ProcessGdb, InterruptStopsEveryThread) {
  using namespace warp64::debug::gdb::test;
  const Background started = start_warp64_server(program("gdb_threads-g"));
  const int fd = connect_to(started);
  ASSERT_GE(fd, 0) << "cannot connect to port " << started.port;
  GdbClient gdb(fd);
  const std::string first = gdb.command("qC").substr(2);
  // Interrupts until both workers exist (a loaded host may take a while to start them); they
  // then sleep for long, the first thread waiting in pthread_join.
  std::optional<std::string> stop;
  std::string threads;
  for (int attempt = 0; attempt < 100 && std::count(threads.begin(), threads.end(), ',') < 2; ++attempt) {
    gdb.send_packet("vCont;c");
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    gdb.send_raw("\x03");
    stop = gdb.receive_packet();
    ASSERT_TRUE(stop.has_value());
    EXPECT_EQ(stop->rfind("T02thread:", 0), 0u) << *stop;
    threads = gdb.command("qfThreadInfo");
  }
  EXPECT_EQ(threads.rfind("m" + first + ",", 0), 0u) << threads;
  EXPECT_EQ(std::count(threads.begin(), threads.end(), ','), 2) << threads;
  const std::string stopped = stop->substr(10, stop->find(';') - 10);
  EXPECT_EQ(gdb.command("T" + stopped), "OK");
  EXPECT_EQ(gdb.command("Hg" + stopped), "OK");
  const std::string registers = gdb.command("g");
  EXPECT_FALSE(registers.empty());
  EXPECT_EQ(registers.find_first_not_of("0123456789abcdef"), std::string::npos) << registers;
  EXPECT_EQ(gdb.command("T7fffffff"), "E16");  // no such thread
  EXPECT_EQ(gdb.command("vCont;c"), "W54");    // the run goes on to its end: 84
  Session session;
  finish(started, session);
  EXPECT_EQ(session.status, 84);
  EXPECT_EQ(session.out, "shares 37 and 47, total 84\n");
}

// While warp64 waits for gdb, a signal whose default action ends a process ends it, as it
// ends qemu-aarch64 -g (and would end the guest); one ignored by default does not.
TEST(ProcessGdb, ATerminatingSignalEndsTheWaitForGdb) {
  const std::string err = scratch_dir() + "/waiting.err";
  const std::string binary = program("gdb_threads-g");
  const pid_t pid = ::fork();
  if (pid == 0) {
    const int fd = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0 && ::dup2(fd, 2) >= 0) ::execl(WARP64_BINARY, WARP64_BINARY, "run", "-g", "0", binary.c_str(), nullptr);
    ::_exit(127);
  }
  ASSERT_GT(pid, 0);
  ASSERT_TRUE(wait_for([&] { return announced_port(err) != 0; })) << read_file(err);
  ::kill(pid, SIGWINCH);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  int status = 0;
  EXPECT_EQ(::waitpid(pid, &status, WNOHANG), 0) << "ended by SIGWINCH";
  ::kill(pid, SIGTERM);
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM) << status;
}

// A usage error before anything listens: one line, status 2.
TEST(ProcessGdb, BadPortsAreOneLineAndStatusTwo) {
  const std::string base = scratch_dir() + "/bad";
  const int taken = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(taken, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  ASSERT_EQ(::listen(taken, 1), 0);
  socklen_t length = sizeof address;
  ::getsockname(taken, reinterpret_cast<sockaddr*>(&address), &length);
  for (const std::string& port : {std::string("70000"), std::string("12ab"), std::to_string(ntohs(address.sin_port))}) {
    const int raw = std::system((std::string(WARP64_BINARY) + " run -g " + port + " " + program("exit_nonzero-O0") +
                                 " >" + base + ".out 2>" + base + ".err")
                                    .c_str());
    EXPECT_EQ(WEXITSTATUS(raw), 2) << port;
    const std::string err = read_file(base + ".err");
    EXPECT_EQ(err.find('\n'), err.size() - 1) << err;
    EXPECT_EQ(err.rfind("warp64: ", 0), 0u) << err;
  }
  ::close(taken);
}

// A raw image under gdb, worked out by hand: movz x0, #42; add x1, x0, #1; hlt #0, then
// ldr x0, [x1] from outside the 4 MiB memory.
TEST(ProcessGdb, RawImageStepsAndFaults) {
  const std::string image = scratch_dir() + "/raw.bin";
  const auto write_words = [&](const std::vector<uint32_t>& words) {
    std::ofstream out(image, std::ios::binary);
    for (const uint32_t word : words) out.write(reinterpret_cast<const char*>(&word), 4);
  };
  const std::string command = std::string(WARP64_BINARY) + " run --raw " + image + " -g 0";
  write_words({0xD2800540u, 0x91000401u, 0xD4400000u});
  const Session halting = debug(command, announced_port, "", {"stepi", "p $x0", "stepi", "p $x1", "continue"});
  expect_line(halting.gdb, "$1 = 42\n");
  expect_line(halting.gdb, "$2 = 43\n");
  expect_line(halting.gdb, "[Inferior 1 (Remote target) exited normally]");
  expect_line(halting.out, "stop: HALT at pc 0x0000000000000008");
  expect_line(halting.out, "cycles: 2 ");
  EXPECT_EQ(halting.status, 0);

  // movz x1, #0x7fff, lsl #16; ldr x0, [x1]
  write_words({0xD2AFFFE1u, 0xF9400020u});
  const Session faulting =
      debug(command, announced_port, "", {"continue", "p $_siginfo._sifields._sigfault.si_addr", "p $pc", "continue"});
  expect_line(faulting.gdb, "Program received signal SIGSEGV, Segmentation fault.");
  expect_line(faulting.gdb, "$1 = (void *) 0x7fff0000\n$2 = (void (*)()) 0x4");
  expect_line(faulting.gdb, "Program terminated with signal SIGSEGV, Segmentation fault.");
  expect_line(faulting.out, "stop: FAULT");
}

// The JSON string value of `key` in the lane entry `lane` of a --lanes --json report, its escapes
// undone (the report escapes control characters as \u00XX).
std::string lane_field(const std::string& json, int lane, const std::string& key) {
  const size_t entry = json.find("{\"lane\": " + std::to_string(lane) + ",");
  const size_t at = json.find("\"" + key + "\": ", entry);
  if (entry == std::string::npos || at == std::string::npos) return "<missing>";
  std::string value;
  size_t i = at + key.size() + 4;
  if (json[i] != '"') return json.substr(i, json.find_first_of(",}", i) - i);  // a number
  for (++i; i < json.size() && json[i] != '"'; ++i) {
    if (json[i] != '\\') {
      value += json[i];
      continue;
    }
    const char escaped = json[++i];
    if (escaped == 'u') {
      value += static_cast<char>(std::stoi(json.substr(i + 1, 4), nullptr, 16));
      i += 4;
    } else {
      value += escaped == 'n' ? '\n' : escaped == 't' ? '\t' : escaped;
    }
  }
  return value;
}

// --debug-lane K replays lane K alone: its output and exit status byte for byte, with or
// without gdb attached, and with a trace.
TEST(ProcessGdb, LaneReplayReproducesTheLane) {
  const std::string binary = program("argv_env-O0");
  const std::string lanes = std::string(WARP64_BINARY) + " run --engine cpu --lanes 3 ";
  const std::string base = scratch_dir() + "/lanes";
  ASSERT_EQ(std::system((lanes + "--json " + binary + " x{lane}y >" + base + ".json").c_str()), 0);
  const std::string json = read_file(base + ".json");
  const std::string expected_out = lane_field(json, 2, "stdout");
  ASSERT_NE(expected_out.find("argv[1]=\"x2y\""), std::string::npos) << expected_out;

  const int raw = std::system((lanes + "--debug-lane 2 " + binary + " x{lane}y >" + base + ".out").c_str());
  EXPECT_EQ(read_file(base + ".out"), expected_out);
  EXPECT_EQ(std::to_string(WEXITSTATUS(raw)), lane_field(json, 2, "exit_code"));

  const Session debugged = debug(lanes + "--debug-lane 2 -g 0 " + binary + " x{lane}y", announced_port, binary,
                                 {"break main", "continue", "p $x0", "continue"});
  expect_line(debugged.gdb, "$1 = 2");  // argc
  EXPECT_EQ(debugged.out, expected_out);
  EXPECT_EQ(std::to_string(debugged.status), lane_field(json, 2, "exit_code"));

  std::system((lanes + "--debug-lane 2 -d exec -D " + base + ".trace " + binary + " x{lane}y >/dev/null").c_str());
  expect_line(read_file(base + ".trace"), " svc #0\n");
}

// At least 10,000 random, corrupted, truncated and oversize packets into a real process's
// server (those that parse never resume, detach or kill): it answers throughout, and kills
// the guest when asked at the end.
TEST(ProcessGdb, SurvivesMalformedPackets) {
  using namespace warp64::debug::gdb::test;
  const Background started = start_warp64_server(program("exit_nonzero-O0"));
  const int fd = connect_to(started);
  ASSERT_GE(fd, 0) << "cannot connect to port " << started.port;
  GdbClient gdb(fd);
  PacketFuzzer fuzzer(fuzz_seed(), 0x400000, 0x10000);  // the program's text
  for (int i = 1; i <= 10'500; ++i) {
    gdb.send_raw(fuzzer.next());
    if (i % 500 == 0) {
      gdb.send_packet("qC");  // no fuzz case asks qC
      ASSERT_TRUE(gdb.skip_past("$QC", 10s)) << "no answer after case " << i << " of seed " << fuzz_seed();
    }
  }
  gdb.send_packet("k");
  Session session;
  finish(started, session);
  EXPECT_EQ(session.status, 128 + 9);
  EXPECT_EQ(session.out, "");  // the guest never ran
}

}  // namespace
