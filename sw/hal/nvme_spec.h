// NVM Express Base Specification 1.4 facts shared by the firmware and the NVMe controller model:
// register map and fields (section 3.1), queue entries (4.2, 4.6), opcodes (5, 6), status codes
// (4.6.1.2), feature identifiers (5.21.1) and asynchronous event information (5.2).
// All multi-byte structures are little endian; the structs below assume a little-endian host.
#pragma once
#include <cstddef>
#include <cstdint>
#include <ostream>
#include <stdexcept>
#include <string>

namespace osvp::nvme {

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
              "NVMe structures are little endian; this layout needs a little-endian host");

// One register field at bits [Lo, Lo+Width) of a 32- or 64-bit register.
template <unsigned Lo, unsigned Width>
struct bit_field {
    static_assert(Width >= 1 && Lo + Width <= 64, "field must lie inside a 64-bit register");
    static constexpr std::uint64_t max = Width == 64 ? ~0ull : (1ull << Width) - 1;
    static constexpr std::uint64_t mask = max << Lo;
    // Field value extracted from a register value.
    static constexpr std::uint64_t get(std::uint64_t reg) { return (reg >> Lo) & max; }
    // Register value with this field replaced; throws if value does not fit in Width bits.
    static constexpr std::uint64_t set(std::uint64_t reg, std::uint64_t value) {
        if (value > max) {
            throw std::invalid_argument("register field value " + std::to_string(value) +
                                        " exceeds its maximum " + std::to_string(max));
        }
        return (reg & ~mask) | (value << Lo);
    }
};

// Controller register byte offsets in BAR0 (section 3.1).
namespace reg {
inline constexpr std::uint32_t CAP = 0x00;             // 64-bit Controller Capabilities
inline constexpr std::uint32_t VS = 0x08;              // Version
inline constexpr std::uint32_t INTMS = 0x0C;           // Interrupt Mask Set
inline constexpr std::uint32_t INTMC = 0x10;           // Interrupt Mask Clear
inline constexpr std::uint32_t CC = 0x14;              // Controller Configuration
inline constexpr std::uint32_t CSTS = 0x1C;            // Controller Status
inline constexpr std::uint32_t NSSR = 0x20;            // NVM Subsystem Reset
inline constexpr std::uint32_t AQA = 0x24;             // Admin Queue Attributes
inline constexpr std::uint32_t ASQ = 0x28;             // 64-bit Admin Submission Queue base
inline constexpr std::uint32_t ACQ = 0x30;             // 64-bit Admin Completion Queue base
inline constexpr std::uint32_t DOORBELL_BASE = 0x1000; // SQ0TDBL
} // namespace reg

// CAP fields (3.1.1): MQES 0's based entries, TO in 500 ms units, DSTRD doorbell stride
// 2^(2+DSTRD) bytes, MPSMIN/MPSMAX page size 2^(12+n) bytes, CSS bit 0 = NVM command set.
namespace cap {
using MQES = bit_field<0, 16>;
using CQR = bit_field<16, 1>;
using AMS = bit_field<17, 2>;
using TO = bit_field<24, 8>;
using DSTRD = bit_field<32, 4>;
using NSSRS = bit_field<36, 1>;
using CSS = bit_field<37, 8>;
using MPSMIN = bit_field<48, 4>;
using MPSMAX = bit_field<52, 4>;
} // namespace cap

// CC fields (3.1.5): IOSQES/IOCQES are log2 of the I/O queue entry size in bytes.
namespace cc {
using EN = bit_field<0, 1>;
using CSS = bit_field<4, 3>;
using MPS = bit_field<7, 4>;
using AMS = bit_field<11, 3>;
using SHN = bit_field<14, 2>;
using IOSQES = bit_field<16, 4>;
using IOCQES = bit_field<20, 4>;
} // namespace cc

// CSTS fields (3.1.6); SHST 2h = shutdown processing complete.
namespace csts {
using RDY = bit_field<0, 1>;
using CFS = bit_field<1, 1>;
using SHST = bit_field<2, 2>;
using NSSRO = bit_field<4, 1>;
using PP = bit_field<5, 1>;
} // namespace csts

// AQA fields (3.1.8): 0's based admin queue sizes, 2..4096 entries.
namespace aqa {
using ASQS = bit_field<0, 12>;
using ACQS = bit_field<16, 12>;
} // namespace aqa

// VS value of this implementation: MJR 1, MNR 4, TER 0 (3.1.2).
inline constexpr std::uint32_t version_1_4 = 0x00010400;
// CAP.TO unit in milliseconds (3.1.1).
inline constexpr std::uint32_t timeout_unit_ms = 500;
// Submission/completion queue entry sizes required for the NVM command set: 2^6 and 2^4 bytes.
inline constexpr unsigned sqe_size_log2 = 6;
inline constexpr unsigned cqe_size_log2 = 4;
// Largest queue the spec allows (16-bit 0's based size fields): 65536 entries (4.1.3).
inline constexpr std::uint32_t max_queue_entries = 65536;
// Admin queues are at most 4096 entries (AQA fields are 12 bits, 3.1.8).
inline constexpr std::uint32_t max_admin_queue_entries = 4096;

