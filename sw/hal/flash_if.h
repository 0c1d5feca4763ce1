// Flash interface controller (one per channel): the firmware posts command descriptors and
// collects completions through this register window (memory_map::fic(c)). The controller expands
// each descriptor into ONFI command sequences, merges queued single-plane reads or programs of
// one die that share block and page into one multi-plane operation, and moves page data between
// SSD DRAM and the channel.
//
// On-die processing (OptimStore Sec. III-C, optimstore.md "Host and firmware interface"): the
// firmware installs the optimizer's per-super-page command template (reg_template, the
// hal::odp_template bytes) and each step's constants (reg_constants, with a generation number),
// then posts one odp_update descriptor per super-page. The controller expands the template into
// die commands for that super-page and issues LCRs to a die before its first update of a new
// constants generation, so the firmware writes the constants once per step per channel. An
// update uses the template and constants installed when it was submitted.
#pragma once
#include "hal/odp_command.h"

#include <array>
#include <cstdint>

namespace osvp::fw::fic {

/// read/program/erase use `descriptor`; odp_update uses `odp_update_descriptor`.
enum class opcode : std::uint8_t { read = 1, program = 2, erase = 3, odp_update = 4 };

/// 32-byte command descriptor, written whole to reg_submit.
struct descriptor {
    opcode op;
    std::uint8_t die;        ///< die index on the channel
    std::uint8_t plane_mask; ///< planes; read/program data lie back to back in plane order
    std::uint8_t reserved0;
    std::uint32_t block;
    std::uint32_t page;
    std::uint32_t tag; ///< returned in the completion
    std::uint64_t dram_address;
    std::uint64_t reserved1;
};
static_assert(sizeof(descriptor) == 32);

/// 32-byte descriptor of one super-page update, written whole to reg_submit (the leading fields
/// sit where `descriptor` has them). W, M, V are read from the source super-page and the new
/// states programmed to the destination super-page (flash cannot be overwritten: the firmware
/// takes a fresh one from the reservoir map); the gradient page is VPP'd, never programmed.
struct odp_update_descriptor {
    opcode op; ///< opcode::odp_update
    std::uint8_t die;
    /// Read-path update (DeepStore, sw/hal/optimstore_if.h) when non-zero: no VPP data is
    /// fetched; after the template the controller copies these planes' data registers to their
    /// cache registers (RCACHE) and reads them out to DRAM at gradient_address + plane * page.
    std::uint8_t read_out_mask;
    std::uint8_t reserved0;
    std::uint32_t src_block;
    std::uint32_t src_page;
    std::uint32_t tag;
    std::uint64_t gradient_address; ///< DRAM address of the gradient page (page_bytes)
    std::uint32_t dst_block;
    std::uint32_t dst_page;
};
static_assert(sizeof(odp_update_descriptor) == 32);

/// One constant register load (LCR): register reg <- (a, b).
struct odp_const_entry {
    std::uint8_t reg; ///< 0..hal::odp_const_reg_count-1
    std::uint8_t reserved[3];
    float a;
    float b;
};
static_assert(sizeof(odp_const_entry) == 12);

/// The constants of one optimizer step, written whole to reg_constants. A change of
/// `generation` makes the controller reload every die's constant registers before its next
/// update; count > hal::odp_const_reg_count makes later updates fail with bad_descriptor.
struct odp_constants {
    std::uint32_t generation;
    std::uint32_t count; ///< entries used
    std::array<odp_const_entry, hal::odp_const_reg_count> entries;
};
static_assert(sizeof(odp_constants) == 8 + 12 * hal::odp_const_reg_count);

/// Completion status (ONFI status of the operation, or a descriptor error). An odp_update
/// completes with bad_descriptor when no valid template or constants are installed (a template
/// that breaks hal::validate_template's structural rules is invalid), and with refused when a die
/// refuses one of its commands (e.g. a template plane the die does not have); the sequence stops
/// at the refused command.
enum class status : std::uint8_t { ok = 0, program_fail = 1, refused = 2, bad_descriptor = 3 };

/// 8-byte completion, read whole from reg_completion (reading pops it; valid = 0 when empty).
struct completion {
    std::uint32_t tag;
    status result;
    std::uint8_t valid;
    std::uint16_t reserved;
};
static_assert(sizeof(completion) == 8);

inline constexpr std::uint64_t reg_submit = 0x00;     ///< write a descriptor
inline constexpr std::uint64_t reg_completion = 0x40; ///< read (pop) a completion
inline constexpr std::uint64_t reg_pending = 0x48;    ///< read32: completions waiting
inline constexpr std::uint64_t reg_queued = 0x4C;     ///< read32: descriptors not yet finished
inline constexpr std::uint64_t reg_template = 0x100;  ///< write hal::odp_template, whole
inline constexpr std::uint64_t reg_constants = 0x200; ///< write odp_constants, whole

} // namespace osvp::fw::fic
