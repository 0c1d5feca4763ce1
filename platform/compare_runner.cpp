#include "compare_runner.h"

#include "compare_table.h"
#include "mode_dispatch.h"
#include "platform_config.h"
#include "run_paths.h"
#include "subprocess.h"
#include "termination_signals.h"
#include "trace_config.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <stdexcept>

namespace osvp {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> training_mode_names() {
    std::vector<std::string> names;
    for (platform_mode m : training_modes()) {
        names.emplace_back(to_string(m));
    }
    return names;
}

/// A fresh directory under the temporary directory, removed with its contents on destruction.
class scratch {
public:
    scratch() {
        std::string pattern = (fs::temp_directory_path() / "optimstore-vp-compare-XXXXXX").string();
        if (::mkdtemp(pattern.data()) == nullptr) {
            throw std::runtime_error("cannot create a scratch directory " + pattern);
        }
        m_path = pattern;
    }
    ~scratch() {
        std::error_code ignored;
        fs::remove_all(m_path, ignored);
    }
    scratch(const scratch&) = delete;
    scratch& operator=(const scratch&) = delete;
    fs::path file(const std::string& name) const { return m_path / name; }

private:
    fs::path m_path;
};

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

/// The child's error: its first line that starts with "optimstore-vp:" (main's prefix; a
/// SystemC report continues on "In file:" and "In process:" lines), else its last non-blank line.
std::string error_of(const std::string& stderr_text) {
    std::istringstream lines(stderr_text);
    std::string line;
    std::string last;
    while (std::getline(lines, line)) {
        if (line.rfind("optimstore-vp:", 0) == 0) {
            return line;
        }
        if (line.find_first_not_of(" \t") != std::string::npos) {
            last = line;
        }
    }
    return last;
}

/// One mode to run: its validated configuration, or why it was refused.
struct planned_mode {
    std::string mode;
    nlohmann::json config;
    std::string refusal;
};

planned_mode validate(const config_tree& tree, const std::string& mode) {
    config_tree copy = tree;
    copy.apply_override("mode=\"" + mode + "\"");
    try {
        if (trace_config::from(copy.root().child("trace")).enabled()) {
            throw config_error("trace.vcd, trace.timeline: no trace with --compare (each mode "
                               "runs in its own process); trace one mode with --mode");
        }
        const platform_config config = platform_config::from(copy);
        if (config.training) {
            if (!config.training->output.empty()) {
                throw config_error("training.output: no output directory with --compare (every "
                                   "mode would write the same files); write one mode's output "
                                   "with --mode");
            }
            prepare_training_paths(*config.training);
        }
        return {mode, copy.effective(), {}};
    } catch (const config_error& e) {
        return {mode, {}, e.what()};
    }
}

/// "model gpt2-2.6b, optimizer adam, 1 step" from a validated configuration.
std::string describe_run(const nlohmann::json& config) {
    const nlohmann::json& training = config.at("training");
    const std::string model = training.value("model", std::string());
    const std::uint64_t steps = training.at("steps").get<std::uint64_t>();
    return "model " + (model.empty() ? training.value("model_file", std::string()) : model) +
           ", optimizer " + training.at("optimizer").at("kind").get<std::string>() + ", " +
           std::to_string(steps) + (steps == 1 ? " step" : " steps");
}

/// Reads a finished child's outcome: its statistics when it exited with 0; else refused (exit
/// code 2, a configuration error found at run time) or failed, with its error line.
void collect(mode_run& run, const exit_status& status, const std::string& stem) {
    if (status.code == 0) {
        run.result = mode_run::outcome::ok;
        run.stats = nlohmann::json::parse(read_file(stem + ".stats.json"));
        return;
    }
    run.result = status.code == 2 ? mode_run::outcome::refused : mode_run::outcome::failed;
    const std::string error = error_of(read_file(stem + ".err"));
    run.message = describe(status) + (error.empty() ? "" : ": " + error);
}

void report_progress(std::ostream& out, const mode_run& run) {
    char wall[32];
    std::snprintf(wall, sizeof wall, "%.2f s", run.wall_s);
    out << "  " << run.mode << " done in " << wall << " of wall time"
        << (run.result == mode_run::outcome::ok ? "" : " (" + run.message + ")") << "\n"
        << std::flush;
}

/// Runs the planned modes that were not refused as children of `self`, `jobs` at a time, in
/// `dir`; fills `runs` (one per planned mode) as they end. When `signals` catches a termination
/// signal, stops the children still running and returns the signal (else 0).
int run_children(const termination_signals& signals, const std::vector<planned_mode>& plan,
                 const compare_options& options, const scratch& dir, std::vector<mode_run>& runs,
                 std::ostream& out) {
    struct running {
        std::size_t index;
        std::chrono::steady_clock::time_point start;
    };
    const std::string self = fs::read_symlink("/proc/self/exe").string();
    std::map<pid_t, running> active;
    std::size_t next = 0;
    while (next < plan.size() || !active.empty()) {
        for (; next < plan.size() && active.size() < options.jobs && signals.caught() == 0;
             ++next) {
            if (plan[next].refusal.empty()) {
                const std::string stem = dir.file(plan[next].mode).string();
                std::ofstream(stem + ".config.json") << plan[next].config.dump(2) << "\n";
                const pid_t pid = start_process({self, "--config", stem + ".config.json", "--quiet",
                                                 "--stats", stem + ".stats.json"},
                                                stem + ".out", stem + ".err");
                active.emplace(pid, running{next, std::chrono::steady_clock::now()});
            }
        }
        const auto [pid, status] =
            active.empty() ? std::pair<pid_t, exit_status>{} : wait_any_process();
        if (pid == 0 && signals.caught() != 0) {
            for (const auto& child : active) {
                stop_process(child.first);
            }
            return signals.caught();
        }
        if (pid == 0) {
            continue;
        }
        const running ended = active.at(pid);
        active.erase(pid);
        mode_run& run = runs[ended.index];
        run.wall_s =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - ended.start).count();
        collect(run, status, dir.file(run.mode).string());
        if (!options.quiet) {
            report_progress(out, run);
        }
    }
    return 0;
}

} // namespace

