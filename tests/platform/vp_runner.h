// Platform tests' use of the optimstore-vp child process (common/child_process.h): the source
// tree's configurations, and runs that must succeed and yield statistics or a configuration.
#pragma once
#include "common/child_process.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace osvp::platform_test {

using test_util::describe;
using test_util::read_text;
using test_util::run_result;
using test_util::run_vp;
using test_util::scoped_env;
using test_util::scratch_dir;
using test_util::streaming_vp;

/// Path of configs/<name> in the source tree (e.g. "small.json").
std::filesystem::path source_config(const std::string& name);

/// Whether a run printed a SystemC warning or a firmware log line of level warning.
bool reports_warning(const run_result& r);

/// Runs with `args` plus "--quiet --stats FILE" and returns the parsed statistics; the run must
/// exit with 0 (a failed run is reported as a test failure and yields null) and report no
/// SystemC warning (one is a test failure).
nlohmann::json run_vp_stats(std::vector<std::string> args, const scratch_dir& scratch,
                            const std::string& stats_name = "stats.json");

/// The effective configuration of `args` (--dump-config), parsed; the run must exit with 0.
nlohmann::json dump_config(std::vector<std::string> args, const scratch_dir& scratch);

} // namespace osvp::platform_test
