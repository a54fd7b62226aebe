// Stands in for the GPU engine in builds without CUDA.
#include "engine/engine.hpp"
#include "warp64/error.hpp"

namespace warp64 {

bool gpu_engine_available(std::string* why) {
  if (why != nullptr) *why = "this build of warp64 has no CUDA support";
  return false;
}

std::unique_ptr<Engine> make_gpu_engine() {
  throw Error("the GPU engine is unavailable: this build of warp64 has no CUDA support");
}

}  // namespace warp64
