// Helpers of the trace tests: the scenarios they run on the platform executable (or gdb on it,
// through common/child_process.h) and reading the VCD and timeline the platform wrote.
#pragma once
#include "common/child_process.h"
#include "unit/trace/vcd_reader.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace osvp::trace_test {

using test_util::describe;
using test_util::read_text;
using test_util::run;
using test_util::run_result;
using test_util::run_vp;
using test_util::scratch_dir;

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
    bool instant = false; ///< an instant event (ph "i", dur_us 0) rather than a span (ph "X")
};
/// Parses the spans and instants of a Chrome trace-event JSON file (std::runtime_error if it is
/// not valid JSON or an event refers to an undeclared process or thread).
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
