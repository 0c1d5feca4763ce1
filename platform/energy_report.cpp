#include "energy_report.h"

#include "common/units.h"
#include "energy/energy_model.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

namespace osvp {
namespace {

std::uint64_t count(const nlohmann::json& node, const char* key) {
    return node.at(key).get<std::uint64_t>();
}

/// Joules with an SI prefix, three significant decimals.
std::string joules(double value) {
    static const char* const prefixes[] = {"", "m", "u", "n", "p"};
    double scaled = value;
    unsigned i = 0;
    while (i + 1 < sizeof prefixes / sizeof *prefixes && scaled != 0.0 && std::fabs(scaled) < 1) {
        scaled *= 1e3;
        ++i;
    }
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.3f %sJ", scaled, prefixes[i]);
    return buffer;
}

nlohmann::json priced(const energy_model& model, const energy_activity& activity) {
    return {{"activity", activity.to_json()}, {"breakdown", model.evaluate(activity).to_json()}};
}

void print_breakdown(std::ostream& out, const nlohmann::json& e, const std::string& indent) {
    auto j = [&e](const char* key) { return joules(e.at(key).get<double>()); };
    out << indent << "total      " << j("total_J") << " = SSD " << j("ssd_J") << " + PCIe "
        << j("pcie_J") << " + host CPU " << j("host_J") << "\n";
    out << indent << "NAND       array " << j("nand_array_J") << ", transfer "
        << j("nand_transfer_J") << ", idle " << j("nand_idle_J") << ", channel I/O "
        << j("channel_io_J") << ", PEs " << j("pe_J") << "\n";
    out << indent << "controller cores active " << j("core_active_J") << ", idle "
        << j("core_idle_J") << "; DRAM background " << j("dram_background_J") << ", access "
        << j("dram_access_J") << "\n";
    out << indent << "host CPU   active " << j("host_cpu_active_J") << ", idle "
        << j("host_cpu_idle_J") << "\n";
}

} // namespace

energy_activity read_activity(const nlohmann::json& stats) {
    energy_activity a;
    a.elapsed = stats.at("simulated_ps").get<time_ps>();
    const nlohmann::json& ssd = stats.at("ssd");
    for (const auto& channel : ssd.at("channels")) {
        for (const auto& die : channel.at("dies")) {
            die_energy_activity d;
            d.array_busy =
                die.at("array_busy_ps").get<time_ps>() + die.at("copy_busy_ps").get<time_ps>();
            d.transfer_bytes = count(die, "bytes_in") + count(die, "bytes_out");
            d.pe_busy = die.at("pe_busy_ps").get<std::vector<time_ps>>();
            a.dies.push_back(d);
        }
    }
    for (const auto& core : ssd.at("cores")) {
        a.core_busy.push_back(core.at("busy_ps").get<time_ps>());
    }
    if (ssd.contains("isp")) {
        a.core_busy.push_back(ssd["isp"].at("compute_busy_ps").get<time_ps>());
    }
    a.dram_read_bytes = count(ssd.at("dram"), "bytes_read");
    a.dram_write_bytes = count(ssd.at("dram"), "bytes_written");
    a.pcie_bytes_to_device = count(stats.at("link").at("downstream"), "wire_bytes");
    a.pcie_bytes_to_host = count(stats.at("link").at("upstream"), "wire_bytes");
    const nlohmann::json& host = stats.at("host");
    a.host_cpu_busy = host.contains("cpu_busy_ps") ? host["cpu_busy_ps"].get<time_ps>() : 0;
    return a;
}

nlohmann::json energy_stats(const platform_config& config, const nlohmann::json& stats,
                            const std::vector<step_activity>& steps) {
    const energy_model model(config.energy, config.host_cpu, config.ssd.flash.transfer_rate);
    nlohmann::json out = {{"run", priced(model, read_activity(stats))},
                          {"steps", nlohmann::json::array()}};
    nlohmann::json mean = nlohmann::json::object();
    const auto ended = static_cast<std::size_t>(
        std::count_if(steps.begin(), steps.end(), [](const step_activity& s) { return s.ended; }));
    for (const step_activity& s : steps) {
        if (!s.ended) {
            continue;
        }
        nlohmann::json step = priced(model, s.end.since(s.start));
        for (const auto& [key, value] : step["breakdown"].items()) {
            mean[key] = mean.value(key, 0.0) + value.get<double>() / ended;
        }
        step["step"] = s.step;
        out["steps"].push_back(step);
    }
    if (ended != 0) {
        out["mean_step"] = mean;
    }
    return out;
}

void print_energy(std::ostream& out, const nlohmann::json& stats) {
    const nlohmann::json& energy = stats.at("energy");
    const nlohmann::json& run = energy.at("run");
    out << "\nEnergy (whole run, "
        << format_time(run.at("activity").at("elapsed_ps").get<time_ps>()) << ")\n";
    print_breakdown(out, run.at("breakdown"), "  ");
    if (energy.contains("mean_step")) {
        out << "  per optimizer step (mean of " << energy.at("steps").size() << ")\n";
        print_breakdown(out, energy.at("mean_step"), "    ");
    }
}

} // namespace osvp
