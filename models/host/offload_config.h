// Configuration of the host-side optimizer modes: "baseline" (DeepSpeed NVMe offload as in
// ZeRO-Infinity: the SSD is a block device holding W, M, V, G) and "cpu" (ZeRO-Offload: every
// state in host DRAM). Sizes in bytes.
#pragma once
#include "common/config.h"

#include <cstdint>

namespace osvp {

/// The "baseline" section: DeepSpeed's optimizer swapper and its libaio engine.
struct baseline_config {
    /// Parameters the CPU optimizer updates per call (one swap unit). DeepSpeed ZeRO-3
    /// `sub_group_size` default 1e9; rounded up here to whole flash pages [ours].
    std::uint64_t chunk_parameters = 1'000'000'000;
    /// Chunks in host memory at once, each holding its W, M, V, G [ours: one buffer per
    /// chunk]. DeepSpeed `offload_optimizer.buffer_count` default 4.
    std::uint32_t buffer_count = 4;
    /// Read the next chunk while the CPU updates this one. DeepSpeed `pipeline_read` defaults
    /// to false; the paper's BL is pipelined (optimstore.md section 5), so true here.
    bool pipeline_read = true;
    /// Write the previous chunk while the CPU updates this one (DeepSpeed `pipeline_write`;
    /// same reasoning as pipeline_read).
    bool pipeline_write = true;
    /// Bytes per NVMe command: DeepSpeed `aio.block_size` default 1 MiB (1048576).
    std::uint64_t request_bytes = 1ull << 20;
    /// Commands in flight: DeepSpeed `aio.queue_depth` default 8.
    std::uint32_t queue_depth = 8;

    /// Throws config_error naming the key, the value and what is allowed.
    void validate() const;
    /// Reads chunk_parameters, buffer_count, pipeline_read, pipeline_write, request_size and
    /// queue_depth of the "baseline" section `node`.
    static baseline_config from(const config_node& node);
};

/// The "cpu" section.
struct cpu_mode_config {
    /// Host DRAM ZeRO-Offload needs per parameter with Adam: FP32 W, M, V (12 B) and the FP16
    /// gradient and FP16 weight copy it exchanges with the GPU (2 + 2 B) (Ren et al., USENIX
    /// ATC 2021, section 4: the CPU holds the FP32 optimizer states and the FP16 gradients and
    /// produces the FP16 parameters).
    std::uint64_t bytes_per_parameter = 16;

    void validate() const;
    /// Reads bytes_per_parameter of the "cpu" section `node`.
    static cpu_mode_config from(const config_node& node);
};

} // namespace osvp
