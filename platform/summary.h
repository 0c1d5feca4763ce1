// The readable end-of-run summary printed by optimstore-vp, computed from the statistics JSON.
#pragma once
#include "platform_config.h"

#include <nlohmann/json.hpp>

#include <ostream>

namespace osvp {

void print_summary(std::ostream& out, const platform_config& config, const nlohmann::json& stats,
                   double wall_seconds);

} // namespace osvp