std::string allowed_compare_modes() {
    std::string text = "all";
    for (const std::string& m : training_mode_names()) {
        text += ", " + m;
    }
    return text;
}

std::vector<std::string> parse_compare_modes(const std::string& text) {
    const std::vector<std::string> known = training_mode_names();
    if (text == "all") {
        return known;
    }
    std::vector<std::string> modes;
    std::istringstream items(text);
    std::string item;
    while (std::getline(items, item, ',')) {
        if (std::find(known.begin(), known.end(), item) == known.end()) {
            throw config_error("--compare: '" + item + "' in '" + text +
                               "' is not a training mode; allowed: " + allowed_compare_modes() +
                               " (comma-separated)");
        }
        if (std::find(modes.begin(), modes.end(), item) != modes.end()) {
            throw config_error("--compare: '" + item + "' is listed twice in '" + text + "'");
        }
        modes.push_back(item);
    }
    if (modes.empty()) {
        throw config_error("--compare: no mode given; allowed: " + allowed_compare_modes());
    }
    return modes;
}

int run_comparison(const config_tree& tree, const compare_options& options, std::ostream& out) {
    std::vector<planned_mode> plan;
    for (const std::string& mode : options.modes) {
        plan.push_back(validate(tree, mode));
    }
    bool any_valid = false;
    for (const planned_mode& p : plan) {
        any_valid = any_valid || p.refusal.empty();
    }
    if (!any_valid) {
        throw config_error(plan.front().refusal +
                           (plan.size() > 1 ? " (refused in every mode)" : ""));
    }
    std::ofstream stats_file;
    if (!options.stats_path.empty()) {
        stats_file = open_output(options.stats_path, "--stats");
    }
    const termination_signals signals;
    const scratch dir;
    if (!options.quiet) {
        for (const planned_mode& p : plan) {
            if (p.refusal.empty()) {
                out << "Comparing " << options.modes.size() << " modes, " << options.jobs
                    << " at a time: " << describe_run(p.config) << "\n"
                    << std::flush;
                break;
            }
        }
    }
    std::vector<mode_run> runs(plan.size());
    for (std::size_t i = 0; i < plan.size(); ++i) {
        runs[i].mode = plan[i].mode;
        if (!plan[i].refusal.empty()) {
            runs[i].result = mode_run::outcome::refused;
            runs[i].message = plan[i].refusal;
        }
    }
    if (const int signal = run_children(signals, plan, options, dir, runs, out); signal != 0) {
        if (stats_file.is_open()) {
            stats_file.close();
            std::error_code ignored;
            fs::remove(options.stats_path, ignored);
        }
        std::cerr << "optimstore-vp: --compare interrupted by signal " << signal << " ("
                  << ::strsignal(signal) << "); the runs still going were stopped"
                  << (options.stats_path.empty() ? "" : ", no --stats file written") << "\n";
        return 128 + signal;
    }
    if (!options.quiet) {
        print_comparison(out, runs);
    }
    if (stats_file.is_open()) {
        stats_file << comparison_json(runs).dump(2) << "\n";
    }
    for (const mode_run& r : runs) {
        if (r.result == mode_run::outcome::failed) {
            return 1;
        }
    }
    return 0;
}

} // namespace osvp
