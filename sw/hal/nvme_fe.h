// NVMe front end, firmware side (register window at memory_map::nvme_fe_base). The front end is
// hardware: it owns BAR0 (CAP, CC, CSTS, AQA/ASQ/ACQ, doorbells), fetches submission queue
// entries by DMA when the host rings a doorbell, walks PRPs and moves data between host memory
// and SSD DRAM, and posts completion entries with an MSI-X interrupt. Firmware decides: it pops
// fetched commands, asks for data transfers, asks for completions, and applies queue
// creation/deletion commands through the front end's queue table.
#pragma once
#include "hal/nvme_spec.h"

#include <cstdint>

namespace osvp::fw::nvme_fe {

/// A fetched command (72 bytes), read whole from reg_command; reading pops it.
struct fetched_command {
    std::uint16_t sqid;
    std::uint16_t reserved;
    std::uint32_t valid; ///< 0 when the queue of fetched commands was empty
    nvme::submission_entry sqe;
};
static_assert(sizeof(fetched_command) == 72);

enum class direction : std::uint8_t { host_to_dram = 0, dram_to_host = 1 };

/// dma_request::flags bit: the transfer carries an I/O command's data (Read/Write), not admin
/// data; a timing-only platform may move no payload bytes for it.
inline constexpr std::uint8_t dma_flag_io_data = 1;

/// A data transfer between the host buffer described by PRP1/PRP2 and SSD DRAM (40 bytes),
/// written whole to reg_dma_submit. The transfer covers the whole host buffer of a command.
struct dma_request {
    direction dir;
    std::uint8_t flags;
    std::uint8_t reserved[2];
    std::uint32_t tag;
    std::uint64_t prp1;
    std::uint64_t prp2;
    std::uint64_t dram_address;
    std::uint32_t length;
    std::uint32_t reserved2;
};
static_assert(sizeof(dma_request) == 40);

/// Result of a transfer (8 bytes), read whole from reg_dma_done; reading pops it.
/// `status` is an NVMe status (type << 8 | code): success, Invalid PRP Offset, Data Transfer Error.
struct dma_completion {
    std::uint32_t tag;
    std::uint16_t status;
    std::uint8_t valid;
    std::uint8_t reserved;
};
static_assert(sizeof(dma_completion) == 8);

/// A completion to post (16 bytes), written whole to reg_complete. The front end fills SQ head,
/// SQ id and phase, writes the entry to the host's CQ and signals the CQ's MSI-X vector.
struct completion_request {
    std::uint16_t sqid;
    std::uint16_t cid;
    std::uint16_t status; ///< NVMe status, type << 8 | code
    std::uint16_t reserved;
    std::uint32_t dw0;
    std::uint32_t reserved2;
};
static_assert(sizeof(completion_request) == 16);

inline constexpr std::uint64_t reg_command = 0x000;       ///< read fetched_command (pop)
inline constexpr std::uint64_t reg_command_count = 0x048; ///< read32: commands waiting
inline constexpr std::uint64_t reg_dma_submit = 0x100;    ///< write dma_request
inline constexpr std::uint64_t reg_dma_done = 0x140;      ///< read dma_completion (pop)
inline constexpr std::uint64_t reg_complete = 0x180;      ///< write completion_request
/// Write the 64-byte SQE of a Create/Delete I/O SQ/CQ command: the front end applies it to its
/// queue table; then read32 reg_queue_status for the NVMe status (type << 8 | code).
inline constexpr std::uint64_t reg_queue_admin = 0x1C0;
inline constexpr std::uint64_t reg_queue_status = 0x200;

inline constexpr std::uint16_t pack_status(nvme::status s) {
    return static_cast<std::uint16_t>((static_cast<unsigned>(s.type) << 8) | s.code);
}

} // namespace osvp::fw::nvme_fe
