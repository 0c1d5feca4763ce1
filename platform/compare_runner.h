// optimstore-vp --compare: one configuration run in several training modes and compared in one
// table (compare_table.h). SystemC allows one elaboration per process, so each mode runs as a
// child optimstore-vp (this executable, --jobs at a time) on the configuration this process
// validated for that mode, written to a scratch directory that is removed afterwards.
#pragma once
#include "common/config.h"

#include <ostream>
#include <string>
#include <vector>

namespace osvp {

struct compare_options {
    /// Training modes in the order given.
    std::vector<std::string> modes;
    /// Runs at a time (at least 1).
    unsigned jobs = 1;
    bool quiet = false;
    /// Where to write comparison_json ("" = nowhere).
    std::string stats_path;
};

/// "all" (every training mode: optimstore, baseline, cisp, deepstore, cpu) or a comma-separated
/// list of training modes. An unknown or repeated name, block, or an empty list is a config_error
/// naming
/// --compare, the value and the allowed names.
std::vector<std::string> parse_compare_modes(const std::string& text);
/// What --compare accepts: "all, optimstore, baseline, cisp, deepstore, cpu".
std::string allowed_compare_modes();

/// Validates `tree` in each mode (a mode whose configuration is refused, e.g. cpu mode for a
/// model larger than host memory, is reported as refused; a config_error when every mode is,
/// or when a trace file is requested), runs the modes, prints the table to `out` (progress as
/// each run ends) unless quiet, and writes the JSON. Returns 0 when every mode ran or was
/// refused, 1 when a run failed. SIGINT, SIGTERM or SIGHUP stops the runs and removes the scratch
/// directory; the return is then 128 + the signal's number (the shell's code for it).
int run_comparison(const config_tree& tree, const compare_options& options, std::ostream& out);

} // namespace osvp
