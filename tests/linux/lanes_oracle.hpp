// Lanes checked against qemu-aarch64: `warp64 run --lanes N --json PROGRAM ARGS` runs every
// lane as its own process ("{lane}" in an argument is the lane's number), and each lane must
// give what qemu-aarch64 gives that process run on its own.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace warp64::test {

// The lane engine under test: the CPU's unless WARP64_LANES_ENGINE names another.
std::string lanes_engine();

// The per-lane objects of the --json output, in lane order (they hold no nested braces).
std::vector<std::string> lane_objects(const std::string& json);

// `text` as warp64's JSON writes a string's contents: quotes and backslashes escaped, control
// characters as \u00xx.
std::string json_string(const std::string& text);

// `text` with every "{lane}" replaced by `lane`.
std::string with_lane(std::string text, int lane);

// Runs `program` on `lanes` lanes with `options` (a "-L DIR" among them goes to qemu-aarch64
// too) and `env`; each lane whose number `check` accepts must give qemu-aarch64's stdout, exit
// status and, unless a signal killed it, stderr for the same arguments. Returns the per-lane
// objects of warp64's JSON.
std::vector<std::string> expect_lanes_match_qemu(
    const std::string& program, const std::vector<std::string>& args, int lanes, std::vector<std::string> options,
    const std::function<bool(int)>& check = [](int) { return true; },
    const std::vector<std::string>& env = {"WARP64_TEST=1"});

}  // namespace warp64::test
