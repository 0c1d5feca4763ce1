// The simulated optimizer step next to its closed-form lower bound (models/eval/step_bounds)
// for every training mode, with the bottleneck resource named. The rates come from the
// configuration in force: PCIe effective payload bandwidth (pcie_math), the flash geometry and
// timings, the host CPU model and the SSD DRAM bandwidth.
#pragma once
#include "eval/step_bounds.h"
#include "platform_config.h"

#include <nlohmann/json.hpp>

#include <ostream>

namespace osvp {

/// The rates compute_step_bound needs, from `config`. C-ISP's controller rate stays 0 until
/// its engine is merged (its bound then names the missing rate).
system_rates configured_rates(const platform_config& config);

/// {"mode", "simulated_step_ps", "bound": step_bound::to_json(), "simulated_over_bound"}, or
/// {"mode", "error"} when the bound cannot be computed; null in block mode. `stats` is the
/// platform's statistics JSON (vp_top::stats).
nlohmann::json step_bound_report(const platform_config& config, const nlohmann::json& stats);

/// The readable "Step bound" section of the summary.
void print_step_bound(std::ostream& out, const nlohmann::json& report);

} // namespace osvp
