#include "host/host_config.h"

#include <cstdio>
#include <string>

namespace osvp {
namespace {

constexpr std::uint64_t page_bytes = 4096;

std::string hex(std::uint64_t v) {
    char text[24];
    std::snprintf(text, sizeof text, "0x%llx", static_cast<unsigned long long>(v));
    return text;
}

} // namespace

void host_memory_config::validate() const {
    if (size < page_bytes || size % page_bytes != 0) {
        throw config_error("host.memory: must be a positive multiple of 4 KiB, got " +
                           std::to_string(size) + " B");
    }
    if (msi_base % page_bytes != 0) {
        throw config_error("host.msi_base: must be 4 KiB aligned, got " + hex(msi_base));
    }
}

host_memory_config host_memory_config::from(const config_node& node) {
    host_memory_config c;
    c.size = node.get_size("memory", "128 GiB");
    c.latency = node.get_time("memory_latency", "0 ns");
    c.msi_base = node.get_uint("msi_base", c.msi_base, 0, ~0ull - page_bytes);
    c.validate();
    return c;
}

void nvme_driver_config::validate() const {
    if (poll_interval == 0) {
        throw config_error("host.poll_interval: must be positive, got 0 ps");
    }
    if (command_timeout == 0) {
        throw config_error("host.command_timeout: must be positive, got 0 ps");
    }
    if (admin_queue_entries < 2 || admin_queue_entries > 4096) {
        throw config_error("host.admin_queue_entries: must be 2..4096, got " +
                           std::to_string(admin_queue_entries));
    }
    if (io_queue_entries < 2 || io_queue_entries > 65536) {
        throw config_error("host.io_queue_entries: must be 2..65536, got " +
                           std::to_string(io_queue_entries));
    }
    if (namespace_id == 0 || namespace_id >= 0xFFFFFFFE) {
        throw config_error("host.namespace_id: must be 1..0xFFFFFFFD, got " +
                           std::to_string(namespace_id));
    }
    if (dma_base % page_bytes != 0) {
        throw config_error("host.dma_base: must be 4 KiB aligned, got " + hex(dma_base));
    }
}

nvme_driver_config nvme_driver_config::from(const config_node& node) {
    nvme_driver_config c;
    c.storage_stack_latency = node.get_time("storage_stack_latency", "5 us");
    c.poll_interval = node.get_time("poll_interval", "1 us");
    c.command_timeout = node.get_time("command_timeout", "30 s");
    c.admin_queue_entries = static_cast<std::uint32_t>(
        node.get_uint("admin_queue_entries", c.admin_queue_entries, 2, 4096));
    c.io_queue_entries =
        static_cast<std::uint32_t>(node.get_uint("io_queue_entries", c.io_queue_entries, 2, 65536));
    c.namespace_id =
        static_cast<std::uint32_t>(node.get_uint("namespace_id", c.namespace_id, 1, 0xFFFFFFFD));
    c.dma_base = node.get_size("dma_base", "4 GiB");
    c.validate();
    return c;
}

void check_whole_pages(const char* section, std::uint64_t request_bytes, std::uint64_t page_bytes) {
    if (page_bytes == 0 || request_bytes % page_bytes != 0) {
        throw config_error(
            std::string(section) + ".request_size: must be a multiple of the flash page of " +
            std::to_string(page_bytes) + " B, got " + std::to_string(request_bytes) + " B");
    }
}

} // namespace osvp
