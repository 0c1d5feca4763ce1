// End-of-run summary of the NVMe host driver's workload: command counts, error statuses,
// verification results, throughput, IOPS and latency statistics.
#pragma once
#include "host/latency_stats.h"

#include "common/sim_time.h"
#include "hal/nvme_spec.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <string>

namespace osvp {

/// Filled by nvme_driver::run_workload and replay_driver. A command's latency runs from its
/// hand-over to the storage stack (replay mode with trace timing: its arrival in the trace) to
/// the driver seeing its completion entry.
struct run_summary {
    std::uint64_t commands = 0;
    std::uint64_t reads = 0;
    std::uint64_t writes = 0;
    /// Data bytes of successfully completed commands.
    std::uint64_t bytes = 0;
    /// Commands that completed with an error status, per status "sct=S sc=0xC".
    std::map<std::string, std::uint64_t> errors;
    /// Verify mode: reads compared, reads of never (successfully) written slots, and reads
    /// whose data differed from the last write.
    std::uint64_t verified_reads = 0;
    std::uint64_t unverified_reads = 0;
    std::uint64_t mismatched_reads = 0;
    /// First hand-over and last completion seen, ps.
    time_ps first_submission = 0;
    time_ps last_completion = 0;
    latency_stats latency;
    latency_stats read_latency;
    latency_stats write_latency;

    /// Counts a command that completed at `completed` after `latency`: its bytes when `status`
    /// is success, else the status under errors.
    void record(bool read, const nvme::status& status, std::uint64_t bytes, time_ps latency,
                time_ps completed);
    std::uint64_t error_count() const;
    /// bytes / (last_completion - first_submission) in B/s; 0 before any completion.
    double throughput() const;
    /// Completed commands per second over the same interval; 0 before any completion.
    double iops() const;
    nlohmann::json to_json() const;
};

} // namespace osvp
