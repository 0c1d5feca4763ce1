// optimstore-vp: runs the virtual platform on a configuration and prints a summary.
#include "cli.h"
#include "common/sc_time_util.h"
#include "common/units.h"
#include "compare_runner.h"
#include "controller/fw_core.h"
#include "debug_hooks.h"
#include "iteration_report.h"
#include "run_paths.h"
#include "simulation_run.h"
#include "step_bound_report.h"
#include "summary.h"
#include "termination_signals.h"
#include "trace_config.h"
#include "tracing.h"
#include "vp_top.h"

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>

namespace {

/// Simulated time between checks for a termination signal: at most a few tens of milliseconds of
/// wall time on the paper's drive, a negligible cost per slice.
constexpr osvp::time_ps simulation_slice = 10 * osvp::ps_per_ms;

/// A run-time error raised in a SystemC process: a model's report ("host.driver: ...") or an
/// exception the kernel caught in a process (its message alone), with the process and the
/// simulated time, on one line.
std::string describe_report(const sc_core::sc_report& r) {
    const bool from_kernel = r.get_id() >= 0;
    std::string text =
        from_kernel ? r.get_msg() : std::string(r.get_msg_type()) + ": " + r.get_msg();
    const std::string process = r.get_process_name() ? r.get_process_name() : "";
    text += " (" + (process.empty() ? std::string() : "in " + process + ", ") + "simulated time " +
            osvp::format_time(osvp::to_ps(r.get_time())) + ")";
    return text;
}

/// Firmware log lines one per line on stderr (they carry simulated time, core and level
/// themselves); every other report as SystemC displays it.
void report_handler(const sc_core::sc_report& r, const sc_core::sc_actions& actions) {
    if ((actions & sc_core::SC_DISPLAY) != 0 &&
        std::strcmp(r.get_msg_type(), osvp::fw_core::log_type) == 0) {
        std::cerr << r.get_msg() << '\n';
        sc_core::sc_report_handler::default_handler(r, actions & ~sc_core::SC_DISPLAY);
        return;
    }
    sc_core::sc_report_handler::default_handler(r, actions);
}

} // namespace

int sc_main(int argc, char* argv[]) {
    try {
        auto options = osvp::parse_cli(argc, argv);
        if (!options) {
            return 0;
        }
        if (!options->compare_modes.empty()) {
            return osvp::run_comparison(
                options->tree,
                {options->compare_modes, options->jobs, options->quiet, options->stats_path},
                std::cout);
        }
        const osvp::trace_config trace =
            osvp::trace_config::from(options->tree.root().child("trace"));
        const osvp::platform_config config = osvp::platform_config::from(options->tree);
        if (options->dump_config) {
            std::cout << options->tree.effective().dump(2) << "\n";
            return 0;
        }
        if (config.training) {
            osvp::prepare_training_paths(*config.training);
        }
        std::ofstream stats_file;
        if (!options->stats_path.empty()) {
            stats_file = osvp::open_output(options->stats_path, "--stats");
        }
        // The kernel's "Simulation stopped by user" note (the host's sc_stop at the end of every
        // run) says nothing the summary does not.
        sc_core::sc_report_handler::set_actions("/OSCI/SystemC", sc_core::SC_INFO,
                                                sc_core::SC_DO_NOTHING);
        sc_core::sc_report_handler::set_handler(report_handler);
        osvp::vp_top top(config);
        osvp::tracing tracer(trace, top);
        osvp::install_debug_hooks(&top);
        const osvp::termination_signals signals;
        const auto start = std::chrono::steady_clock::now();
        const int interrupted = osvp::run_simulation(osvp::to_sc(simulation_slice));
        const std::chrono::duration<double> wall = std::chrono::steady_clock::now() - start;
        tracer.close();
        osvp::install_debug_hooks(nullptr);
        nlohmann::json stats = top.stats();
        if (interrupted != 0) {
            stats["interrupted_by_signal"] = interrupted;
        } else {
            if (nlohmann::json bound = osvp::step_bound_report(config, stats); !bound.is_null()) {
                stats["step_bound"] = std::move(bound);
            }
            if (nlohmann::json iteration = osvp::iteration_report(config, stats);
                !iteration.is_null()) {
                stats["iteration"] = std::move(iteration);
            }
        }
        if (stats_file.is_open()) {
            stats_file << stats.dump(2) << "\n";
        }
        if (!options->quiet) {
            osvp::print_summary(std::cout, config, stats, wall.count());
            std::cout << tracer.report();
        }
        if (interrupted != 0) {
            std::cerr << "optimstore-vp: interrupted by signal " << interrupted << " ("
                      << ::strsignal(interrupted) << ") at simulated time "
                      << osvp::format_time(osvp::now_ps())
                      << "; the summary, statistics and traces cover the time simulated so far\n";
            return 128 + interrupted;
        }
        return top.host.training || top.host.offload() ||
                       top.host.block_summary().error_count() == 0
                   ? 0
                   : 1;
    } catch (const osvp::config_error& e) {
        std::cerr << "optimstore-vp: configuration error: " << e.what() << "\n";
        return 2;
    } catch (const sc_core::sc_report& r) {
        std::cerr << "optimstore-vp: error: " << describe_report(r) << "\n";
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "optimstore-vp: error: " << e.what() << "\n";
        return 1;
    }
}

// libsystemc's own main prints the SystemC banner on stderr before it calls sc_main; this one
// turns the banner off (unless SYSTEMC_DISABLE_COPYRIGHT_MESSAGE is already set; --version
// names the SystemC release) and hands over to the kernel as libsystemc's main does.
int main(int argc, char* argv[]) {
    ::setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 0);
    return sc_core::sc_elab_and_sim(argc, argv);
}
