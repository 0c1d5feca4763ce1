#include "firmware_config_reader.h"

#include "ftl/ftl_errors.h"
#include "ftl/page_ftl.h"

#include <stdexcept>

namespace osvp {
namespace {

std::uint32_t cycles(const config_node& node, const char* key, std::uint32_t fallback) {
    return static_cast<std::uint32_t>(node.get_uint(key, fallback, 0, 10'000'000));
}

} // namespace

fw::firmware_config read_firmware_config(const config_node& firmware, const config_node& ftl,
                                         const flash_config& flash,
                                         const controller_config& controller,
                                         std::uint32_t io_queues, fw::update_engine engine) {
    fw::firmware_config c;
    c.geometry = {flash.channels,         flash.dies_per_channel(), flash.planes_per_die,
                  flash.blocks_per_plane, flash.pages_per_block,    flash.page_bytes};
    c.cores = controller.cores;
    c.dram_bytes = controller.dram_bytes;
    c.io_queues = io_queues;
    c.ftl.over_provisioning = ftl.get_double("over_provisioning", 0.07, 0.0, 0.5);
    if (c.ftl.over_provisioning == 0.0 || c.ftl.over_provisioning == 0.5) {
        ftl.fail("over_provisioning",
                 "must be above 0 and below 0.5, got " + std::to_string(c.ftl.over_provisioning));
    }
    c.ftl.gc_threshold_super_blocks =
        static_cast<std::uint32_t>(ftl.get_uint("gc_threshold", 2, 1, 1u << 20));
    // [ours] 3/8 of every plane (255 of the paper's 682 blocks) holds the optimizer reservoir:
    // room for 17 B parameters of Adam on the paper's drive, the rest stays a block device.
    c.split.reservoir_blocks = static_cast<std::uint32_t>(ftl.get_uint(
        "reservoir_blocks", flash.blocks_per_plane * 3 / 8, 0, flash.blocks_per_plane));
    const std::uint64_t lba_bytes = firmware.get_size("lba_size", "4 KiB");
    const std::uint64_t max_transfer = firmware.get_size("max_transfer", "1 MiB");
    c.max_commands = static_cast<std::uint32_t>(firmware.get_uint("max_commands", 256, 1, 65536));
    c.gc_batch = static_cast<std::uint32_t>(firmware.get_uint("gc_batch", 16, 1, 4096));
    const std::string level =
        firmware.get_choice("log_level", "warning", {"error", "warning", "info", "debug"});
    c.level = level == "error"     ? fw::log_level::error
              : level == "warning" ? fw::log_level::warning
              : level == "info"    ? fw::log_level::info
                                   : fw::log_level::debug;
    c.engine = engine;
    // [ours] two per die: a die's next super-page read overlaps the current update (double
    // buffering); only the cisp and deepstore engines use them.
    c.staging_buffers = static_cast<std::uint32_t>(
        firmware.get_uint("staging_buffers", 2 * c.geometry.dies(), 0, 65536));
    if (c.engine != fw::update_engine::die && c.staging_buffers == 0) {
        firmware.fail("staging_buffers",
                      "must be at least 1 when the controller or read-path engine updates (modes "
                      "cisp and deepstore)");
    }
    const config_node cost = firmware.child("cost_cycles");
    c.costs.command = cycles(cost, "command", c.costs.command);
    c.costs.dma_request = cycles(cost, "dma_request", c.costs.dma_request);
    c.costs.dma_done = cycles(cost, "dma_done", c.costs.dma_done);
    c.costs.completion = cycles(cost, "completion", c.costs.completion);
    c.costs.page_map = cycles(cost, "page_map", c.costs.page_map);
    c.costs.flash_completion = cycles(cost, "flash_completion", c.costs.flash_completion);
    c.costs.gc_page = cycles(cost, "gc_page", c.costs.gc_page);
    c.costs.fp16_convert_kib = cycles(cost, "fp16_convert_kib", c.costs.fp16_convert_kib);
    c.identity.model_number = "OptimStore-VP";
    c.identity.serial_number = "OSVP0001";
    c.identity.firmware_revision = "0.1";
    c.identity.min_page_bytes = 4096;
    const auto power_of_two = [](std::uint64_t v) { return v != 0 && (v & (v - 1)) == 0; };
    if (lba_bytes < 512 || lba_bytes > flash.page_bytes || !power_of_two(lba_bytes)) {
        firmware.fail("lba_size", "must be a power of two from 512 B to the page size (" +
                                      std::to_string(flash.page_bytes) + " B), got " +
                                      std::to_string(lba_bytes) + " B");
    }
    // MDTS is a power of two of the 4 KiB minimum memory page (NVMe 1.4 5.15.2.1); 2 GiB keeps a
    // transfer's byte count in 32 bits.
    if (max_transfer < 4096 || max_transfer > (std::uint64_t{1} << 31) ||
        !power_of_two(max_transfer)) {
        firmware.fail("max_transfer", "must be a power of two from 4 KiB to 2 GiB, got " +
                                          std::to_string(max_transfer) + " B");
    }
    c.lba_bytes = static_cast<std::uint32_t>(lba_bytes);
    c.max_transfer_bytes = static_cast<std::uint32_t>(max_transfer);
    c.identity.max_transfer_bytes = c.max_transfer_bytes;
    if (c.dram_needed() > controller.dram_bytes) {
        firmware.fail("max_commands",
                      "the firmware buffers need " + std::to_string(c.dram_needed()) +
                          " B of SSD DRAM but controller.dram.size is " +
                          std::to_string(controller.dram_bytes) +
                          " B: lower max_commands, max_transfer, gc_batch or staging_buffers");
    }
    // The firmware's own FTL, built once on the configuration, finds what it cannot work with.
    try {
        const fw::page_ftl probe(c.geometry, c.split, c.ftl);
    } catch (const fw::ftl_config_error& e) {
        using parameter = fw::ftl_config_error::parameter;
        switch (e.which()) {
        case parameter::drive_size:
            throw config_error(std::string("flash: ") + e.what() +
                               ": fewer channels, dies, planes, blocks or pages per block");
        case parameter::user_blocks:
            ftl.fail("reservoir_blocks",
                     std::string(e.what()) + ": lower ftl.reservoir_blocks or ftl.gc_threshold");
        case parameter::over_provisioning:
            ftl.fail("over_provisioning", std::string(e.what()) +
                                              ": raise ftl.over_provisioning or lower "
                                              "ftl.gc_threshold");
        case parameter::gc_threshold:
            ftl.fail("gc_threshold", e.what());
        }
    } catch (const std::invalid_argument& e) {
        throw config_error(std::string("flash: ") + e.what());
    }
    return c;
}

} // namespace osvp
