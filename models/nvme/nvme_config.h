// Configuration of the NVMe controller front end (key "nvme"): the queue limits it advertises in
// CAP and the Number of Queues feature, its MSI-X target, and the sizes of its hardware engines.
// Spec facts cite NVMe Base 1.4; values the paper leaves open are marked [ours].
#pragma once
#include "common/config.h"
#include "common/sim_time.h"
#include "nvme/core/queue_table.h"

#include <cstdint>

namespace osvp {

struct nvme_config {
    /// I/O SQs and, separately, I/O CQs supported (ids 1..n, 5.21.1.7); 1..65535 [ours: 16].
    std::uint32_t max_io_queues = 16;
    /// Largest I/O queue in entries, CAP.MQES + 1 (3.1.1); 2..65536 [ours: 1024].
    std::uint32_t max_queue_entries = 1024;
    /// MSI-X vectors; a CQ's interrupt vector must be below this; 1..2048 [ours: 32].
    std::uint32_t interrupt_vectors = 32;
    /// Host address of the MSI-X message window: vector v is a 4-byte write of data v to
    /// msi_address + 16 v. Must equal the host's msi_base; 4-byte aligned.
    std::uint64_t msi_address = 0xFEE00000;
    /// Fetched commands held for the firmware; 1..65536 entries [ours: 256].
    std::uint32_t command_fifo = 256;
    /// Commands fetched from one SQ per round-robin turn (Arbitration Burst, 5.21.1.1); 1..128
    /// [ours: 8].
    std::uint32_t arbitration_burst = 8;
    /// Parallel data transfer engines; 1..64 [ours: 4].
    unsigned dma_engines = 4;
    /// Pipelining unit between the link and SSD DRAM in bytes; 64 B..1 MiB, a multiple of 64 B
    /// [ours: 4 KiB, one memory page].
    std::uint64_t dma_chunk = 4096;
    /// CC.EN 0->1 until CSTS.RDY = 1, CC.EN 1->0 until RDY = 0, CC.SHN until CSTS.SHST = 2h in
    /// ps; 0..127.5 s so that CAP.TO (500 ms units) fits [ours: 1 us].
    time_ps ready_delay = ps_per_us;
    /// Not a configuration key: set by the platform once per run when no payload byte is ever
    /// looked at (timing-only flash storage and timing-only host data). Transfers the firmware
    /// marks as I/O data then carry a null data pointer (nvme_frontend.h) [ours].
    bool timing_only = false;

    /// The queue_table limits derived from this configuration.
    nvme::queue_table_config queues() const;
    /// Throws config_error naming the field, its value and the allowed range.
    void validate() const;
    /// Reads the keys of the "nvme" section `node` (defaults above) and validates them.
    static nvme_config from(const config_node& node);
};

} // namespace osvp
