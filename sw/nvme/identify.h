// Identify data builders (NVMe 1.4 section 5.15): Identify Controller (CNS 01h), Identify
// Namespace (CNS 00h) and the Active Namespace ID list (CNS 02h), for a controller with one
// namespace (NSID 1) of fixed-size LBAs and no metadata, protection, SGLs or fused commands.
#pragma once
#include "hal/nvme_spec.h"

#include <array>
#include <cstdint>
#include <string>

namespace osvp::fw {

// A 4096-byte Identify data page, little endian.
using identify_page = std::array<std::uint8_t, nvme::identify_bytes>;

// Number of namespaces (NN) and the one active namespace identifier.
inline constexpr std::uint32_t namespace_count = 1;
inline constexpr std::uint32_t active_nsid = 1;

// Controller identity and limits reported by Identify Controller.
struct controller_identity {
    std::uint16_t vendor_id = 0;           // VID: PCI vendor ID
    std::uint16_t subsystem_vendor_id = 0; // SSVID: PCI subsystem vendor ID
    std::string serial_number;             // SN: 1..20 printable ASCII characters
    std::string model_number;              // MN: 1..40 printable ASCII characters
    std::string firmware_revision;         // FR: 1..8 printable ASCII characters
    std::uint16_t controller_id = 0;       // CNTLID
    // Largest data transfer in bytes, min_page_bytes * 2^MDTS; 0 means no limit (MDTS = 0).
    std::uint64_t max_transfer_bytes = 0;
    // CAP.MPSMIN memory page size in bytes, the MDTS unit: a power of two 4096..128 MiB.
    std::uint64_t min_page_bytes = 0;
    // VWC bit 0: a volatile write cache is present (Flush then has work to do).
    bool volatile_write_cache = false;
    // Throws std::invalid_argument naming the field, its value and what is allowed.
    void validate() const;
};

// Identify Controller data (CNS 01h). Fills VID, SSVID, SN, MN, FR, MDTS, CNTLID, VER (1.4),
// CNTRLTYPE (I/O controller), ACL and AERL (4 each, the spec's recommended minimum), FRMW (one
// writable slot), SQES 66h, CQES 44h, NN, VWC (Flush with NSID FFFFFFFFh supported) and zero for
// every optional capability. Throws std::invalid_argument if `identity` is invalid.
identify_page build_identify_controller(const controller_identity& identity);

// Identify Namespace data (CNS 00h) for `size_lbas` LBAs of `lba_bytes` bytes: NSZE = NCAP =
// NUSE = size_lbas (no thin provisioning), NLBAF 0, FLBAS 0, LBAF0 with MS 0, LBADS =
// log2(lba_bytes), RP 0. Throws std::invalid_argument unless size_lbas > 0 and lba_bytes is a
// power of two of at least 512 (LBADS >= 9) and at most 2^31.
identify_page build_identify_namespace(std::uint64_t size_lbas, std::uint32_t lba_bytes);

// Active Namespace ID list (CNS 02h): active NSIDs greater than `after_nsid`, ascending, as
// 32-bit entries, zero-filled.
identify_page build_active_namespace_list(std::uint32_t after_nsid);

// Status for an Identify command before any data is built: Invalid Field for PSDT or FUSE other
// than 00b or an unsupported CNS; Invalid Namespace or Format for CNS 00h with an NSID other than
// an active one and for CNS 02h with NSID FFFFFFFEh or FFFFFFFFh.
nvme::status check_identify(const nvme::submission_entry& cmd);

// CNS field of an Identify command (CDW10 bits 7:0).
constexpr std::uint8_t identify_cns(const nvme::submission_entry& cmd) {
    return cmd.cdw10 & 0xFF;
}

} // namespace osvp::fw
