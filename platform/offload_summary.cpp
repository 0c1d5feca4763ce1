#include "offload_summary.h"

#include "common/units.h"

#include <string>

namespace osvp {
namespace {

std::string time_of(const nlohmann::json& ps) {
    return format_time(static_cast<time_ps>(ps.get<double>()));
}

} // namespace

void print_offload(std::ostream& out, platform_mode mode, const nlohmann::json& offload) {
    const nlohmann::json& sum = offload["summary"];
    const bool baseline = mode == platform_mode::baseline;
    out << "Optimizer steps (" << describe(mode) << "): " << sum["model"].get<std::string>() << ", "
        << sum["parameters"] << " parameters, " << sum["steps"] << " step(s), "
        << sum["data"].get<std::string>() << " data\n";
    if (sum["steps"].get<std::uint64_t>() == 0) {
        out << "  no step completed\n\n";
        return;
    }
    out << "  step       mean " << time_of(sum["mean_step_ps"]) << " (CPU update "
        << time_of(sum["mean_compute_ps"]) << ")";
    if (baseline) {
        out << "; gradient writes in backward " << time_of(sum["mean_backward_phase_ps"])
            << ", not in the step";
    }
    out << "\n  rate       " << format_fixed(sum["parameters_per_second"].get<double>() / 1e9, 3)
        << " G parameters/s\n";
    for (const auto& step : offload["steps"]) {
        out << "  step " << step["step"] << "     " << time_of(step["duration_ps"]) << ", "
            << step["chunks"] << " chunk(s)";
        if (baseline) {
            out << ", read " << step["reads"]["bytes"] << " B, written " << step["writes"]["bytes"]
                << " B";
        }
        out << "\n";
    }
    out << "\n";
}

} // namespace osvp