// Memory page size in bytes for a CC.MPS / CAP.MPSMIN / CAP.MPSMAX code (3.1.5).
constexpr std::uint64_t memory_page_bytes(std::uint64_t mps) {
    if (mps > 15) {
        throw std::invalid_argument("memory page size code " + std::to_string(mps) +
                                    " out of range; allowed 0..15");
    }
    return 1ull << (12 + mps);
}

// Byte offset of the SQ y Tail Doorbell: 1000h + (2y) * (4 << CAP.DSTRD) (3.1.24).
constexpr std::uint64_t sq_tail_doorbell(std::uint16_t qid, std::uint32_t dstrd) {
    return reg::DOORBELL_BASE + (2ull * qid) * (4ull << dstrd);
}
// Byte offset of the CQ y Head Doorbell: 1000h + (2y + 1) * (4 << CAP.DSTRD) (3.1.25).
constexpr std::uint64_t cq_head_doorbell(std::uint16_t qid, std::uint32_t dstrd) {
    return reg::DOORBELL_BASE + (2ull * qid + 1) * (4ull << dstrd);
}

// Admin command opcodes (section 5).
namespace admin_opcode {
inline constexpr std::uint8_t delete_io_sq = 0x00;
inline constexpr std::uint8_t create_io_sq = 0x01;
inline constexpr std::uint8_t get_log_page = 0x02;
inline constexpr std::uint8_t delete_io_cq = 0x04;
inline constexpr std::uint8_t create_io_cq = 0x05;
inline constexpr std::uint8_t identify = 0x06;
inline constexpr std::uint8_t abort = 0x08;
inline constexpr std::uint8_t set_features = 0x09;
inline constexpr std::uint8_t get_features = 0x0A;
inline constexpr std::uint8_t async_event_request = 0x0C;
} // namespace admin_opcode

// NVM command set opcodes (section 6).
namespace nvm_opcode {
inline constexpr std::uint8_t flush = 0x00;
inline constexpr std::uint8_t write = 0x01;
inline constexpr std::uint8_t read = 0x02;
} // namespace nvm_opcode

// Identify CNS values (5.15).
namespace cns {
inline constexpr std::uint8_t namespace_data = 0x00;
inline constexpr std::uint8_t controller_data = 0x01;
inline constexpr std::uint8_t active_namespace_list = 0x02;
} // namespace cns
// Identify data and namespace list size in bytes (5.15.2).
inline constexpr std::size_t identify_bytes = 4096;
// NSID meaning "all namespaces" (broadcast) and the other reserved value (6.1.2).
inline constexpr std::uint32_t nsid_broadcast = 0xFFFFFFFF;
inline constexpr std::uint32_t nsid_reserved = 0xFFFFFFFE;

// Feature identifiers (5.21.1). C0h..FFh are vendor specific; this project uses C0h
// for the OptimStore `parameter_set` (hyper-parameters and tensor layout) and C1h for the
// `command_sequence` (per-super-page ONFI command template), after the paper's section on the
// host interface.
namespace feature {
inline constexpr std::uint8_t arbitration = 0x01;
inline constexpr std::uint8_t volatile_write_cache = 0x06;
inline constexpr std::uint8_t number_of_queues = 0x07;
inline constexpr std::uint8_t interrupt_coalescing = 0x08;
inline constexpr std::uint8_t async_event_config = 0x0B;
inline constexpr std::uint8_t vendor_first = 0xC0;
inline constexpr std::uint8_t vendor_last = 0xFF;
inline constexpr std::uint8_t parameter_set = 0xC0;
inline constexpr std::uint8_t command_sequence = 0xC1;
} // namespace feature

// Asynchronous event type "error status" and its information codes (5.2.1).
namespace async_event {
inline constexpr std::uint8_t type_error = 0x0;
inline constexpr std::uint8_t invalid_doorbell_register = 0x00;
inline constexpr std::uint8_t invalid_doorbell_value = 0x01;
} // namespace async_event

// Status Code Type (4.6.1.2).
enum class status_type : std::uint8_t {
    generic = 0,
    command_specific = 1,
    media = 2,
    path = 3,
    vendor = 7
};

// A completion status: Status Code Type plus Status Code.
struct status {
    status_type type = status_type::generic;
    std::uint8_t code = 0;
    // True for Successful Completion.
    constexpr bool ok() const { return type == status_type::generic && code == 0; }
};
constexpr bool operator==(status a, status b) {
    return a.type == b.type && a.code == b.code;
}
constexpr bool operator!=(status a, status b) {
    return !(a == b);
}
inline std::ostream& operator<<(std::ostream& os, status s) {
    return os << "status{sct=" << unsigned(s.type) << ", sc=0x" << std::hex << unsigned(s.code)
              << std::dec << "}";
}

