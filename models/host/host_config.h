// Configuration of the host side of the platform: host DRAM with its MSI-X window (section
// "host") and the NVMe host driver (section "host"). Workload keys live in workload.h.
#pragma once
#include "common/config.h"
#include "common/sim_time.h"

#include <cstdint>

namespace osvp {

/// Host DRAM and its MSI-X window; sizes and addresses in bytes, times in ps.
struct host_memory_config {
    /// Capacity; memory occupies host physical addresses [0, size). Paper Table II: 128 GB DDR4.
    std::uint64_t size = 128ull << 30;
    /// Latency added to every access [ours: 0, because the PCIe link latency already covers
    /// the root complex and the DRAM access of a DMA].
    time_ps latency = 0;
    /// Base of the 4 KiB MSI-X window, 4 KiB aligned. Default 0xFEE00000, the x86 interrupt
    /// message address range (Intel SDM vol. 3, 10.11.1); the window hides that memory.
    std::uint64_t msi_base = 0xFEE00000;

    /// Throws config_error naming the field, the value and what is allowed.
    void validate() const;
    /// Reads "memory", "memory_latency" and "msi_base" of the "host" section `node`.
    static host_memory_config from(const config_node& node);
};

/// The NVMe host driver (NVMe 1.4 section 7.6.1 initialisation, one I/O queue pair).
struct nvme_driver_config {
    /// Host storage-stack latency added once to every command's latency. Paper Table II: 5 us.
    time_ps storage_stack_latency = 5 * ps_per_us;
    /// Interval between CSTS reads while waiting for CSTS.RDY [ours].
    time_ps poll_interval = 1 * ps_per_us;
    /// Time without any completion after which an outstanding command is reported as lost;
    /// 30 s is Linux's default nvme_core.io_timeout.
    time_ps command_timeout = 30 * ps_per_s;
    /// Admin queue entries, 2..4096 (AQA, NVMe 1.4 3.1.8) [ours: 32].
    std::uint32_t admin_queue_entries = 32;
    /// I/O submission and completion queue entries, 2..65536, above the workload's queue depth
    /// and at most CAP.MQES + 1 [ours: 1024].
    std::uint32_t io_queue_entries = 1024;
    /// Namespace the workload addresses (NSID, NVMe 1.4 6.1).
    std::uint32_t namespace_id = 1;
    /// Host physical base of the driver's queues, identify buffer and data buffers, 4 KiB
    /// aligned [ours: 4 GiB, above the 32-bit MMIO and MSI hole].
    std::uint64_t dma_base = 4ull << 30;
    /// Whether the driver's own thread initialises the controller and runs the workload; false
    /// lets a caller drive initialise() / run_workload() / execute() itself (the platform's
    /// training modes, tests). Not a configuration key: the platform's mode decides it.
    bool autorun = true;

    /// Throws config_error naming the field, the value and what is allowed.
    void validate() const;
    /// Reads storage_stack_latency, poll_interval, command_timeout, admin_queue_entries,
    /// io_queue_entries, namespace_id and dma_base of the "host" section `node`.
    static nvme_driver_config from(const config_node& node);
};

/// `section`.request_size must be a whole number of flash pages of `page_bytes` (the optimizer
/// drivers move whole pages); a config_error naming the key, the value and the page otherwise.
void check_whole_pages(const char* section, std::uint64_t request_bytes, std::uint64_t page_bytes);

} // namespace osvp
