// One machine on a lane engine: its address space mirrored into lane 0 around each run.
#pragma once

#include <memory>

#include "engine/engine.hpp"
#include "engine/lane_engine.hpp"

namespace warp64 {

std::unique_ptr<Engine> make_lane_machine_engine(std::unique_ptr<LaneEngine> lanes);

}  // namespace warp64
