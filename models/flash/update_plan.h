// Expansion of an ODP command template (hal::odp_template, the firmware's "command_sequence",
// OptimStore Sec. III-C) into the die commands of one super-page update (optimstore.md "One
// super-page update"): each non-ODC step becomes one command and each concurrent group of ODCs
// (hal::step_concurrent_with_next) one ODC command whose members start together. The flash
// interface controller fills the addresses per super-page: BPR at the source super-page, BPP at
// the destination, VPP with the gradient page, every ODC over the whole page (column 0).
#pragma once
#include "flash/nand_die.h"
#include "hal/odp_command.h"

#include <array>
#include <vector>

namespace osvp {

/// One die command of an expanded template.
struct die_step {
    hal::odp_opcode op;      ///< for an ODC group, the first member's opcode
    std::uint8_t plane_mask; ///< planes named by the step (ODC group: the v1 planes)
    std::array<odc_op, hal::odp_max_planes> odcs{}; ///< ODC group members, column 0
    unsigned odc_count = 0;
};

/// The die commands of `t` in order. Throws std::invalid_argument (hal::validate_template for
/// hal::odp_max_planes planes) when the template breaks a structural rule; whether its planes
/// exist is the die's to check (it refuses the command).
std::vector<die_step> expand_template(const hal::odp_template& t);

} // namespace osvp
