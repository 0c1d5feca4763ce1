// The platform's modes (optimstore.md section 5 plus plain block I/O) and what each one runs:
// which host driver, whether the SSD's optimizer reservoir is used, which firmware update
// engine, and which closed-form step bound (models/eval) applies.
#pragma once
#include "eval/step_traffic.h"

#include "fw/firmware_config.h"

#include <optional>
#include <string>
#include <vector>

namespace osvp {

/// What the host runs (key "mode"): a generated block workload ("block"), a block I/O trace
/// ("replay"), or optimizer steps of one of the evaluated systems: "optimstore" (in-die update),
/// "baseline" (DeepSpeed NVMe offload), "cisp" (controller ISP), "deepstore" (read-path die
/// units), "cpu" (ZeRO-Offload).
enum class platform_mode { block, replay, optimstore, baseline, cisp, deepstore, cpu };

/// The modes that run optimizer steps, every mode but block and replay, in a fixed order.
std::vector<platform_mode> training_modes();

/// Parses the config name; config_error naming `key`, the value and the allowed names.
platform_mode parse_platform_mode(const std::string& name, const std::string& key);
/// Every mode's config name, in a fixed order.
std::vector<std::string> mode_names();
const char* to_string(platform_mode mode);
/// The system a mode models and where its update runs, for summaries, e.g. "host CPU, DeepSpeed
/// NVMe offload".
const char* describe(platform_mode mode);

/// The host driver a mode uses.
enum class host_flow {
    /// nvme_driver's own block workload.
    block,
    /// replay_driver: a block I/O trace through the NVMe driver.
    replay,
    /// training_driver against the drive's optimizer window (the in-storage modes).
    in_storage,
    /// baseline_driver: the SSD as a block device, update on the host CPU.
    baseline,
    /// cpu_driver: host DRAM only, the SSD idle.
    host_memory,
};
host_flow flow_of(platform_mode mode);

/// Whether the mode runs optimizer steps (every flow but block and replay).
bool runs_training(platform_mode mode);

/// The step bound that applies; none for block and replay mode.
std::optional<step_mode> step_mode_of(platform_mode mode);

/// The firmware's optimizer update engine of a mode: the dies (optimstore), the controller's ISP
/// engine (cisp) or the dies' read path (deepstore); the other modes use no reservoir and get
/// `die`, which they never exercise. The mode is the only way to choose it.
fw::update_engine update_engine_of(platform_mode mode);

} // namespace osvp
