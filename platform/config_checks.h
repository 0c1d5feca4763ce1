// Checks across the sections of a platform configuration, run before the simulation: what the
// host asks of the drive that the drive's configuration must grant (request sizes, queue depth,
// interrupt vectors, namespace, block range), the firmware's own answer to the optimizer's
// parameter set, and cpu mode's host memory. Each failure is a config_error naming the keys; the
// models check the same things at run time, as real hosts and firmware do, but a configuration
// error belongs before the run.
#pragma once
#include "platform_config.h"

namespace osvp {

/// cpu mode keeps every state in host DRAM: a model that does not fit is refused.
void check_host_memory(const platform_config& c, const train::model_desc& model);

/// The host's commands of the section `flow` uses: at most the drive's maximum transfer, whole
/// flash pages (optimizer drivers) or a block workload inside the block-device part, and a queue
/// depth the host's I/O queue can hold.
void check_requests(const platform_config& c, host_flow flow);

/// replay mode: reads the whole trace (replay.file) onto the block-device part of namespace 1
/// and fills c.replay_mapping and c.replay_trace; a missing or empty file, or a bad line, is a
/// config_error naming replay.file (and the line).
void read_replay_trace(platform_config& c);

/// Host driver settings the NVMe controller must grant (`root`: the configuration's root).
void check_driver_fits_controller(const platform_config& c, const config_node& root);

/// baseline mode: the model's W, (M, V) and G regions must fit the block-device part.
void check_baseline_plan(const platform_config& c, const train::model_desc& model);

/// The iteration estimate's GPU time for `model` (iteration_estimate.h) at most
/// max_gpu_seconds, so that the estimate's times stay exact in ps.
void check_gpu_time(const platform_config& c, const train::model_desc& model);

/// The firmware's answer to the parameter set the training driver will send for `model`.
void check_parameter_set(const platform_config& c, const train::model_desc& model);

} // namespace osvp
