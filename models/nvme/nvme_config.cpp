#include "nvme/nvme_config.h"

#include "common/units.h"

#include <string>

namespace osvp {
namespace {

void check_range(const char* field, std::uint64_t value, std::uint64_t low, std::uint64_t high,
                 const char* unit = "") {
    if (value < low || value > high) {
        throw config_error(std::string("nvme.") + field + ": must be " + std::to_string(low) +
                           unit + ".." + std::to_string(high) + unit + ", got " +
                           std::to_string(value) + unit);
    }
}

constexpr time_ps max_ready_delay = 255 * 500 * ps_per_ms;

} // namespace

nvme::queue_table_config nvme_config::queues() const {
    nvme::queue_table_config q;
    q.max_io_queues = max_io_queues;
    q.max_queue_entries = max_queue_entries;
    q.interrupt_vectors = interrupt_vectors;
    return q;
}

void nvme_config::validate() const {
    check_range("max_io_queues", max_io_queues, 1, 65535);
    check_range("max_queue_entries", max_queue_entries, 2, nvme::max_queue_entries);
    check_range("interrupt_vectors", interrupt_vectors, 1, 2048);
    if (msi_address % 4 != 0 || msi_address > ~std::uint64_t{0} - 16ull * interrupt_vectors) {
        throw config_error("nvme.msi_address: must be 4-byte aligned with room for " +
                           std::to_string(interrupt_vectors) + " vectors of 16 B, got " +
                           std::to_string(msi_address));
    }
    check_range("command_fifo", command_fifo, 1, 65536);
    check_range("arbitration_burst", arbitration_burst, 1, 128);
    check_range("dma_engines", dma_engines, 1, 64);
    check_range("dma_chunk", dma_chunk, 64, 1u << 20, " B");
    if (dma_chunk % 64 != 0) {
        throw config_error("nvme.dma_chunk: must be a multiple of 64 B, got " +
                           std::to_string(dma_chunk) + " B");
    }
    if (ready_delay > max_ready_delay) {
        throw config_error("nvme.ready_delay: must be 0..127.5 s (CAP.TO is 8 bits of 500 ms), "
                           "got " +
                           format_time(ready_delay));
    }
}

nvme_config nvme_config::from(const config_node& node) {
    nvme_config c;
    c.max_io_queues =
        static_cast<std::uint32_t>(node.get_uint("max_io_queues", c.max_io_queues, 1, 65535));
    c.max_queue_entries = static_cast<std::uint32_t>(
        node.get_uint("max_queue_entries", c.max_queue_entries, 2, nvme::max_queue_entries));
    c.interrupt_vectors = static_cast<std::uint32_t>(
        node.get_uint("interrupt_vectors", c.interrupt_vectors, 1, 2048));
    c.msi_address = node.get_uint("msi_address", c.msi_address, 0, ~std::uint64_t{0});
    c.command_fifo =
        static_cast<std::uint32_t>(node.get_uint("command_fifo", c.command_fifo, 1, 65536));
    c.arbitration_burst =
        static_cast<std::uint32_t>(node.get_uint("arbitration_burst", c.arbitration_burst, 1, 128));
    c.dma_engines = static_cast<unsigned>(node.get_uint("dma_engines", c.dma_engines, 1, 64));
    c.dma_chunk = node.get_size("dma_chunk", "4 KiB");
    c.ready_delay = node.get_time("ready_delay", "1 us");
    c.validate();
    return c;
}

} // namespace osvp
