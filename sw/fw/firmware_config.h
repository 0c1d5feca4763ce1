// Configuration of the controller firmware, filled by the platform from the "firmware" section
// (and the flash geometry) before the cores start. Plain data: the firmware parses nothing.
#pragma once
#include "ftl/flash_geometry.h"
#include "ftl/ftl_config.h"
#include "hal/hal.h"
#include "nvme/identify.h"

#include <cstdint>

namespace osvp::fw {

/// CPU cycles charged per firmware operation [ours: estimates for an embedded FTL on a
/// Cortex-A9-class core, 0.2-1.5 us per operation at 1 GHz; configurable, see README].
struct firmware_costs {
    std::uint32_t command = 1500;         ///< pop, decode and validate one NVMe command
    std::uint32_t dma_request = 300;      ///< build and post one host<->DRAM transfer
    std::uint32_t dma_done = 200;         ///< handle one transfer result
    std::uint32_t completion = 500;       ///< post one NVMe completion
    std::uint32_t page_map = 400;         ///< FTL lookup or allocation + one flash descriptor
    std::uint32_t flash_completion = 250; ///< handle one flash completion
    std::uint32_t gc_page = 600;          ///< victim bookkeeping per relocated page
    /// Convert 1 KiB of FP32 weights (256 elements) to FP16 for the read-back: about one cycle
    /// per element with the A9's VFP half-precision conversion (VCVTB) pipelined [ours].
    std::uint32_t fp16_convert_kib = 256;
};

/// Where the optimizer update runs (issue 4, optimstore.md section 5): in the dies (OptimStore),
/// on the controller's ISP engine from SSD DRAM (C-ISP, GenStore-style), or in the dies' read
/// path without write support (DeepStore).
enum class update_engine : std::uint8_t { die, controller, read_path };

struct firmware_config {
    flash_geometry geometry;
    block_split split;
    page_ftl_config ftl;
    controller_identity identity;
    firmware_costs costs;
    std::uint32_t lba_bytes = 4096;
    /// Largest transfer per command (MDTS); also the DRAM buffer slot size.
    std::uint32_t max_transfer_bytes = 1u << 20;
    /// Commands in flight at once (DRAM buffer slots).
    std::uint32_t max_commands = 256;
    /// Pages a die's garbage collection moves at a time (its DRAM staging buffer).
    std::uint32_t gc_batch = 16;
    std::uint64_t dram_bytes = 4ull << 30;
    unsigned cores = 3;
    /// I/O queue pairs the NVMe front end supports (Number of Queues feature).
    std::uint32_t io_queues = 16;
    log_level level = log_level::warning;
    update_engine engine = update_engine::die;
    /// Super-pages in flight through SSD DRAM for the controller and read-path engines (each a
    /// staging buffer of planes_per_die pages) [ours: two per die, so a die's next super-page
    /// reads while the previous one computes or programs: double buffering].
    std::uint32_t staging_buffers = 0;

    /// Bytes of DRAM the firmware's buffers need (dram_layout.h); the platform checks it fits.
    std::uint64_t dram_needed() const {
        return std::uint64_t{max_commands} * slot_bytes() +
               geometry.dies() * gc_batch * geometry.page_bytes +
               std::uint64_t{staging_buffers} * staging_bytes();
    }
    std::uint64_t staging_bytes() const {
        return std::uint64_t{geometry.planes_per_die} * geometry.page_bytes;
    }
    /// Twice the largest transfer: an FP16 read-back stages the FP32 pages of its data first.
    std::uint64_t slot_bytes() const {
        return 2ull * max_transfer_bytes + 2ull * geometry.page_bytes;
    }
};

} // namespace osvp::fw
