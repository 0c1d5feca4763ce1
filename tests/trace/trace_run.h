// Helpers of the trace tests: a scratch directory per test, running a child process (the
// platform executable or gdb) with its output captured, and reading what the platform wrote.
#pragma once
#include "unit/trace/vcd_reader.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace osvp::trace_test {

/// Exit status and output of a child process; exit_code is -1 when a signal ended it.
struct run_result {
    int exit_code = -1;
    std::string out;
    std::string err;
    std::string command;
};

/// <temp>/osvp_trace_<pid>_<suite>.<test>, created empty; removed unless the test failed.
class scratch_dir {
public:
    scratch_dir();
    ~scratch_dir();
    scratch_dir(const scratch_dir&) = delete;
    scratch_dir& operator=(const scratch_dir&) = delete;

    std::string file(const std::string& name) const { return (m_path / name).string(); }
    /// Writes `text` to file(name) and returns its path.
    std::string write(const std::string& name, const std::string& text) const;

private:
    std::filesystem::path m_path;
};

/// Runs argv[0] (searched in PATH) with stdout and stderr captured in `scratch`.
run_result run(const std::vector<std::string>& argv, const scratch_dir& scratch);
/// Runs the optimstore-vp executable with `args`.
run_result run_vp(const std::vector<std::string>& args, const scratch_dir& scratch);
/// Whole file as text; std::runtime_error naming it if it cannot be read.
std::string read_text(const std::string& path);
/// "command, exit code, stdout, stderr" for failure messages.
std::string describe(const run_result& r);

/// Value changes of one signal (dumpvars included) as (time ps, value) in file order.
std::vector<std::pair<std::uint64_t, std::uint64_t>> changes_of(const trace::test::vcd_file& vcd,
                                                                const std::string& path);

/// One complete event ("X") of a timeline, with its track name "process.thread".
struct span {
    std::string track;
    std::string name;
    std::string category;
    double ts_us = 0;
    double dur_us = 0;
    nlohmann::json args;
};
/// Parses a Chrome trace-event JSON file (std::runtime_error if it is not valid JSON or an event
/// refers to an undeclared process or thread).
std::vector<span> read_timeline(const std::string& path);

/// The configuration of a one-channel, one-die drive with 4 planes of small blocks (64 x 32
/// pages of 8 KiB), all timings at their defaults, plus `extra` top-level keys.
std::string one_die_config(const std::string& extra);
/// Writes the block-mode scenario (a one-page write, then a read of that page, queue depth 1)
/// into `scratch` and returns the config path. Seed 6 makes the mixed workload write first.
std::string block_read_scenario(const scratch_dir& scratch);
/// Writes the optimstore-mode scenario (one Adam step of a 2048-parameter model: one super-page
/// update) into `scratch` and returns the config path.
std::string update_scenario(const scratch_dir& scratch);

} // namespace osvp::trace_test
