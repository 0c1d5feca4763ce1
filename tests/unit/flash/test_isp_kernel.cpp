// The C-ISP engine's kernel (models/controller/isp_kernel): Adam's die template run over a DRAM
// staging buffer must give, element by element, exactly the PE pipeline sequence of the paper's
// fused Adam (pe_arith: LVS, QVS, ISQRT, VMUL, LVS), and its planned work must be the template's
// closed form: five ODC passes over a page, four pages in (W, M, V, G), three out.
#include "controller/isp_kernel.h"
#include "optim/optimizer_program.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <random>

namespace osvp {
namespace {

constexpr std::size_t page = 8192;
constexpr std::size_t n = page / 4;

odp::odp_config config(bool data) {
    odp::odp_config c;
    c.store_data = data;
    return c;
}

fw::fic::odp_constants adam_constants() {
    fw::fic::odp_constants c{};
    c.generation = 1;
    c.count = 4;
    c.entries[0] = {fw::creg_m, {0, 0, 0}, 0.9f, 1.3e-5f};
    c.entries[1] = {fw::creg_v, {0, 0, 0}, 0.999f, 9.5e-10f};
    c.entries[2] = {fw::creg_isqrt, {0, 0, 0}, 1.0f, 0.0f};
    c.entries[3] = {fw::creg_w, {0, 0, 0}, 1.0f, -1.0f};
    return c;
}

TEST(IspKernel, AdamEqualsThePePipelineBitForBit) {
    isp_kernel k(config(true));
    ASSERT_TRUE(k.set_template(fw::build_program(fw::optimizer_kind::adam).commands));
    const fw::fic::odp_constants c = adam_constants();
    ASSERT_TRUE(k.set_constants(c));
    std::mt19937 rng(7);
    std::uniform_real_distribution<float> u(-1.0f, 1.0f);
    std::vector<float> states(4 * n), g(n);
    for (std::size_t i = 0; i < n; ++i) {
        states[i] = u(rng);
        states[n + i] = u(rng) * 1e-3f;
        states[2 * n + i] = std::fabs(u(rng)) * 1e-4f + 1e-8f;
        g[i] = u(rng) * 100.0f;
    }
    std::vector<float> out = states;
    ASSERT_EQ(k.run(reinterpret_cast<std::uint8_t*>(out.data()),
                    reinterpret_cast<const std::uint8_t*>(g.data())),
              hal::odp_status::ok);
    const odp::isqrt_config isqrt;
    for (std::size_t i = 0; i < n; ++i) {
        const float m = odp::pe_lvs(c.entries[0].a, c.entries[0].b, states[n + i], g[i]);
        const float v = odp::pe_qvs(c.entries[1].a, c.entries[1].b, states[2 * n + i], g[i]);
        const float step = odp::pe_vmul(m, odp::pe_isqrt(1.0f, 0.0f, v, isqrt));
        const float w = odp::pe_lvs(c.entries[3].a, c.entries[3].b, states[i], step);
        ASSERT_EQ(std::memcmp(&out[i], &w, 4), 0) << "W element " << i;
        ASSERT_EQ(std::memcmp(&out[n + i], &m, 4), 0) << "M element " << i;
        ASSERT_EQ(std::memcmp(&out[2 * n + i], &v, 4), 0) << "V element " << i;
    }
    EXPECT_EQ(out[3 * n], states[3 * n]) << "the idle fourth plane is not written";
}

TEST(IspKernel, PlanIsTheTemplatesClosedForm) {
    isp_kernel k(config(false));
    ASSERT_TRUE(k.set_template(fw::build_program(fw::optimizer_kind::adam).commands));
    const isp_work w = k.plan();
    EXPECT_EQ(w.element_passes, 5 * n);
    EXPECT_EQ(w.bytes_in, 4 * page);
    EXPECT_EQ(w.bytes_out, 3 * page);
    EXPECT_EQ(k.run(nullptr, nullptr), hal::odp_status::bad_opcode) << "no constants installed";
}

TEST(IspKernel, RefusesABrokenTemplate) {
    isp_kernel k(config(false));
    hal::odp_template t{};
    EXPECT_FALSE(k.set_template(t));
    EXPECT_FALSE(k.ready());
}

} // namespace
} // namespace osvp
