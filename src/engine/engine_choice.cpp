#include "engine/engine_choice.hpp"

namespace warp64 {

std::optional<EngineKind> parse_engine_kind(std::string_view name) {
  if (name == "cpu") return EngineKind::kCpu;
  if (name == "gpu") return EngineKind::kGpu;
  if (name == "auto") return EngineKind::kAuto;
  return std::nullopt;
}

const char* engine_kind_name(EngineKind kind) {
  switch (kind) {
    case EngineKind::kCpu: return "cpu";
    case EngineKind::kGpu: return "gpu";
    case EngineKind::kAuto: return "auto";
  }
  return "auto";
}

std::string invalid_engine_message(std::string_view name) {
  return "invalid engine '" + std::string(name) + "' (expected cpu, gpu or auto)";
}

std::optional<TranslateMode> parse_translate_mode(std::string_view name) {
  if (name == "off") return TranslateMode::kOff;
  if (name == "on") return TranslateMode::kOn;
  if (name == "sync") return TranslateMode::kSync;
  return std::nullopt;
}

const char* translate_mode_name(TranslateMode mode) {
  switch (mode) {
    case TranslateMode::kOff: return "off";
    case TranslateMode::kOn: return "on";
    case TranslateMode::kSync: return "sync";
  }
  return "off";
}

EngineKind resolve_engine(EngineKind requested, Workload workload, std::string& note) {
  if (requested != EngineKind::kAuto) return requested;
  if (workload == Workload::kProcess) return EngineKind::kCpu;
  std::string why;
  if (gpu_engine_available(&why)) return EngineKind::kGpu;
  note = "no GPU engine (" + why + "); using the CPU engine";
  return EngineKind::kCpu;
}

std::unique_ptr<Engine> make_engine(EngineKind kind, const TranslationSettings& translation) {
  return kind == EngineKind::kGpu ? make_gpu_engine() : make_cpu_engine(translation);
}

std::unique_ptr<LaneEngine> make_lane_engine(EngineKind kind, GpuTranslation translation, unsigned cpu_threads,
                                             unsigned device) {
  return kind == EngineKind::kGpu ? make_gpu_lane_engine(translation, device) : make_cpu_lane_engine(cpu_threads);
}

}  // namespace warp64
