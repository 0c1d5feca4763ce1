// Bandwidth and latency arithmetic of a PCIe link (PCIe Base Specification 4.0: 4.2 physical
// layer encodings, 2.2 TLP formats, 2.3.1 completion splitting). Plain C++, used by pcie_link
// for timing and by tests as the closed form.
#pragma once
#include "common/transfer_time_cache.h"
#include "pcie/pcie_config.h"

#include <cstdint>

namespace osvp {

/// Line rate of one lane in transfers (bits) per second for generation 1..5:
/// 2.5, 5, 8, 16, 32 GT/s. Throws config_error for another generation.
double pcie_line_rate(unsigned generation);
/// Share of line bits that carry data: 8b/10b (0.8) for Gen1-2, 128b/130b for Gen3+.
double pcie_encoding_efficiency(unsigned generation);

/// Time and wire bytes of TLP traffic on one direction of a link. A posted write of N bytes is
/// ceil(N / MPS) memory-write TLPs; a read of N bytes is ceil(N / MRRS) request TLPs without
/// data one way and ceil(N / MPS) completion TLPs with data the other way (completions are
/// split at MPS; splitting at the read completion boundary is not modelled, and completions are
/// charged the same overhead as 4DW requests although their header is 3DW) [ours].
class pcie_math {
public:
    /// Validates `config` (config_error on bad values).
    explicit pcie_math(const pcie_config& config);

    const pcie_config& config() const { return m_config; }
    /// Bytes per second per direction available to TLPs:
    /// lanes x line rate x encoding efficiency / 8 x (1 - dllp_overhead).
    double raw_bytes_per_second() const { return m_raw_bytes_per_second; }
    /// TLPs needed for `bytes` when one carries at most `max_bytes`; a zero-length access is
    /// still one TLP.
    static std::uint64_t tlp_count(std::uint64_t bytes, std::uint64_t max_bytes);
    /// Wire bytes of a posted write: bytes + tlp_count(bytes, MPS) x overhead.
    std::uint64_t write_wire_bytes(std::uint64_t bytes) const;
    /// Wire bytes of the read requests for `bytes`: tlp_count(bytes, MRRS) x overhead.
    std::uint64_t read_request_wire_bytes(std::uint64_t bytes) const;
    /// Wire bytes of the completions returning `bytes`: bytes + tlp_count(bytes, MPS) x overhead.
    std::uint64_t completion_wire_bytes(std::uint64_t bytes) const;
    /// Time one direction is busy sending `wire_bytes`, rounded up to whole ps.
    time_ps wire_time(std::uint64_t wire_bytes) const;
    /// Unloaded time from the start of a posted write until its last byte has arrived:
    /// wire_time(write_wire_bytes) + latency.
    time_ps write_time(std::uint64_t bytes) const;
    /// Unloaded time of a read, without the completer's own access time: the first request TLP
    /// plus latency reaches the completer, then all completions plus latency come back (later
    /// requests overlap the completions).
    time_ps read_time(std::uint64_t bytes) const;
    /// Payload bytes per second of a long stream of MPS-sized TLPs:
    /// raw x MPS / (MPS + overhead). Gen4 x4, 256 B, 26 B: 7.877 x 256 / 282 = 7.15 GB/s; the
    /// paper quotes "about 7.3 GB/s effective" for a real Gen4 SSD, 2 % above this (the paper
    /// does not give its MPS; 512 B would give 7.50 GB/s).
    double effective_bytes_per_second() const;

private:
    pcie_config m_config;
    double m_raw_bytes_per_second;
    transfer_time_cache m_wire_time;
};

} // namespace osvp
