// Where the optimizer steps' summary sits in the platform's statistics (vp_top::stats): the
// host-side modes' host.offload.summary or the in-storage modes' host.training_summary.
#pragma once
#include <nlohmann/json.hpp>

namespace osvp {

/// The steps' summary of `stats` (mode, model, parameters, steps, mean_step_ps, ...), or null
/// in block mode.
inline const nlohmann::json* step_summary(const nlohmann::json& stats) {
    const nlohmann::json& host = stats.at("host");
    if (host.contains("offload")) {
        return &host["offload"].at("summary");
    }
    return host.contains("training_summary") ? &host["training_summary"] : nullptr;
}

} // namespace osvp
