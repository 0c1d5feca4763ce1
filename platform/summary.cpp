#include "summary.h"

#include "common/units.h"
#include "energy_report.h"
#include "flash/die_breakdown.h"
#include "iteration_report.h"
#include "offload_summary.h"
#include "step_bound_report.h"
#include "throughput_bound.h"

#include <algorithm>
#include <string>

namespace osvp {
namespace {

std::string gbps(double bytes_per_second) {
    return format_fixed(bytes_per_second / 1e9, 3) + " GB/s";
}

std::string percent(double fraction) {
    return format_fixed(100.0 * fraction, 1) + " %";
}

time_ps ps(const nlohmann::json& value) {
    return value.get<time_ps>();
}

/// "mean M, p50 A, p99 B, p99.9 C, max D" of a latency_stats JSON that has samples.
std::string latency_figures(const nlohmann::json& lat) {
    return "mean " + format_time(static_cast<time_ps>(lat["mean_ps"].get<double>())) + ", p50 " +
           format_time(ps(lat["p50_ps"])) + ", p99 " + format_time(ps(lat["p99_ps"])) + ", p99.9 " +
           format_time(ps(lat["p999_ps"])) + ", max " + format_time(ps(lat["max_ps"]));
}

/// Flash page operations: plane pages read or programmed (the benchmark's measure,
/// scripts/bench.sh).
std::uint64_t page_operations(const nlohmann::json& stats) {
    std::uint64_t pages = 0;
    for (const auto& ch : stats["ssd"]["channels"]) {
        for (const auto& die : ch["dies"]) {
            pages += die["plane_reads"].get<std::uint64_t>() +
                     die["plane_programs"].get<std::uint64_t>();
        }
    }
    return pages;
}

void print_flash(std::ostream& out, const nlohmann::json& stats, double elapsed) {
    const nlohmann::json& ssd = stats["ssd"];
    std::uint64_t reads = 0, programs = 0, erases = 0, plane_reads = 0, plane_programs = 0;
    std::uint64_t odc_commands = 0;
    time_ps pe_busy = 0;
    unsigned planes = 0;
    double die_min = 1, die_max = 0, die_sum = 0;
    std::string channel_line;
    unsigned dies = 0;
    for (const auto& ch : ssd["channels"]) {
        channel_line += " " + format_fixed(100.0 * ps(ch["busy_ps"]) / elapsed, 0) + "%";
        for (const auto& die : ch["dies"]) {
            reads += die["reads"].get<std::uint64_t>();
            programs += die["programs"].get<std::uint64_t>();
            erases += die["erases"].get<std::uint64_t>();
            plane_reads += die["plane_reads"].get<std::uint64_t>();
            plane_programs += die["plane_programs"].get<std::uint64_t>();
            odc_commands += die["odc_commands"].get<std::uint64_t>();
            for (const auto& busy : die["pe_busy_ps"]) {
                pe_busy += ps(busy);
                ++planes;
            }
            const double u = static_cast<double>(ps(die["array_busy_ps"]) +
                                                 ps(die["copy_busy_ps"]) + ps(die["odc_busy_ps"])) /
                             elapsed;
            die_min = std::min(die_min, u);
            die_max = std::max(die_max, u);
            die_sum += u;
            ++dies;
        }
    }
    out << "Flash\n";
    out << "  operations reads " << reads << " (" << plane_reads << " plane pages), programs "
        << programs << " (" << plane_programs << " plane pages), erases " << erases
        << ", on-die compute commands " << odc_commands << "\n";
    out << "  channels   busy" << channel_line << "\n";
    out << "  dies       busy min " << percent(die_min) << ", mean "
        << percent(dies == 0 ? 0 : die_sum / dies) << ", max " << percent(die_max) << "\n";
    out << "  PEs        busy mean " << percent(planes == 0 ? 0 : pe_busy / elapsed / planes)
        << " over " << planes << " plane PEs\n";
    const nlohmann::json& link = stats["link"];
    out << "  PCIe       host->device busy "
        << percent(link["downstream"]["utilisation"].get<double>()) << ", device->host busy "
        << percent(link["upstream"]["utilisation"].get<double>()) << "\n\n";

    out << "Firmware\n  cores busy";
    for (const auto& core : ssd["cores"]) {
        out << " " << percent(ps(core["busy_ps"]) / elapsed);
    }
    const nlohmann::json& ftl = ssd["ftl"];
    out << "\n  FTL        host pages " << ftl["host_pages_written"] << ", GC runs "
        << ftl["gc_runs"] << ", GC moves " << ftl["gc_pages_moved"] << ", erases " << ftl["erases"]
        << ", write amplification " << format_fixed(ftl["write_amplification"].get<double>(), 3)
        << ", super-page updates " << ftl["super_page_updates"] << "\n";
    if (const auto unwritten = ftl["unwritten_page_reads"].get<std::uint64_t>(); unwritten > 0) {
        out << "  unwritten  " << unwritten
            << " page reads found nothing written and returned zeros without flash access "
               "(workload.precondition=true in block mode, replay.precondition=true in replay "
               "mode write them first)\n";
    }
}

/// What block and replay mode share: commands, verification, throughput and latency.
void print_block_io(std::ostream& out, const nlohmann::json& run) {
    std::uint64_t errors = 0;
    for (const auto& [status, count] : run["errors"].items()) {
        errors += count.get<std::uint64_t>();
    }
    out << "  commands   " << run["commands"] << " (" << run["writes"] << " writes, "
        << run["reads"] << " reads), errors " << errors << "\n";
    if (run["verified_reads"].get<std::uint64_t>() + run["mismatched_reads"].get<std::uint64_t>() >
        0) {
        out << "  verified   " << run["verified_reads"] << " reads, " << run["mismatched_reads"]
            << " mismatched\n";
    }
    out << "  throughput " << gbps(run["throughput_bytes_per_s"].get<double>()) << ", "
        << format_fixed(run["iops"].get<double>(), 0) << " IOPS\n";
    const nlohmann::json& lat = run["latency"];
    if (lat["count"].get<std::uint64_t>() > 0) {
        out << "  latency    " << latency_figures(lat) << "\n";
    }
}

void print_workload(std::ostream& out, const platform_config& config, const nlohmann::json& run) {
    const workload_config& w = config.workload;
    out << "Host workload: " << w.pattern << " " << w.op << ", " << format_size(w.request_bytes)
        << " requests, queue depth " << w.queue_depth << "\n";
    print_block_io(out, run);
    const throughput_bound bound = block_io_bound(config, w.op == "write");
    out << "  bound      " << gbps(bound.bound()) << " (" << bound.bottleneck() << "; link "
        << gbps(bound.link) << ", channels " << gbps(bound.channels) << ", arrays "
        << gbps(bound.arrays) << ", DRAM " << gbps(bound.dram) << ")\n\n";
}

void print_replay(std::ostream& out, const platform_config& config, const nlohmann::json& run,
                  const nlohmann::json& replay) {
    const replay_config& r = config.replay;
    const trace_summary& t = *config.replay_trace;
    out << "Host workload: replay of " << r.file << " (MSR Cambridge CSV), " << t.requests
        << " requests in " << t.commands << " commands, "
        << (r.timing == "arrival" ? "at the trace's arrival times" : "closed loop (times ignored)");
    if (r.timing == "arrival" && r.time_scale != 1.0) {
        out << " scaled by " << r.time_scale;
    }
    out << ", queue depth " << r.queue_depth << "\n";
    out << "  trace      " << format_time(t.span) << " from first to last arrival, reads "
        << format_size(t.read_bytes) << ", writes " << format_size(t.write_bytes) << "\n";
    if (r.precondition) {
        out << "  before     " << replay["preconditioned_lbas"]
            << " LBAs the trace reads were written (replay.precondition), not counted\n";
    }
    print_block_io(out, run);
    const nlohmann::json& wait = replay["slot_wait"];
    if (wait["count"].get<std::uint64_t>() > 0) {
        out << "  slot wait  " << wait["count"] << " commands arrived with the queue full, waited "
            << latency_figures(wait) << "\n";
    }
    out << "\n";
}

void print_training(std::ostream& out, platform_mode mode, const nlohmann::json& training) {
    const nlohmann::json& sum = training["summary"];
    out << "Optimizer steps (" << describe(mode) << "): " << sum["model"].get<std::string>() << ", "
        << sum["parameters"] << " parameters, " << sum["steps"] << " step(s), "
        << sum["data"].get<std::string>() << " data, " << sum["readback"].get<std::string>()
        << " read-back\n";
    if (sum["steps"].get<std::uint64_t>() == 0) {
        out << "  no step completed\n";
        return;
    }
    const auto mean_of = [&sum](const char* key) {
        return static_cast<time_ps>(sum[key].get<double>());
    };
    const time_ps step = mean_of("mean_step_ps");
    const time_ps command = mean_of("mean_step_command_ps");
    const time_ps readback = mean_of("mean_readback_phase_ps");
    const bool gradients_in_step = sum["gradients_in_step"].get<bool>();
    out << "  step       mean " << format_time(step) << " = step command " << format_time(command);
    if (gradients_in_step) {
        out << " + gradient transfer and update " << format_time(step - command - readback);
    } else {
        out << " (runs the update)";
    }
    out << " + weight read-back " << format_time(readback) << "\n";
    if (!gradients_in_step) {
        out << "             gradient writes before each step (in backward) "
            << format_time(mean_of("mean_gradient_phase_ps")) << ", not in the step\n";
    }
    out << "  rate       " << format_fixed(sum["parameters_per_second"].get<double>() / 1e9, 3)
        << " G parameters/s\n";
    for (const auto& step_stats : training["steps"]) {
        out << "  step " << step_stats["step"] << "     "
            << format_time(ps(step_stats["duration_ps"])) << " (step command "
            << format_time(ps(step_stats["step_begin_ps"])) << ", gradients "
            << format_time(ps(step_stats["gradients"]["duration_ps"])) << ", read-back "
            << format_time(ps(step_stats["readback"]["duration_ps"])) << ")\n";
    }
}

// Per-super-page update latency and where the dies' time went (sums over all dies, and shares
// of dies x simulated time), after the step's phases.
void print_update_breakdown(std::ostream& out, const nlohmann::json& stats, double elapsed) {
    const nlohmann::json& lat = stats["ssd"]["update_latency"];
    if (lat["count"].get<std::uint64_t>() == 0) {
        out << "\n";
        return;
    }
    out << "  super-page update latency " << latency_figures(lat) << " over " << lat["count"]
        << " updates\n";
    die_breakdown sum;
    unsigned dies = 0;
    for (const auto& ch : stats["ssd"]["channels"]) {
        for (const auto& die : ch["dies"]) {
            sum += die_breakdown::from_json(die["breakdown"]);
            ++dies;
        }
    }
    const double die_time = elapsed * dies;
    const auto item = [&](const char* name, time_ps t) {
        out << "    " << name << format_time(t) << " (" << percent(t / die_time) << ")\n";
    };
    out << "  die time   summed over " << dies << " dies (share of dies x simulated time)\n";
    item("gradient transfer (VPP data in) ", sum.gradient_in);
    item("array read                      ", sum.array_read);
    item("register copies                 ", sum.register_copy);
    item("PE compute                      ", sum.pe_compute);
    item("array program                   ", sum.array_program);
    item("erase                           ", sum.erase);
    item("read-back (data out)            ", sum.data_out);
    out << "\n";
}

} // namespace

void print_summary(std::ostream& out, const platform_config& config, const nlohmann::json& stats,
                   double wall_seconds) {
    const flash_config& f = config.ssd.flash;
    out << "OptimStore-VP (" << (f.functional ? "functional" : "timing-only") << " flash)\n";
    out << "Drive: " << f.channels << " channels x " << f.dies_per_channel() << " dies x "
        << f.planes_per_die << " planes, " << format_size(f.page_bytes) << " pages, "
        << format_size(f.capacity_bytes()) << " raw; PCIe Gen" << config.pcie.generation << " x"
        << config.pcie.lanes << "; " << config.ssd.controller.cores << " firmware cores\n";
    out << "Simulated " << format_time(ps(stats["simulated_ps"])) << " in "
        << format_fixed(wall_seconds, 2) << " s wall";
    if (wall_seconds > 0) {
        out << ", "
            << format_fixed(static_cast<double>(page_operations(stats)) / wall_seconds / 1e6, 2)
            << " M flash page operations per wall second";
    }
    if (stats.contains("interrupted_by_signal")) {
        out << " (interrupted by signal " << stats["interrupted_by_signal"]
            << "; everything below covers the time simulated so far)";
    }
    out << "\n\n";
    const nlohmann::json& host = stats["host"];
    if (host.contains("training")) {
        print_training(out, config.mode, host["training"]);
        print_update_breakdown(out, stats, static_cast<double>(ps(stats["simulated_ps"])));
    } else if (host.contains("offload")) {
        print_offload(out, config.mode, host["offload"]);
    } else if (host.contains("replay")) {
        print_replay(out, config, host["workload"], host["replay"]);
    } else {
        print_workload(out, config, host["workload"]);
    }
    if (stats.contains("step_bound")) {
        print_step_bound(out, stats["step_bound"]);
    }
    if (stats.contains("iteration")) {
        print_iteration(out, stats["iteration"]);
    }
    print_flash(out, stats, static_cast<double>(ps(stats["simulated_ps"])));
    print_energy(out, stats);
}

} // namespace osvp
