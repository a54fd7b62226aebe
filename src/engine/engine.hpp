// An engine runs a machine's state against its address space. Engines own speed and
// layout; the meaning of every instruction comes from the A64 core.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "memory/address_space.hpp"
#include "warp64/core/run.hpp"
#include "warp64/core/state.hpp"

namespace warp64 {

struct EngineRun {
  core::RunResult result;
  double seconds;  // the engine's own measure: the host loop, or CUDA events around the kernel
  // CPU translation: the compiler's seconds (on other threads) for the units that arrived
  // during the run.
  double compile_seconds = 0;
};

class Engine {
 public:
  virtual ~Engine() = default;
  virtual const char* name() const = 0;
  virtual EngineRun run(core::CpuState& state, AddressSpace& memory, uint64_t max_cycles) = 0;
};

// What the CPU engine does with code it finds hot: nothing (it interprets everything),
// translate it in the background while interpreting on, or translate it before running it
// further (deterministic, for tests).
enum class TranslateMode : uint8_t { kOff, kOn, kSync };

struct TranslationSettings {
  TranslateMode mode = TranslateMode::kOff;
  // Taken jumps that land on a block before the code reachable from it is translated.
  uint32_t threshold = 20000;
  // Taken jumps that land on a block before that code is looked up in the translation cache
  // alone, nothing compiled: a program whose hot code an earlier run compiled runs it from
  // here, not after `threshold` entries interpreted. At or above `threshold`: no early look-up.
  uint32_t cache_threshold = 1000;
  // Words translated from one hot block at most: the blocks reachable from it through direct
  // branches and fall-through (its function, its loop, what they call).
  uint64_t region_words = 4096;
  // Words per generated function, each a translation unit of its own: compile time grows
  // with a function's length faster than linearly, with the number of functions linearly.
  uint64_t function_words = 256;
  // Block entries between a translation's arrival and its first use: the tests move the
  // switch from interpreted to translated code with it.
  uint64_t install_delay = 0;
};

// "off", "on", "sync".
std::optional<TranslateMode> parse_translate_mode(std::string_view name);
const char* translate_mode_name(TranslateMode mode);

std::unique_ptr<Engine> make_cpu_engine(const TranslationSettings& translation = {});

// Throws warp64::Error naming the reason when no usable GPU is present or the build has no
// CUDA support. engine_choice.hpp is where engines are chosen.
std::unique_ptr<Engine> make_gpu_engine();

}  // namespace warp64
