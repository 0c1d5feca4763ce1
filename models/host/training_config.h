// Configuration of the host's in-storage training driver (section "training"): which model, how
// many optimizer steps, the optimizer the firmware runs (vendor Set Features parameter_set,
// optimstore.md section 3 "Host and firmware interface"), how the host moves data, and where the
// data comes from.
#pragma once
#include "common/config.h"
#include "common/sim_time.h"
#include "host/train/model_desc.h"

#include "optim/lr_schedule.h"
#include "optim/optimizer_params.h"

#include <cstdint>
#include <filesystem>
#include <string>

namespace osvp {

/// Where the FP32 data the host writes comes from and what it keeps.
enum class training_data {
    /// Seeded initial weights and gradients (train/gradient_generator), computed page by page.
    generated,
    /// Initial weights and per-step gradients read from a train/state_dir directory.
    npy,
    /// Only the traffic: no initial state is written, gradient buffers are never filled and
    /// read-back data is dropped, so host memory stays at queue_depth x request_size.
    timing,
};

/// Precision of the W read-back at the end of a step (optimstore.md section 2: FP32 matches the
/// paper's numbers, FP16 is our option; optimstore_if.h halves the W region for FP16).
enum class training_readback { fp32, fp16 };

/// The "training" section. Sizes in bytes.
struct training_config {
    /// Built-in model name (a stem of models_dir/*.json); exactly one of model and model_file.
    std::string model;
    /// Path of a model description file (train/model_file.h).
    std::string model_file;
    /// Directory of the built-in models [ours: configs/models, relative to the working dir].
    std::string models_dir = "configs/models";
    /// Optimizer steps to run, >= 1.
    std::uint64_t steps = 1;
    /// Timeout of the step command (Set Features C2h), which with the staged engines (C-ISP,
    /// DeepStore) completes only when every super-page is updated: the per-command timeout a
    /// training script gives the NVMe passthrough ioctl (timeout_ms) in place of
    /// host.command_timeout [ours: 3600 s; a paper model's step on a 2-channel drive takes
    /// minutes].
    time_ps step_timeout = 3600 * ps_per_s;
    /// Hyper-parameters sent in parameter_set (key "optimizer"; defaults: the paper's Adam).
    fw::optimizer_params optimizer;
    /// Learning-rate schedule run by the firmware's iteration manager (key
    /// "optimizer.schedule"); warmup_cosine's total_steps defaults to `steps`.
    fw::lr_schedule schedule;
    training_readback readback = training_readback::fp32;
    /// Write all gradients before beginning the step (Set Features C2h), as during backward:
    /// what the read-path engine (DeepStore, hal/optimstore_if.h) needs; otherwise gradients
    /// follow C2h and each triggers its super-page's update (OptimStore, C-ISP). Not a config
    /// key: the platform sets it from the mode (deepstore).
    bool gradients_before_step = false;
    /// Bytes per NVMe command, a multiple of the flash page and of the LBA size. Default 1 MiB,
    /// DeepSpeed's aio block_size default (as the BL mode uses).
    std::uint64_t request_bytes = 1ull << 20;
    /// Commands kept in flight, below host.io_queue_entries [ours: 32; DeepSpeed's aio default
    /// is 8].
    std::uint32_t queue_depth = 32;
    training_data data = training_data::generated;
    /// Seed of the generated initial weights and gradients.
    std::uint64_t seed = 1;
    /// Standard deviation of generated initial weights [Megatron-LM init_method_std 0.02].
    double init_std = 0.02;
    /// Standard deviation of generated gradients as they arrive, loss scale included [ours: 1].
    double gradient_std = 1.0;
    /// npy: directory with <tensor>.w.npy and step<N>/<tensor>.npy (train/state_dir.h).
    std::string input;
    /// Optional in generated and npy modes: directory receiving W (as read back) and the
    /// optimizer's M/V after the last step; empty means no output.
    std::string output;

    /// Throws config_error naming the key, the value and what is allowed.
    void validate() const;
    /// Reads the keys above from the "training" section `node`.
    static training_config from(const config_node& node);
};

/// Config names of the data modes and read-back precisions.
const char* training_data_name(training_data data);
const char* training_readback_name(training_readback readback);

/// The states an optimizer keeps besides W (sw/optim/optimizer_program.h: Adam/AdamW W, M, V;
/// SGD momentum W, M; Adagrad/RMSProp W, V).
struct kept_states {
    bool m = false;
    bool v = false;
};
kept_states states_of(fw::optimizer_kind kind);

/// Loads the configured model (built-in or file); a missing or malformed model is a config_error
/// naming the key (training.model, training.models_dir or training.model_file) and the file.
train::model_desc load_training_model(const training_config& config);

} // namespace osvp
