// Command line of optimstore-vp: a configuration file, --set overrides, shortcuts for common
// workload keys, and output options. Bad options are errors naming the option.
#pragma once
#include "common/config.h"

#include <optional>
#include <string>
#include <vector>

namespace osvp {

struct cli_options {
    config_tree tree;
    bool dump_config = false;
    std::string stats_path;
    bool quiet = false;
    /// --compare: the training modes to run and compare (empty: run the configured mode).
    std::vector<std::string> compare_modes;
    /// --jobs: comparison runs at a time.
    unsigned jobs = 1;
};

/// Parses argv. Returns nothing when --help or --version was given (printed); throws config_error
/// for a bad option, a missing file or a malformed override.
std::optional<cli_options> parse_cli(int argc, const char* const* argv);

} // namespace osvp
