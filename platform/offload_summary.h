// The summary section of the host-side optimizer modes (baseline, cpu), computed from the
// "host.offload" statistics (offload_stats::to_json).
#pragma once
#include "mode_dispatch.h"

#include <nlohmann/json.hpp>

#include <ostream>

namespace osvp {

/// `mode` is baseline or cpu.
void print_offload(std::ostream& out, platform_mode mode, const nlohmann::json& offload);

} // namespace osvp
