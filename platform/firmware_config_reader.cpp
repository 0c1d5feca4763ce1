#include "firmware_config_reader.h"

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
    c.ftl.gc_threshold_super_blocks =
        static_cast<std::uint32_t>(ftl.get_uint("gc_threshold", 2, 1, 1u << 20));
    // [ours] 3/8 of every plane (256 of the paper's 682 blocks) holds the optimizer reservoir:
    // room for 17 B parameters of Adam on the paper's drive, the rest stays a block device.
    c.split.reservoir_blocks = static_cast<std::uint32_t>(ftl.get_uint(
        "reservoir_blocks", flash.blocks_per_plane * 3 / 8, 0, flash.blocks_per_plane));
    c.lba_bytes = static_cast<std::uint32_t>(firmware.get_size("lba_size", "4 KiB"));
    c.max_transfer_bytes = static_cast<std::uint32_t>(firmware.get_size("max_transfer", "1 MiB"));
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
    c.identity.max_transfer_bytes = c.max_transfer_bytes;
    c.identity.min_page_bytes = 4096;
    if (c.lba_bytes < 512 || c.lba_bytes > flash.page_bytes ||
        (c.lba_bytes & (c.lba_bytes - 1)) != 0) {
        firmware.fail("lba_size", "must be a power of two from 512 B to the page size (" +
                                      std::to_string(flash.page_bytes) + " B), got " +
                                      std::to_string(c.lba_bytes) + " B");
    }
    if (c.max_transfer_bytes < 4096 || (c.max_transfer_bytes & (c.max_transfer_bytes - 1)) != 0) {
        firmware.fail("max_transfer", "must be a power of two of at least 4 KiB, got " +
                                          std::to_string(c.max_transfer_bytes) + " B");
    }
    if (c.dram_needed() > controller.dram_bytes) {
        firmware.fail("max_commands",
                      "the firmware buffers need " + std::to_string(c.dram_needed()) +
                          " B of SSD DRAM but controller.dram.size is " +
                          std::to_string(controller.dram_bytes) +
                          " B: lower max_commands, max_transfer, gc_batch or staging_buffers");
    }
    try {
        c.geometry.validate();
        c.split.validate(c.geometry);
        c.ftl.validate();
    } catch (const std::invalid_argument& e) {
        ftl.fail("reservoir_blocks", e.what());
    }
    try {
        const fw::page_ftl probe(c.geometry, c.split, c.ftl);
    } catch (const std::invalid_argument& e) {
        ftl.fail("over_provisioning", e.what());
    }
    return c;
}

} // namespace osvp
