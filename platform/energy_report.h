// The energy of a run (issue 4): activity counters read from the platform's statistics JSON,
// priced by energy_model for the whole run and for each optimizer step, as the "energy" block
// of --stats and a section of the summary.
#pragma once
#include "energy/energy_activity.h"
#include "platform_config.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <ostream>
#include <vector>

namespace osvp {

/// Cumulative activity since time 0 from vp_top statistics: per die array busy =
/// array_busy_ps + copy_busy_ps (tR, tPROG, tBERS and register copies), transfer bytes =
/// bytes_in + bytes_out, PE busy per plane; core busy; SSD DRAM bytes; PCIe wire bytes of
/// link.downstream / link.upstream; host CPU busy from host.cpu_busy_ps when a mode reports it
/// (host-side update modes), else 0. Elapsed = simulated_ps.
energy_activity read_activity(const nlohmann::json& stats);

/// Activity snapshots at the start and the end of one optimizer step.
struct step_activity {
    std::uint64_t step = 0;
    energy_activity start;
    energy_activity end;
    /// Whether `end` was taken: a run interrupted mid-step has an unfinished last step.
    bool ended = false;
};

/// The "energy" statistics block: {"run": {"activity", "breakdown"}, "steps": [{"step",
/// "activity", "breakdown"}] (the ended steps), "mean_step": breakdown (absent without ended
/// steps)}; breakdowns in joules (energy_breakdown::to_json), activities as
/// energy_activity::to_json.
nlohmann::json energy_stats(const platform_config& config, const nlohmann::json& stats,
                            const std::vector<step_activity>& steps);

/// The summary section "Energy" from stats["energy"]: per component, SSD / PCIe / host split,
/// and per optimizer step when there are steps.
void print_energy(std::ostream& out, const nlohmann::json& stats);

} // namespace osvp
