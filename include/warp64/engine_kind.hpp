// Which engine runs guest code, as users name it: the one definition of the names that the
// command line, the Python module and the library accept.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace warp64 {

enum class EngineKind { kCpu, kGpu, kAuto };

// "cpu", "gpu" or "auto"; nullopt for anything else.
std::optional<EngineKind> parse_engine_kind(std::string_view name);
const char* engine_kind_name(EngineKind kind);
// The message for a name parse_engine_kind rejects.
std::string invalid_engine_message(std::string_view name);

// True when this build has the GPU engine and a usable GPU (compute capability 9.0 or newer)
// is present; otherwise `why` (when given) says what is missing.
bool gpu_engine_available(std::string* why = nullptr);

}  // namespace warp64
