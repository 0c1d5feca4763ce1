// Flash interface controller (one per channel): the firmware posts command descriptors and
// collects completions through this register window (memory_map::fic(c)). The controller expands
// each descriptor into ONFI command sequences, merges queued single-plane reads or programs of
// one die that share block and page into one multi-plane operation, and moves page data between
// SSD DRAM and the channel.
#pragma once
#include <cstdint>

namespace osvp::fw::fic {

enum class opcode : std::uint8_t { read = 1, program = 2, erase = 3 };

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

/// Completion status (ONFI status of the operation, or a descriptor error).
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

} // namespace osvp::fw::fic
