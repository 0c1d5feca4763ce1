// Controller ISP engine (C-ISP mode, optimstore.md section 5; GenStore-style controller
// in-storage processing), firmware side: a register window at memory_map::isp_base. The engine
// runs the optimizer's per-super-page command template (the same hal::odp_template the dies run)
// over SSD DRAM buffers with the dies' PE arithmetic: BPR loads the states from the staging
// buffer, VPP the gradient page, ODCs compute, BPP stores the states back. The firmware installs
// the template and each step's constants exactly as for a flash interface controller, then posts
// one descriptor per super-page; completions (hal/flash_if.h fic::completion) raise irq::isp.
#pragma once
#include "hal/flash_if.h"

#include <cstdint>

namespace osvp::fw::isp {

/// One super-page update (24 bytes), written whole to reg_submit. The staging buffer holds the
/// die's planes' pages back to back in plane order (plane p at states_address + p * page).
struct descriptor {
    std::uint64_t states_address;
    std::uint64_t gradient_address; ///< one page
    std::uint32_t tag;              ///< returned in the completion
    std::uint32_t reserved;
};
static_assert(sizeof(descriptor) == 24);

inline constexpr std::uint64_t reg_submit = 0x00;     ///< write a descriptor
inline constexpr std::uint64_t reg_completion = 0x40; ///< read (pop) a fic::completion
inline constexpr std::uint64_t reg_template = 0x100;  ///< write hal::odp_template, whole
inline constexpr std::uint64_t reg_constants = 0x200; ///< write fic::odp_constants, whole

} // namespace osvp::fw::isp
