#include "step_bound_report.h"

#include "common/units.h"
#include "energy/host_cpu_model.h"
#include "host/host_optimizer.h"
#include "pcie/pcie_math.h"
#include "step_summary.h"

#include <stdexcept>

namespace osvp {

system_rates configured_rates(const platform_config& config) {
    system_rates r = system_rates::from_flash(config.ssd.flash);
    r.pcie_bytes_per_s = pcie_math(config.pcie).effective_bytes_per_second();
    r.ssd_dram_bytes_per_s = config.ssd.controller.dram_bandwidth();
    if (config.training) {
        const optimizer_kind kind = cost_kind(config.training->optimizer.kind);
        // The C-ISP engine runs every ODC pass over each element at isp_cycles_per_element.
        r.controller_params_per_s = config.ssd.controller.core_clock_hz /
                                    (config.ssd.controller.isp_cycles_per_element *
                                     default_odp_sequence(kind, r.isqrt_passes).element_ops);
        r.host_cpu_params_per_s = host_cpu_model(config.host_cpu).params_per_second(kind);
    }
    return r;
}

nlohmann::json step_bound_report(const platform_config& config, const nlohmann::json& stats) {
    const std::optional<step_mode> mode = step_mode_of(config.mode);
    const nlohmann::json* steps = step_summary(stats);
    if (!mode || !config.training || steps == nullptr) {
        return nullptr;
    }
    const nlohmann::json& summary = *steps;
    step_workload w;
    w.parameters = summary.at("parameters").get<std::uint64_t>();
    w.traffic.optimizer = cost_kind(config.training->optimizer.kind);
    w.traffic.fp16_readback = config.training->readback == training_readback::fp16;
    const double simulated = summary.at("mean_step_ps").get<double>();
    nlohmann::json report = {{"mode", to_string(*mode)}, {"simulated_step_ps", simulated}};
    try {
        const step_bound b = compute_step_bound(*mode, configured_rates(config), w);
        report["bound"] = b.to_json();
        report["simulated_over_bound"] =
            b.bound == 0 ? 0.0 : simulated / static_cast<double>(b.bound);
    } catch (const std::invalid_argument& e) {
        report["error"] = e.what();
    }
    return report;
}

void print_step_bound(std::ostream& out, const nlohmann::json& report) {
    out << "Step bound (" << report["mode"].get<std::string>() << ", closed form)\n";
    const auto simulated = static_cast<time_ps>(report["simulated_step_ps"].get<double>());
    if (report.contains("error")) {
        out << "  simulated  " << format_time(simulated)
            << "; no bound: " << report["error"].get<std::string>() << "\n\n";
        return;
    }
    const nlohmann::json& b = report["bound"];
    out << "  simulated  " << format_time(simulated) << " = "
        << format_fixed(report["simulated_over_bound"].get<double>(), 3) << " x bound "
        << format_time(b["bound_ps"].get<time_ps>()) << " (bottleneck "
        << b["bottleneck"].get<std::string>() << ")\n  resources  ";
    const char* separator = "";
    for (const auto& [name, t] : b["resources"].items()) {
        out << separator << name << " " << format_time(t["ps"].get<time_ps>());
        separator = "; ";
    }
    out << "\n\n";
}

} // namespace osvp
