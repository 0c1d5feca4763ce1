// ODP block: ODC execution over a column range, register copies, VPP, refusal statuses and the
// element counters the die model times.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "flash/odp/odp_unit.h"

namespace osvp::odp {
namespace {

using hal::odp_opcode;
using hal::odp_status;

constexpr std::size_t page = 64;

odp_config small_config() {
    odp_config c;
    c.page_bytes = page;
    return c;
}

void fill(plane_regs& p, float first, float step) {
    for (std::size_t i = 0; i < page / 4; ++i) {
        store_f32(p.cache_reg.data() + 4 * i, first + step * static_cast<float>(i));
    }
    p.cache_valid = true;
}

float at(const std::vector<std::uint8_t>& r, std::size_t element) {
    return load_f32(r.data() + 4 * element);
}

class OdpUnit : public ::testing::Test {
protected:
    OdpUnit() : unit(small_config()) {
        fill(unit.plane(0), 1.0f, 0.5f);
        fill(unit.plane(1), -2.0f, 0.25f);
        EXPECT_EQ(odp_status::ok, unit.load_const(3, 0.5f, -1.5f));
    }
    odp_unit unit;
};

TEST_F(OdpUnit, EachOdcAppliesItsPipelineToTheColumnRangeOnly) {
    for (odp_opcode op : {odp_opcode::lvs, odp_opcode::qvs, odp_opcode::vmul}) {
        fill(unit.plane(1), -2.0f, 0.25f);
        const std::vector<std::uint8_t> v1 = unit.plane(1).cache_reg;
        const std::vector<std::uint8_t> v2 = unit.plane(0).cache_reg;
        ASSERT_EQ(odp_status::ok, unit.execute(op, {8, 1, 0, 3}, 24));
        for (std::size_t e = 0; e < page / 4; ++e) {
            const float x = at(v1, e), y = at(v2, e);
            const float want = e < 2 || e >= 8         ? x
                               : op == odp_opcode::lvs ? pe_lvs(0.5f, -1.5f, x, y)
                               : op == odp_opcode::qvs ? pe_qvs(0.5f, -1.5f, x, y)
                                                       : pe_vmul(x, y);
            EXPECT_EQ(want, at(unit.plane(1).cache_reg, e)) << hal::opcode_name(op) << e;
        }
        EXPECT_EQ(v2, unit.plane(0).cache_reg) << "v2 is read only";
    }
    ASSERT_EQ(odp_status::ok, unit.execute(odp_opcode::isqrt, {0, 0, 0, 3}, page));
    EXPECT_EQ(pe_isqrt(0.5f, -1.5f, 4.5f, {}), at(unit.plane(0).cache_reg, 7));
    EXPECT_TRUE(std::isnan(at(unit.plane(0).cache_reg, 0))) << "0.5*1 - 1.5 < 0 gives NaN";
    EXPECT_EQ(3 * 6u + 16u, unit.counters().elements);
    EXPECT_EQ(0u, unit.counters().refused);
}

TEST_F(OdpUnit, NaNInACacheRegisterIsFiltered) {
    store_f32(unit.plane(0).cache_reg.data(), f32_from_bits(0x7FC00000u));
    ASSERT_EQ(odp_status::ok, unit.execute(odp_opcode::vmul, {0, 1, 0, 0}, 4));
    EXPECT_EQ(-3.0f, at(unit.plane(1).cache_reg, 0));
}

TEST_F(OdpUnit, RefusesBrokenCommandsAndChangesNothing) {
    const plane_regs before0 = unit.plane(0), before1 = unit.plane(1);
    struct bad {
        odp_opcode op;
        hal::odc_address a;
        std::size_t len;
        odp_status want;
    };
    const bad cases[] = {
        {odp_opcode::vpp, {0, 1, 0, 3}, 4, odp_status::bad_opcode},
        {odp_opcode::lvs, {0, 4, 0, 3}, 4, odp_status::bad_plane},
        {odp_opcode::lvs, {0, 1, 9, 3}, 4, odp_status::bad_plane},
        {odp_opcode::lvs, {0, 1, 1, 3}, 4, odp_status::bad_operand_planes},
        {odp_opcode::isqrt, {0, 1, 0, 3}, 4, odp_status::bad_operand_planes},
        {odp_opcode::lvs, {0, 1, 0, 8}, 4, odp_status::bad_const_reg},
        {odp_opcode::qvs, {0, 1, 0, 2}, 4, odp_status::const_not_loaded},
        {odp_opcode::lvs, {0, 1, 0, 3}, 0, odp_status::bad_column_range},
        {odp_opcode::lvs, {60, 1, 0, 3}, 8, odp_status::bad_column_range},
        {odp_opcode::lvs, {2, 1, 0, 3}, 4, odp_status::misaligned},
        {odp_opcode::lvs, {0, 1, 0, 3}, 6, odp_status::misaligned},
        {odp_opcode::lvs, {0, 1, 2, 3}, 4, odp_status::operand_not_valid},
        {odp_opcode::isqrt, {0, 3, 3, 3}, 4, odp_status::operand_not_valid},
    };
    for (const bad& c : cases) {
        EXPECT_EQ(c.want, unit.execute(c.op, c.a, c.len)) << hal::status_name(c.want);
    }
    const std::uint8_t byte = 0;
    EXPECT_EQ(odp_status::bad_plane, unit.vpp(4, 0, &byte, 1));
    EXPECT_EQ(odp_status::bad_column_range, unit.vpp(0, page, &byte, 1));
    EXPECT_EQ(odp_status::bad_plane, unit.pcache(0));
    EXPECT_EQ(odp_status::bad_plane, unit.pcache(0x10));
    EXPECT_EQ(odp_status::operand_not_valid, unit.pcache(0x4));
    EXPECT_EQ(odp_status::operand_not_valid, unit.rcache(0x1));
    EXPECT_EQ(odp_status::bad_const_reg, unit.load_const(8, 1.0f, 1.0f));
    const std::size_t refusals = std::size(cases) + 7;
    EXPECT_EQ(refusals, unit.counters().refused);
    EXPECT_EQ(0u, unit.counters().elements);
    EXPECT_EQ(before0.cache_reg, unit.plane(0).cache_reg);
    EXPECT_EQ(before1.cache_reg, unit.plane(1).cache_reg);
    EXPECT_FALSE(unit.plane(0).data_valid);
    EXPECT_FALSE(unit.plane(2).cache_valid);
}

TEST_F(OdpUnit, RegisterCopiesAndVppMoveWholePages) {
    ASSERT_EQ(odp_status::ok, unit.pcache(0x3));
    EXPECT_EQ(unit.plane(0).cache_reg, unit.plane(0).data_reg);
    EXPECT_TRUE(unit.plane(1).data_valid);
    const std::vector<std::uint8_t> saved = unit.plane(0).data_reg;
    std::vector<std::uint8_t> g(8, 0xAB);
    ASSERT_EQ(odp_status::ok, unit.vpp(0, 4, g.data(), g.size()));
    EXPECT_EQ(0xAB, unit.plane(0).cache_reg[4]);
    EXPECT_EQ(0xAB, unit.plane(0).cache_reg[11]);
    EXPECT_EQ(saved, unit.plane(0).data_reg) << "VPP never touches the data register";
    ASSERT_EQ(odp_status::ok, unit.rcache(0x1));
    EXPECT_EQ(saved, unit.plane(0).cache_reg);
    ASSERT_EQ(odp_status::ok, unit.vpp(2, 0, g.data(), g.size()));
    EXPECT_TRUE(unit.plane(2).cache_valid);
}

TEST(OdpUnitConfig, ValidatesGeometryAndCountsIsqrtPasses) {
    odp_config c;
    c.page_bytes = 6;
    EXPECT_THROW(odp_unit{c}, std::invalid_argument);
    c = odp_config{};
    c.plane_count = 9;
    EXPECT_THROW(odp_unit{c}, std::invalid_argument);
    c = odp_config{};
    c.isqrt.newton_iterations = 7;
    EXPECT_THROW(odp_unit{c}, std::invalid_argument);
    c = small_config();
    c.isqrt.newton_iterations = 3;
    odp_unit u(c);
    EXPECT_EQ(3u, u.passes_per_element(odp_opcode::isqrt));
    EXPECT_EQ(1u, u.passes_per_element(odp_opcode::qvs));
    fill(u.plane(2), 4.0f, 1.0f);
    ASSERT_EQ(odp_status::ok, u.load_const(0, 1.0f, 0.0f));
    ASSERT_EQ(odp_status::ok, u.execute(odp_opcode::isqrt, {0, 2, 2, 0}, page));
    EXPECT_EQ(16u, u.counters().elements);
    EXPECT_EQ(48u, u.counters().element_passes);
    EXPECT_THROW(u.plane(4), std::out_of_range);
    EXPECT_EQ(odp_config{}.page_bytes, 8192u);
}

} // namespace
} // namespace osvp::odp
