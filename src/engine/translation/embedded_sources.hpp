// The headers translated code is compiled from, built into the library (the build writes
// their text into a generated source), so that run-time compilation needs no source tree.
#pragma once

#include <span>

namespace warp64::translation {

struct EmbeddedSource {
  const char* name;  // as the #include directives spell it
  const char* text;
};

std::span<const EmbeddedSource> embedded_sources();

}  // namespace warp64::translation
