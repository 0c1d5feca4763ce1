#include "compare_table.h"

#include "common/units.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace osvp {
namespace {

/// stats at the dotted `path`; std::runtime_error naming the path when a part is missing.
const nlohmann::json& at(const nlohmann::json& stats, const std::string& path) {
    const nlohmann::json* node = &stats;
    std::size_t begin = 0;
    while (begin <= path.size()) {
        const std::size_t end = std::min(path.find('.', begin), path.size());
        const std::string key = path.substr(begin, end - begin);
        if (!node->is_object() || !node->contains(key)) {
            throw std::runtime_error("statistics lack '" + path + "'");
        }
        node = &(*node)[key];
        begin = end + 1;
    }
    return *node;
}

double mean_step_ps(const nlohmann::json& stats) {
    const nlohmann::json& host = at(stats, "host");
    if (host.contains("training_summary")) {
        return at(host, "training_summary.mean_step_ps").get<double>();
    }
    return at(host, "offload.summary.mean_step_ps").get<double>();
}

std::string format_seconds(double seconds) {
    return format_time(static_cast<time_ps>(std::llround(seconds * 1e12)), 4);
}

/// Joules with the largest of the prefixes "", m, u, n that keeps the value at least 1, four
/// significant digits, e.g. "312.4 mJ".
std::string format_energy(double joules) {
    static const std::pair<const char*, double> prefixes[] = {
        {"J", 1.0}, {"mJ", 1e-3}, {"uJ", 1e-6}, {"nJ", 1e-9}};
    for (const auto& [unit, scale] : prefixes) {
        if (joules >= scale || scale == 1e-9) {
            char text[48];
            std::snprintf(text, sizeof text, "%.4g %s", joules / scale, unit);
            return text;
        }
    }
    return {};
}

std::string ratio(double reference, double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.2fx", reference / value);
    return text;
}

/// Mode, step, speedup, iteration, its speedup, bound, step/bound, bottleneck.
constexpr const char* time_format = "  %-11s %10s %9s %10s %9s %10s %6s %s\n";
/// Mode, energy, SSD, host, saving, PCIe, channels, arrays.
constexpr const char* energy_format = "  %-11s %11s %11s %11s %9s %11s %11s %6s\n";

std::string percent(double share) {
    char text[16];
    std::snprintf(text, sizeof text, "%.0f %%", 100 * share);
    return text;
}

const char* status_name(mode_run::outcome o) {
    switch (o) {
    case mode_run::outcome::ok:
        return "ok";
    case mode_run::outcome::refused:
        return "refused";
    case mode_run::outcome::failed:
        break;
    }
    return "failed";
}

const mode_run* find(const std::vector<mode_run>& runs, const std::string& mode) {
    for (const mode_run& r : runs) {
        if (r.mode == mode) {
            return &r;
        }
    }
    return nullptr;
}

} // namespace

mode_row mode_row::from(const nlohmann::json& stats) {
    mode_row row;
    row.step_s = mean_step_ps(stats) * 1e-12;
    row.iteration_s = at(stats, "iteration.estimate.iteration_ps").get<double>() * 1e-12;
    const nlohmann::json& report = at(stats, "step_bound");
    if (report.contains("bound")) {
        row.bound_s = at(report, "bound.bound_ps").get<double>() * 1e-12;
        row.bottleneck = at(report, "bound.bottleneck").get<std::string>();
    }
    const nlohmann::json& energy = at(stats, "energy.mean_step");
    row.energy_J = at(energy, "total_J").get<double>();
    row.ssd_J = at(energy, "ssd_J").get<double>();
    row.host_J = at(energy, "host_J").get<double>();
    double dies = 0;
    for (const nlohmann::json& channel : at(stats, "ssd.channels")) {
        dies += static_cast<double>(at(channel, "dies").size());
    }
    const nlohmann::json& steps = at(stats, "energy.steps");
    for (const nlohmann::json& step : steps) {
        row.pcie_bytes += at(step, "activity.pcie_bytes_to_device").get<double>() +
                          at(step, "activity.pcie_bytes_to_host").get<double>();
        row.channel_bytes += at(step, "activity.transfer_bytes").get<double>();
        const double elapsed = at(step, "activity.elapsed_ps").get<double>();
        if (dies > 0 && elapsed > 0) {
            row.array_busy += at(step, "activity.array_busy_ps").get<double>() / (dies * elapsed);
        }
    }
    if (!steps.empty()) {
        const double n = static_cast<double>(steps.size());
        row.pcie_bytes /= n;
        row.channel_bytes /= n;
        row.array_busy /= n;
    }
    return row;
}

