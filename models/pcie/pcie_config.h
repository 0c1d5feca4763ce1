// Parameters of the PCI Express link between host and SSD. Defaults follow the paper's Table II
// (NVMe over PCIe 4.0 x4); everything else is marked with its source.
#pragma once
#include "common/config.h"
#include "common/sim_time.h"

#include <cstdint>

namespace osvp {

/// One PCIe link, read from the "pcie" section; sizes in bytes, times in ps.
struct pcie_config {
    /// PCIe generation 1..5 (2.5, 5, 8, 16, 32 GT/s per lane). Paper Table II: Gen4.
    unsigned generation = 4;
    /// Negotiated width: 1, 2, 4, 8 or 16 lanes. Paper Table II: x4.
    unsigned lanes = 4;
    /// Max_Payload_Size (PCIe Base 4.0, 7.5.3.4): 128..4096, power of two. 256 B is the value
    /// common x86 root ports negotiate [ours].
    std::uint64_t max_payload = 256;
    /// Max_Read_Request_Size (7.5.3.4): 128..4096, power of two; 512 B is the reset value.
    std::uint64_t max_read_request = 512;
    /// Wire bytes per TLP besides its payload. 26 B = 4 B STP framing token + 2 B sequence
    /// number + 16 B 4DW header (64-bit addresses) + 4 B LCRC, the usual Gen3+ accounting. The
    /// Gen3+ STP token already carries the 12-bit sequence number, so the strict minimum is
    /// 24 B; the default keeps the customary 2 B margin [ours]. No ECRC.
    std::uint64_t tlp_overhead = 26;
    /// One-way latency of a TLP through PHY, data link layer and root complex [ours: order of
    /// magnitude of measured PCIe round trips of about 1 us].
    time_ps latency = 500 * ps_per_ns;
    /// Fraction 0..0.5 of link time taken by DLLPs (Ack/Nak, flow-control updates) and
    /// ordered sets; 0 by default because the paper gives no figure [ours].
    double dllp_overhead = 0.0;

    /// Throws config_error naming the field, the value and the allowed values.
    void validate() const;
    /// Reads the keys of the "pcie" section `node` (defaults above) and validates them.
    static pcie_config from(const config_node& node);
};

} // namespace osvp
