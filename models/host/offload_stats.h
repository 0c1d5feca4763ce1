// Statistics of the host-side optimizer modes (baseline and cpu) as the host sees them. The
// step is the optimizer step only; the baseline's gradient writes happen during the GPU's
// backward pass and are reported apart (optimstore.md section 5). Times in ps.
#pragma once
#include "host/training_config.h"
#include "host/training_stats.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace osvp {

/// One optimizer step of a host-side mode.
struct offload_step {
    std::uint64_t step = 0;
    /// Gradient writes of the backward pass before the step (baseline only).
    transfer_phase backward;
    time_ps start = 0;
    time_ps end = 0;
    /// Chunk reads (W, M, V, G) and write-backs (W, M, V) of the step (baseline only).
    transfer_phase reads;
    transfer_phase writes;
    /// Time the host CPU spent updating, and the number of optimizer calls (chunks).
    time_ps compute_busy = 0;
    std::uint64_t chunks = 0;
    /// Digest of the W after the step (training_data.h element_digest); 0 in timing mode.
    std::uint64_t weight_digest = 0;

    time_ps duration() const { return end - start; }
    nlohmann::json to_json() const;
};

/// The whole run of a host-side mode.
struct offload_stats {
    /// Names the run: `mode`, the model and its size, the training data mode.
    offload_stats(std::string mode, const train::model_desc& model,
                  const training_config& training);

    std::string mode;
    std::string model;
    std::uint64_t parameters = 0;
    std::string data;
    /// Initial W, M, V writes to the SSD (baseline only).
    transfer_phase setup;
    std::vector<offload_step> steps;
    /// W, M, V read from the SSD after the last step for the output directory (baseline).
    transfer_phase final_reads;

    /// Host CPU time spent updating, summed over the steps so far (the energy model's
    /// host_cpu_busy).
    time_ps compute_busy() const;

    /// {"summary": {mode, model, parameters, data, steps, mean_step_ps,
    /// mean_backward_phase_ps, mean_compute_ps, parameters_per_second}, "setup", "steps",
    /// "final_reads"}.
    nlohmann::json to_json() const;
};

} // namespace osvp
