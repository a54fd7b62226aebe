// Stands in for the GPU engine in builds without CUDA.
#include "engine/lane_engine.hpp"
#include "engine/multi_device/gpu_devices.hpp"
#include "warp64/engine_kind.hpp"
#include "warp64/error.hpp"

namespace warp64 {
namespace {
constexpr const char* kNoCuda = "this build of warp64 has no CUDA support";
}

bool gpu_engine_available(std::string* why) {
  if (why != nullptr) *why = kNoCuda;
  return false;
}

std::unique_ptr<LaneEngine> make_gpu_lane_engine(GpuTranslation, unsigned) {
  throw Error(std::string("the GPU engine is unavailable: ") + kNoCuda);
}

unsigned gpu_device_count() { return 0; }

unsigned gpu_builds_running() { return 0; }

GpuTranslationBuild time_gpu_translation_build(std::span<const uint32_t>) {
  throw Error(std::string("GPU translation is unavailable: ") + kNoCuda);
}

void check_gpu_device(unsigned) { throw Error(std::string("the GPU engine is unavailable: ") + kNoCuda); }

void select_gpu_device(unsigned) {}

uint64_t shared_gpu_pool_bytes(unsigned, unsigned) { return 0; }

}  // namespace warp64
