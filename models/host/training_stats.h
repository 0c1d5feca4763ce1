// Statistics of the in-storage training run as the host sees it: per optimizer step the time of
// Set Features C2h, the gradient-transfer phase (first G write handed over to last completion)
// and the W read-back phase, with bytes and commands; a summary over all steps. Times in ps.
#pragma once
#include "common/sim_time.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace osvp {

/// One stream of I/O commands (all of one direction). Bounded size: aggregates only.
struct transfer_phase {
    time_ps start = 0;
    time_ps end = 0;
    std::uint64_t commands = 0;
    std::uint64_t bytes = 0;
    time_ps latency_sum = 0;
    time_ps latency_max = 0;

    /// Accounts one completed command of `bytes` handed over at `handed_over`, done at `done`.
    void record(time_ps handed_over, time_ps done, std::uint64_t bytes);
    time_ps duration() const { return end - start; }
    /// {"start_ps", "end_ps", "duration_ps", "commands", "bytes", "mean_latency_ps",
    /// "max_latency_ps", "bandwidth_Bps"}.
    nlohmann::json to_json() const;
};

/// One optimizer step: start, end of Set Features C2h, gradient writes, W read-back.
struct step_record {
    std::uint64_t step = 0;
    /// The step's start: before the gradient writes, or after them when they are written
    /// during backward (training_config::gradients_before_step, DeepStore), which, as in the
    /// baseline, is not part of the step.
    time_ps start = 0;
    time_ps begun = 0;
    time_ps end = 0;
    transfer_phase gradients;
    transfer_phase readback;
    /// Digest of the W read back (training_data.h element_digest); absent in timing mode.
    std::uint64_t weight_digest = 0;

    time_ps duration() const { return end - start; }
    nlohmann::json to_json(bool functional) const;
};

/// The whole run.
struct training_stats {
    std::string model;
    std::uint64_t parameters = 0;
    std::string data;
    std::string readback;
    /// False when the gradients are written before each step (step_record::start).
    bool gradients_in_step = true;
    /// Set Features C0h, Get Features C0h and the initial W/M/V writes.
    time_ps setup_start = 0;
    time_ps setup_end = 0;
    transfer_phase initial_writes;
    std::vector<step_record> steps;
    /// M/V read after the last step for the output directory.
    transfer_phase final_reads;

    bool functional() const { return data != "timing"; }
    /// Every field, per step included.
    nlohmann::json to_json() const;
    /// Steps, whether the gradients are written in the step, mean step / step command (Set
    /// Features C2h) / gradient / read-back time, bytes per step, parameters per second.
    nlohmann::json summary() const;
};

} // namespace osvp
