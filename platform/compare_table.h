// The table of optimstore-vp --compare (plain C++): one row per training mode, read from that
// mode's statistics JSON (optimstore-vp --stats): the simulated optimizer step, the estimated
// end-to-end iteration around it (platform/iteration_report), the step's closed-form bound and
// bottleneck, the energy per step split into SSD and host, the PCIe and channel bytes per step, the
// share of the dies' time in array operations, and the step and energy ratios to a reference mode.
#pragma once
#include <nlohmann/json.hpp>

#include <ostream>
#include <string>
#include <vector>

namespace osvp {

/// One mode's run in a comparison.
struct mode_run {
    enum class outcome { ok, refused, failed };
    std::string mode;
    outcome result = outcome::failed;
    /// Why the mode was refused (a configuration error for this mode, e.g. cpu mode out of host
    /// memory) or failed; empty when it ran.
    std::string message;
    /// The run's statistics JSON when it ran.
    nlohmann::json stats;
    /// Wall-clock seconds the run took.
    double wall_s = 0;
};

/// The figures of one run that ran. Bound and bottleneck are absent when the step bound could
/// not be computed (bound_s 0, bottleneck empty).
struct mode_row {
    double step_s = 0;
    /// The iteration estimate around the mean step (GPU forward and backward included).
    double iteration_s = 0;
    double bound_s = 0;
    std::string bottleneck;
    double energy_J = 0;
    double ssd_J = 0;
    double host_J = 0;
    double pcie_bytes = 0;
    double channel_bytes = 0;
    /// Share of the dies' time in array operations and register copies during the step (PE
    /// passes not included).
    double array_busy = 0;

    /// From statistics JSON (iteration.estimate, step_bound, energy.mean_step,
    /// energy.steps[].activity, the dies of ssd.channels); throws std::runtime_error naming the
    /// first missing field.
    static mode_row from(const nlohmann::json& stats);
};

/// The mode the ratios refer to: "baseline" when it ran, else the first mode that ran; empty
/// when none ran.
std::string reference_mode(const std::vector<mode_run>& runs);

/// The readable table, with a line per mode that did not run saying why.
void print_comparison(std::ostream& out, const std::vector<mode_run>& runs);

/// {"reference": mode, "modes": [{"mode", "status" (ok, refused, failed), "wall_s", and either
/// "message" or "step_s", "iteration_s", "bound_s", "bottleneck", "energy_J", "ssd_J", "host_J",
/// "pcie_bytes", "channel_bytes", "array_busy", "speedup", "iteration_speedup", "energy_ratio"
/// (reference over this mode) and "stats"}]}.
nlohmann::json comparison_json(const std::vector<mode_run>& runs);

} // namespace osvp