// The status codes this project uses: generic (4.6.1.2.1) and command specific (4.6.1.2.2, with
// the admin command sections that define them).
namespace status_code {
inline constexpr status success{status_type::generic, 0x00};
inline constexpr status invalid_opcode{status_type::generic, 0x01};
inline constexpr status invalid_field{status_type::generic, 0x02};
inline constexpr status data_transfer_error{status_type::generic, 0x04};
inline constexpr status internal_error{status_type::generic, 0x06};
inline constexpr status aborted_sq_deletion{status_type::generic, 0x08};
inline constexpr status invalid_namespace{status_type::generic, 0x0B};
inline constexpr status command_sequence_error{status_type::generic, 0x0C};
inline constexpr status invalid_prp_offset{status_type::generic, 0x13};
inline constexpr status lba_out_of_range{status_type::generic, 0x80};
inline constexpr status capacity_exceeded{status_type::generic, 0x81};
inline constexpr status completion_queue_invalid{status_type::command_specific, 0x00};
inline constexpr status invalid_queue_identifier{status_type::command_specific, 0x01};
inline constexpr status invalid_queue_size{status_type::command_specific, 0x02};
inline constexpr status invalid_interrupt_vector{status_type::command_specific, 0x08};
inline constexpr status invalid_log_page{status_type::command_specific, 0x09};
inline constexpr status invalid_queue_deletion{status_type::command_specific, 0x0C};
inline constexpr status feature_not_saveable{status_type::command_specific, 0x0D};
inline constexpr status feature_not_changeable{status_type::command_specific, 0x0E};
} // namespace status_code

// 64-byte Submission Queue Entry (4.2): CDW0 holds OPC 7:0, FUSE 9:8, PSDT 15:14 and
// CID 31:16; DPTR is PRP1/PRP2 when PSDT = 00b.
struct submission_entry {
    std::uint32_t cdw0 = 0;
    std::uint32_t nsid = 0;
    std::uint32_t cdw2 = 0;
    std::uint32_t cdw3 = 0;
    std::uint64_t mptr = 0;
    std::uint64_t prp1 = 0;
    std::uint64_t prp2 = 0;
    std::uint32_t cdw10 = 0;
    std::uint32_t cdw11 = 0;
    std::uint32_t cdw12 = 0;
    std::uint32_t cdw13 = 0;
    std::uint32_t cdw14 = 0;
    std::uint32_t cdw15 = 0;

    constexpr std::uint8_t opcode() const { return cdw0 & 0xFF; }
    constexpr std::uint8_t fuse() const { return (cdw0 >> 8) & 0x3; }
    constexpr std::uint8_t psdt() const { return (cdw0 >> 14) & 0x3; }
    constexpr std::uint16_t cid() const { return cdw0 >> 16; }
};
static_assert(sizeof(submission_entry) == 64, "SQE is 64 bytes (NVMe 1.4 4.2)");
static_assert(offsetof(submission_entry, prp1) == 24 && offsetof(submission_entry, cdw10) == 40,
              "SQE field offsets follow NVMe 1.4 section 4.2");

// CDW0 value for an opcode and command identifier (FUSE = 0, PSDT = PRP).
constexpr std::uint32_t make_cdw0(std::uint8_t opcode, std::uint16_t cid) {
    return opcode | (std::uint32_t{cid} << 16);
}

// 16-byte Completion Queue Entry (4.6). status_phase is DW3 bits 31:16: bit 0 is the
// Phase Tag, bits 15:1 the Status Field (SC 8 bits, SCT 3 bits, CRD 2 bits, M, DNR).
struct completion_entry {
    std::uint32_t dw0 = 0;
    std::uint32_t dw1 = 0;
    std::uint16_t sq_head = 0;
    std::uint16_t sq_id = 0;
    std::uint16_t cid = 0;
    std::uint16_t status_phase = 0;

    constexpr bool phase() const { return status_phase & 1; }
    constexpr nvme::status status() const {
        return {static_cast<status_type>((status_phase >> 9) & 0x7),
                static_cast<std::uint8_t>(status_phase >> 1)};
    }
    constexpr bool do_not_retry() const { return status_phase >> 15; }
};
static_assert(sizeof(completion_entry) == 16, "CQE is 16 bytes (NVMe 1.4 4.6)");
static_assert(offsetof(completion_entry, status_phase) == 14,
              "CQE status field offset follows NVMe 1.4 section 4.6");

// DW3 bits 31:16 for a status, Do Not Retry flag and Phase Tag.
constexpr std::uint16_t make_status_phase(status s, bool dnr, bool phase) {
    return static_cast<std::uint16_t>((dnr ? 0x8000u : 0u) |
                                      (static_cast<unsigned>(s.type) & 0x7) << 9 |
                                      unsigned{s.code} << 1 | (phase ? 1u : 0u));
}

} // namespace osvp::nvme
