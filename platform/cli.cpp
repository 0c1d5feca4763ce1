#include "cli.h"

#include "compare_runner.h"
#include "host/train/model_file.h"
#include "mode_dispatch.h"

#include <boost/program_options.hpp>
#include <systemc>

#include <algorithm>
#include <iostream>
#include <thread>
#include <vector>

namespace osvp {

namespace po = boost::program_options;

namespace {

unsigned parse_jobs(const std::string& text) {
    constexpr unsigned most = 64;
    std::size_t used = 0;
    unsigned long value = 0;
    try {
        value = std::stoul(text, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used == 0 || used != text.size() || text[0] == '-' || value < 1 || value > most) {
        throw config_error("--jobs: '" + text + "' is not a whole number from 1 to " +
                           std::to_string(most));
    }
    return static_cast<unsigned>(value);
}

/// An option that stands for --set key=value, listed under `group` in --help.
struct shortcut {
    po::options_description& group;
    const char* option;
    const char* key;
    std::string help;
};

/// The built-in models (configs/models), comma separated, for --help.
std::string builtin_models() {
    std::string text;
    try {
        for (const std::string& name : train::list_models(OSVP_MODELS_DIR)) {
            text += (text.empty() ? "" : ", ") + name;
        }
    } catch (const train::model_error&) {
        text = "none found in " OSVP_MODELS_DIR;
    }
    return text;
}

} // namespace

std::optional<cli_options> parse_cli(int argc, const char* const* argv) {
    po::options_description general("Options");
    general.add_options()("help,h", "print this help")(
        "version", "print the version of optimstore-vp and of SystemC")(
        "config,c", po::value<std::string>(), "JSON configuration file (default: built in)")(
        "set,s", po::value<std::vector<std::string>>()->composing(),
        "override one key, e.g. --set flash.t_read=\"30 us\" (repeatable)")(
        "dump-config", "print the effective configuration as JSON and exit")(
        "stats", po::value<std::string>(),
        "write all statistics as JSON to this file")("quiet,q", "print no summary")(
        "compare", po::value<std::string>(),
        ("run the configuration in each of these training modes and compare them, comma "
         "separated: " +
         allowed_compare_modes())
            .c_str())("jobs,j", po::value<std::string>(),
                      "with --compare: runs at a time (default: the number of cores)");
    std::string modes;
    for (const std::string& name : mode_names()) {
        modes += (modes.empty() ? "" : ", ") + name;
    }
    po::options_description shortcuts("Shortcuts (each is a --set of the key in brackets)");
    po::options_description tracing(
        "Tracing and debugging (each is a --set of the key in brackets)");
    const std::vector<shortcut> mapped = {
        {shortcuts, "mode", "mode", modes},
        {shortcuts, "model", "training.model", "built-in model: " + builtin_models()},
        {shortcuts, "optimizer", "training.optimizer.kind",
         "adam, adamw, sgd_momentum, adagrad or rmsprop"},
        {shortcuts, "steps", "training.steps", "optimizer steps"},
        {shortcuts, "op", "workload.op", "read, write or mixed"},
        {shortcuts, "pattern", "workload.pattern", "sequential or random"},
        {shortcuts, "request-size", "workload.request_size", "bytes per command, e.g. \"128 KiB\""},
        {shortcuts, "queue-depth", "workload.queue_depth", "commands in flight"},
        {shortcuts, "total-bytes", "workload.total_bytes", "bytes to transfer, e.g. \"1 GiB\""},
        {shortcuts, "seed", "workload.seed", "workload seed"},
        {shortcuts, "replay", "replay.file", "block I/O trace (MSR Cambridge CSV) for replay mode"},
        {shortcuts, "storage", "flash.storage", "functional or timing"},
        {tracing, "vcd", "trace.vcd", "write a VCD waveform (GTKWave) to this file"},
        {tracing, "timeline", "trace.timeline",
         "write a Chrome/Perfetto trace-event JSON timeline to this file"},
        {tracing, "trace-scope", "trace.scope",
         "hierarchical-name patterns to trace, e.g. 'ssd.ch0.*,link.*'"},
        {tracing, "trace-window", "trace.window",
         "simulated time to trace, START:END, e.g. 10ms:12ms"},
        {tracing, "fw-log", "firmware.log_level",
         "firmware log level: error, warning, info or debug"}};
    for (const shortcut& s : mapped) {
        s.group.add_options()(s.option, po::value<std::string>(),
                              (s.help + " [" + s.key + "]").c_str());
    }
    po::options_description all;
    all.add(general).add(shortcuts).add(tracing);

    po::variables_map vm;
    try {
        po::store(po::command_line_parser(argc, argv).options(all).run(), vm);
        po::notify(vm);
    } catch (const po::error& e) {
        throw config_error(std::string("command line: ") + e.what() + " (see --help)");
    }
    if (vm.count("help") != 0) {
        std::cout << "Usage: optimstore-vp [options]\n"
                  << "Runs the OptimStore virtual platform and prints a summary.\n\n"
                  << all << "\n";
        return std::nullopt;
    }
    if (vm.count("version") != 0) {
        std::cout << "optimstore-vp " << OSVP_VERSION << " (SystemC " << sc_core::sc_release()
                  << ")\n";
        return std::nullopt;
    }
    cli_options options;
    if (vm.count("config") != 0) {
        options.tree = config_tree::from_file(vm["config"].as<std::string>());
    }
    for (const shortcut& s : mapped) {
        if (vm.count(s.option) != 0) {
            options.tree.apply_override(std::string(s.key) + "=" + vm[s.option].as<std::string>());
        }
    }
    if (vm.count("set") != 0) {
        for (const auto& assignment : vm["set"].as<std::vector<std::string>>()) {
            options.tree.apply_override(assignment);
        }
    }
    options.dump_config = vm.count("dump-config") != 0;
    if (vm.count("compare") != 0) {
        if (vm.count("mode") != 0 || options.dump_config) {
            throw config_error(std::string("command line: --compare runs several modes; it does "
                                           "not go with --") +
                               (options.dump_config ? "dump-config" : "mode"));
        }
        options.compare_modes = parse_compare_modes(vm["compare"].as<std::string>());
        options.jobs = std::clamp<unsigned>(std::thread::hardware_concurrency(), 1,
                                            static_cast<unsigned>(options.compare_modes.size()));
    }
    if (vm.count("jobs") != 0) {
        if (options.compare_modes.empty()) {
            throw config_error("command line: --jobs goes with --compare");
        }
        options.jobs = parse_jobs(vm["jobs"].as<std::string>());
    }
    options.quiet = vm.count("quiet") != 0;
    if (vm.count("stats") != 0) {
        options.stats_path = vm["stats"].as<std::string>();
    }
    return options;
}

} // namespace osvp
