// Template expansion: one die command per step, one ODC command per concurrent group.
#include <gtest/gtest.h>

#include "flash/update_plan.h"
#include "optim/optimizer_program.h"

namespace osvp {
namespace {

using hal::odp_opcode;

TEST(update_plan, adam_expands_to_eleven_die_commands_with_one_concurrent_group) {
    const fw::optimizer_program p = fw::build_program(fw::optimizer_kind::adam, 4);
    const std::vector<die_step> steps = expand_template(p.commands);
    const odp_opcode want[] = {odp_opcode::vpp,    odp_opcode::bpr,    odp_opcode::rcache,
                               odp_opcode::lvs,    odp_opcode::pcache, odp_opcode::rcache,
                               odp_opcode::isqrt,  odp_opcode::vmul,   odp_opcode::lvs,
                               odp_opcode::pcache, odp_opcode::bpp};
    ASSERT_EQ(steps.size(), std::size(want));
    for (std::size_t i = 0; i < steps.size(); ++i) {
        EXPECT_EQ(steps[i].op, want[i]) << i;
        EXPECT_EQ(steps[i].odc_count, hal::is_odc(want[i]) ? (i == 3 ? 2u : 1u) : 0u) << i;
    }
    const die_step& group = steps[3];
    EXPECT_EQ(group.odcs[0].op, odp_opcode::lvs);
    EXPECT_EQ(group.odcs[1].op, odp_opcode::qvs);
    EXPECT_EQ(group.odcs[0].address.v1_plane, p.layout.m_plane);
    EXPECT_EQ(group.odcs[1].address.v1_plane, p.layout.v_plane);
    EXPECT_EQ(group.odcs[1].address.v2_plane, p.layout.w_plane);
    EXPECT_EQ(group.odcs[1].address.const_reg, fw::creg_v);
    EXPECT_EQ(group.plane_mask, (1u << p.layout.m_plane) | (1u << p.layout.v_plane));
    EXPECT_EQ(steps[1].plane_mask, p.layout.plane_mask);
}

TEST(update_plan, a_structurally_bad_template_is_rejected_with_the_step_named) {
    hal::odp_template t = fw::build_program(fw::optimizer_kind::sgd_momentum, 4).commands;
    t.steps[2].op = hal::odp_opcode::lcr;
    try {
        expand_template(t);
        FAIL() << "expected std::invalid_argument";
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("step 2"), std::string::npos) << e.what();
    }
    hal::odp_template empty{};
    EXPECT_THROW(expand_template(empty), std::invalid_argument);
}

} // namespace
} // namespace osvp
