// NVM command set I/O command decode and validation (NVMe 1.4 section 6): Flush, Write and Read
// against the single namespace (NSID 1).
#pragma once
#include "hal/nvme_spec.h"

#include <cstdint>

namespace osvp::fw {

// Starting LBA of a Read or Write: CDW11:CDW10 (Read and Write commands, section 6).
constexpr std::uint64_t io_slba(const nvme::submission_entry& cmd) {
    return std::uint64_t{cmd.cdw11} << 32 | cmd.cdw10;
}
// Number of logical blocks of a Read or Write: NLB (CDW12 bits 15:0, 0's based) plus one.
constexpr std::uint32_t io_block_count(const nvme::submission_entry& cmd) {
    return (cmd.cdw12 & 0xFFFF) + 1u;
}
// Directive Type of a Write (CDW12 bits 23:20).
constexpr std::uint8_t io_directive_type(const nvme::submission_entry& cmd) {
    return (cmd.cdw12 >> 20) & 0xF;
}

// Status for an I/O command before it executes, checked in this order:
// - Invalid Command Opcode for anything but Flush, Write, Read;
// - Invalid Field in Command for FUSE or PSDT other than 00b (no fused commands, PRPs only);
// - Invalid Namespace or Format for an NSID other than 1; Flush also accepts FFFFFFFFh (all
//   namespaces, advertised through Identify Controller VWC bits 2:1 = 11b);
// - Read/Write only: Invalid Field in Command for a Write with a non-zero Directive Type
//   (directives are not supported) or a transfer of blocks * lba_bytes above max_transfer_bytes
//   (the MDTS limit, 0 = no limit); LBA Out of Range when SLBA + blocks exceeds the namespace,
//   including a 64-bit wrap of SLBA + blocks.
// PRINFO, FUA and LR are not checked: the namespace has no protection information and the
// other two are hints this controller may honour or ignore. Throws std::invalid_argument unless
// namespace_size_lbas > 0 and lba_bytes is a power of two of at least 512.
nvme::status check_io_command(const nvme::submission_entry& cmd, std::uint64_t namespace_size_lbas,
                              std::uint32_t lba_bytes, std::uint64_t max_transfer_bytes);

} // namespace osvp::fw
