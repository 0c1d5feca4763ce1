// The fields of the Identify data structures the host driver checks (NVMe 1.4 section 5.15.2:
// Figure 247 Identify Controller, Figure 249 Identify Namespace), decoded from the raw 4 KiB.
#pragma once
#include <cstdint>

namespace osvp {

/// Identify Controller fields.
struct controller_identity {
    /// MDTS (byte 77): maximum transfer 2^MDTS minimum memory pages; 0 = no limit.
    std::uint8_t mdts = 0;
    /// SQES (byte 512): bits 3:0 required, bits 7:4 maximum log2 SQ entry size.
    std::uint8_t sqes = 0;
    /// CQES (byte 513): bits 3:0 required, bits 7:4 maximum log2 CQ entry size.
    std::uint8_t cqes = 0;
    /// NN (bytes 519:516): number of namespaces.
    std::uint32_t nn = 0;

    /// Largest transfer in bytes for a minimum memory page of `page_bytes`; 0 = no limit.
    std::uint64_t max_transfer_bytes(std::uint64_t page_bytes) const;
    /// True if I/O queues with 2^sq_log2 and 2^cq_log2 byte entries are allowed.
    bool supports_entry_sizes(unsigned sq_log2, unsigned cq_log2) const;
};

/// Identify Namespace fields.
struct namespace_identity {
    /// NSZE (bytes 7:0): size in logical blocks.
    std::uint64_t nsze = 0;
    /// FLBAS (byte 26) bits 3:0: index of the LBA format in use.
    std::uint8_t format_index = 0;
    /// NLBAF (byte 25): number of LBA formats, 0's based.
    std::uint8_t nlbaf = 0;
    /// LBADS of the format in use (LBAF at byte 128 + 4 x index, bits 23:16): log2 LBA size.
    std::uint8_t lbads = 0;
};

/// Decodes the 4096-byte Identify Controller data at `data`.
controller_identity parse_controller_identity(const std::uint8_t* data);
/// Decodes the 4096-byte Identify Namespace data at `data`; `lbads` is 0 when FLBAS names a
/// format beyond NLBAF.
namespace_identity parse_namespace_identity(const std::uint8_t* data);

} // namespace osvp
