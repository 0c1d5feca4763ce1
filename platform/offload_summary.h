// The summary section of the host-side optimizer modes (baseline, cpu), computed from the
// "host.offload" statistics (offload_stats::to_json).
#pragma once
#include <nlohmann/json.hpp>

#include <ostream>

namespace osvp {

void print_offload(std::ostream& out, const nlohmann::json& offload);

} // namespace osvp
