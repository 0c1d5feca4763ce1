// ODP command interface: opcodes of the paper's table, ODC address cycles, template rules.
#include <gtest/gtest.h>

#include "hal/odp_command.h"

namespace osvp::hal {
namespace {

TEST(OdpCommand, OpcodesMatchThePaperTable) {
    EXPECT_EQ(0x01, static_cast<int>(odp_opcode::lvs));
    EXPECT_EQ(0x02, static_cast<int>(odp_opcode::qvs));
    EXPECT_EQ(0x03, static_cast<int>(odp_opcode::vmul));
    EXPECT_EQ(0x04, static_cast<int>(odp_opcode::isqrt));
    EXPECT_EQ(0x13, static_cast<int>(odp_opcode::vpp));
    EXPECT_EQ(0x16, static_cast<int>(odp_opcode::pcache));
    EXPECT_EQ(0x17, static_cast<int>(odp_opcode::rcache));
    EXPECT_EQ(0x19, static_cast<int>(odp_opcode::bpr));
    EXPECT_EQ(0x1A, static_cast<int>(odp_opcode::bpp));
    int known = 0;
    for (int v = 0; v < 256; ++v) {
        known += is_known_opcode(static_cast<std::uint8_t>(v));
    }
    EXPECT_EQ(10, known);
    EXPECT_TRUE(is_odc(odp_opcode::isqrt));
    EXPECT_FALSE(odc_is_binary(odp_opcode::isqrt));
    EXPECT_FALSE(is_odc(odp_opcode::vpp));
    EXPECT_STREQ("QVS", opcode_name(odp_opcode::qvs));
}

TEST(OdpCommand, AddressCyclesAreColumnLowHighPlanesConstant) {
    const auto c = encode_odc_address({0x1234, 2, 0, 5});
    EXPECT_EQ(0x34, c[0]);
    EXPECT_EQ(0x12, c[1]);
    EXPECT_EQ(0x02, c[2]);
    EXPECT_EQ(0x05, c[3]);
    EXPECT_EQ(0x31, encode_odc_address({0, 1, 3, 0})[2]);
}

TEST(OdpCommand, AddressRoundTripsForEveryPlanePair) {
    for (std::uint8_t v1 = 0; v1 < 16; ++v1) {
        for (std::uint8_t v2 = 0; v2 < 16; ++v2) {
            const odc_address a{static_cast<std::uint16_t>(v1 * 1000u + v2 * 4u), v1, v2,
                                static_cast<std::uint8_t>(v1 ^ v2)};
            const odc_address d = decode_odc_address(encode_odc_address(a));
            EXPECT_EQ(a.column, d.column);
            EXPECT_EQ(a.v1_plane, d.v1_plane);
            EXPECT_EQ(a.v2_plane, d.v2_plane);
            EXPECT_EQ(a.const_reg, d.const_reg);
        }
    }
    EXPECT_THROW(encode_odc_address({0, 16, 0, 0}), std::invalid_argument);
    EXPECT_THROW(encode_odc_address({0, 0, 200, 0}), std::invalid_argument);
}

TEST(OdpCommand, LcrDataIsTwoLittleEndianFloats) {
    const auto d = encode_lcr_data(1.0f, -2.5f);
    EXPECT_EQ(0x3F, d[3]);
    EXPECT_EQ(0x80, d[2]);
    EXPECT_EQ(0xC0, d[7]);
    EXPECT_EQ(0x20, d[6]);
    EXPECT_EQ(1.0f, decode_lcr_data(d)[0]);
    EXPECT_EQ(-2.5f, decode_lcr_data(d)[1]);
}

// Adam-like template: VPP, BPR, RCACHE, LVS||QVS, PCACHE.
odp_template good_template() {
    odp_template t{};
    t.steps[0] = {odp_opcode::vpp, 0x1, 0, 0, 0, 0};
    t.steps[1] = {odp_opcode::bpr, 0x7, 0, 0, 0, 0};
    t.steps[2] = {odp_opcode::rcache, 0x6, 0, 0, 0, 0};
    t.steps[3] = {odp_opcode::lvs, 0x2, 1, 0, 0, step_concurrent_with_next};
    t.steps[4] = {odp_opcode::qvs, 0x4, 2, 0, 1, 0};
    t.steps[5] = {odp_opcode::isqrt, 0x4, 2, 2, 2, 0};
    t.step_count = 6;
    return t;
}

void expect_rejected(const odp_template& t, const char* needle) {
    try {
        validate_template(t, 4);
        ADD_FAILURE() << "template accepted, expected: " << needle;
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string::npos, std::string(e.what()).find(needle)) << e.what();
    }
}

TEST(OdpTemplate, AcceptsTheConcurrentBroadcastOfStepThree) {
    EXPECT_NO_THROW(validate_template(good_template(), 4));
}

TEST(OdpTemplate, RejectsEachBrokenRuleWithAMessage) {
    odp_template t = good_template();
    t.step_count = 0;
    expect_rejected(t, "step_count 0");
    t = good_template();
    t.steps[5].op = odp_opcode::lcr;
    expect_rejected(t, "not a template step");
    t = good_template();
    t.steps[5].flags = step_concurrent_with_next;
    expect_rejected(t, "last step");
    t = good_template();
    t.steps[2].flags = step_concurrent_with_next;
    expect_rejected(t, "only ODCs");
    t = good_template();
    t.steps[4].v2_plane = 3;
    expect_rejected(t, "broadcast one v2 plane");
    t = good_template();
    t.steps[4] = {odp_opcode::isqrt, 0x1, 0, 0, 2, 0};
    expect_rejected(t, "writes the broadcast");
    t = good_template();
    t.steps[4].v1_plane = 1;
    t.steps[4].plane_mask = 0x2;
    expect_rejected(t, "already written");
    t = good_template();
    t.steps[3].plane_mask = 0x1;
    expect_rejected(t, "bit of v1_plane");
    t = good_template();
    t.steps[0].plane_mask = 0x3;
    expect_rejected(t, "exactly one plane");
    t = good_template();
    t.steps[1].v1_plane = 1;
    expect_rejected(t, "must be 0 for non-ODC");
    t = good_template();
    t.steps[1].plane_mask = 0x10;
    expect_rejected(t, "plane_mask 16");
    t = good_template();
    t.steps[3].v2_plane = 4;
    expect_rejected(t, ">= plane count 4");
    t = good_template();
    t.steps[5].v2_plane = 1;
    expect_rejected(t, "ISQRT needs");
    t = good_template();
    t.steps[4].v2_plane = 2;
    expect_rejected(t, "must differ");
    t = good_template();
    t.steps[4].const_reg = 8;
    expect_rejected(t, "constant register 8");
    t = good_template();
    t.steps[2].flags = 0x80;
    expect_rejected(t, "unknown flag");
    EXPECT_THROW(validate_template(good_template(), 9), std::invalid_argument);
}

} // namespace
} // namespace osvp::hal