std::string reference_mode(const std::vector<mode_run>& runs) {
    const mode_run* baseline = find(runs, "baseline");
    if (baseline != nullptr && baseline->result == mode_run::outcome::ok) {
        return "baseline";
    }
    for (const mode_run& r : runs) {
        if (r.result == mode_run::outcome::ok) {
            return r.mode;
        }
    }
    return {};
}

void print_comparison(std::ostream& out, const std::vector<mode_run>& runs) {
    const std::string reference = reference_mode(runs);
    const mode_row ref =
        reference.empty() ? mode_row{} : mode_row::from(find(runs, reference)->stats);
    std::vector<std::pair<const mode_run*, mode_row>> rows; ///< the modes that ran, in order
    char line[320];
    out << "Training modes compared (speedups and energy saving: "
        << (reference.empty() ? "no mode ran" : reference + " over the mode") << ")\n"
        << "  time per optimizer step, and per iteration estimated with the GPU model\n";
    std::snprintf(line, sizeof line, time_format, "mode", "step", "speedup", "iteration", "speedup",
                  "bound", "/bound", "bottleneck");
    out << line;
    for (const mode_run& r : runs) {
        if (r.result != mode_run::outcome::ok) {
            out << "  " << r.mode << std::string(r.mode.size() < 11 ? 11 - r.mode.size() : 0, ' ')
                << " " << status_name(r.result) << ": " << r.message << "\n";
            continue;
        }
        const mode_row& row = rows.emplace_back(&r, mode_row::from(r.stats)).second;
        const bool bounded = !row.bottleneck.empty();
        std::snprintf(line, sizeof line, time_format, r.mode.c_str(),
                      format_seconds(row.step_s).c_str(), ratio(ref.step_s, row.step_s).c_str(),
                      format_seconds(row.iteration_s).c_str(),
                      ratio(ref.iteration_s, row.iteration_s).c_str(),
                      bounded ? format_seconds(row.bound_s).c_str() : "-",
                      bounded ? ratio(row.step_s, row.bound_s).c_str() : "-",
                      bounded ? row.bottleneck.c_str() : "-");
        out << line;
    }
    out << "  energy and traffic per optimizer step\n";
    std::snprintf(line, sizeof line, energy_format, "mode", "energy", "SSD", "host", "saving",
                  "PCIe", "channels", "arrays");
    out << line;
    for (const auto& [r, row] : rows) {
        std::snprintf(line, sizeof line, energy_format, r->mode.c_str(),
                      format_energy(row.energy_J).c_str(), format_energy(row.ssd_J).c_str(),
                      format_energy(row.host_J).c_str(), ratio(ref.energy_J, row.energy_J).c_str(),
                      format_size(static_cast<std::uint64_t>(row.pcie_bytes), 4).c_str(),
                      format_size(static_cast<std::uint64_t>(row.channel_bytes), 4).c_str(),
                      percent(row.array_busy).c_str());
        out << line;
    }
}

nlohmann::json comparison_json(const std::vector<mode_run>& runs) {
    const std::string reference = reference_mode(runs);
    const mode_row ref =
        reference.empty() ? mode_row{} : mode_row::from(find(runs, reference)->stats);
    nlohmann::json modes = nlohmann::json::array();
    for (const mode_run& r : runs) {
        nlohmann::json m = {
            {"mode", r.mode}, {"status", status_name(r.result)}, {"wall_s", r.wall_s}};
        if (r.result != mode_run::outcome::ok) {
            m["message"] = r.message;
        } else {
            const mode_row row = mode_row::from(r.stats);
            m.update({{"step_s", row.step_s},
                      {"iteration_s", row.iteration_s},
                      {"bound_s", row.bound_s},
                      {"bottleneck", row.bottleneck},
                      {"energy_J", row.energy_J},
                      {"ssd_J", row.ssd_J},
                      {"host_J", row.host_J},
                      {"pcie_bytes", row.pcie_bytes},
                      {"channel_bytes", row.channel_bytes},
                      {"array_busy", row.array_busy},
                      {"speedup", ref.step_s / row.step_s},
                      {"iteration_speedup", ref.iteration_s / row.iteration_s},
                      {"energy_ratio", ref.energy_J / row.energy_J},
                      {"stats", r.stats}});
        }
        modes.push_back(std::move(m));
    }
    return {{"reference", reference}, {"modes", std::move(modes)}};
}

} // namespace osvp
