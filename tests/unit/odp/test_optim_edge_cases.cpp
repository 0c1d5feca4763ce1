// Where the die departs from textbook arithmetic, stated and pinned down: zero gradients,
// gradients whose square underflows (paper-exact Adam has no epsilon: v' = 0 and ISQRT(0) is a
// large finite number, not infinity), v' overflow, bit errors in stored state (NaN filter), and
// the element counts the die model times.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "emulated_die.h"
#include "optim/optimizer_program.h"
#include "reference/reference_optimizers.h"

namespace osvp::test {
namespace {

constexpr std::size_t page_bytes = 64;
constexpr std::size_t per_page = page_bytes / 4;

struct rig {
    explicit rig(fw::optimizer_params p, float w0 = 0.5f)
        : prog(fw::build_program(p.kind)), die(config(), 1), im(p, {}) {
        die.write_state(prog.layout.w_plane, 0, std::vector<float>(per_page, w0));
        for (std::uint8_t s = 1; s < prog.layout.states_per_param; ++s) {
            die.write_state(s, 0, std::vector<float>(per_page, 0.0f));
        }
    }
    static odp::odp_config config() {
        odp::odp_config c;
        c.page_bytes = page_bytes;
        return c;
    }
    void step(float g, double lr = 1e-3, double scale = 1.0) {
        die.load_constants(im.next_step_with_lr(lr, scale));
        die.run(prog.commands, 0, std::vector<float>(per_page, g));
    }
    float state(std::uint8_t plane) const { return die.read_state(plane, 0)[0]; }

    fw::optimizer_program prog;
    emulated_die die;
    fw::iteration_manager im;
};

TEST(OptimEdgeCases, ZeroGradientsLeaveWeightsAndStatesExactlyUnchanged) {
    for (fw::optimizer_kind k : {fw::optimizer_kind::adam, fw::optimizer_kind::sgd_momentum,
                                 fw::optimizer_kind::adagrad, fw::optimizer_kind::rmsprop}) {
        fw::optimizer_params p;
        p.kind = k;
        rig r(p);
        for (int t = 0; t < 20; ++t) {
            r.step(0.0f);
        }
        EXPECT_EQ(0.5f, r.state(0)) << fw::optimizer_kind_name(k) << ": 0 * ISQRT(0) = 0";
        EXPECT_EQ(0.0f, r.state(1));
    }
}

TEST(OptimEdgeCases, PaperAdamFreezesWhereGSquaredUnderflows) {
    // |g| = 1e-40 (denormal): v' = b_v g^2 underflows to 0; m' ~ 1e-43; the update
    // m' * ISQRT(0) ~ 1e-43 * 2e19 is ~1e-24. Textbook Adam with eps = 0 would step by ~lr.
    const float g = 1e-40f;
    rig r(fw::optimizer_params{});
    reference::adam ref({0.5}, {});
    for (int t = 0; t < 20; ++t) {
        r.step(g);
        ref.step(1e-3, {double(g)});
    }
    EXPECT_EQ(0.0f, r.state(r.prog.layout.v_plane));
    EXPECT_EQ(0.5f, r.state(r.prog.layout.w_plane));
    EXPECT_NEAR(0.5 - 20 * 1e-3, ref.w()[0], 1e-9) << "textbook eps=0 Adam takes sign steps";
}

TEST(OptimEdgeCases, WithEpsilonUnderflowAgreesWithTextbook) {
    fw::optimizer_params p;
    p.eps = 1e-8;
    rig r(p);
    reference::adam ref({0.5}, {0.9, 0.999, 1e-8, reference::eps_placement::outside_sqrt});
    for (int t = 0; t < 20; ++t) {
        r.step(1e-40f);
        ref.step(1e-3, {1e-40});
    }
    EXPECT_EQ(static_cast<float>(ref.w()[0]), r.state(0));
}

TEST(OptimEdgeCases, EpsilonInsideTheRootIsWithinSqrtTwoOfTextbook) {
    // At sqrt(v) = eps the two forms differ most: 1/sqrt(2 eps^2) vs 1/(2 eps).
    const double eps = 1e-3;
    fw::optimizer_params p;
    p.eps = eps;
    p.kind = fw::optimizer_kind::rmsprop;
    p.alpha = 0.0;
    rig r(p, 0.0f);
    r.step(static_cast<float>(eps), 1.0);
    reference::root_mean_square out({0.0}, 0.0, 1.0, eps, reference::eps_placement::outside_sqrt);
    out.step(1.0, {eps});
    EXPECT_NEAR(-0.5, out.w()[0], 1e-12);
    EXPECT_NEAR(-1.0 / std::sqrt(2.0), r.state(0), 2e-3 * 0.71);
    EXPECT_LT(r.state(0) / out.w()[0], std::sqrt(2.0) + 1e-6);
}

TEST(OptimEdgeCases, VarianceOverflowFreezesTheWeightInsteadOfNaN) {
    // g = 3e38 with S = 1: b_v g^2 overflows, v' = +inf, ISQRT(+inf) = 0, update 0.
    rig r(fw::optimizer_params{});
    r.step(3e38f);
    EXPECT_TRUE(std::isinf(r.state(r.prog.layout.v_plane)));
    EXPECT_EQ(0.5f, r.state(r.prog.layout.w_plane));
}

TEST(OptimEdgeCases, NaNBitErrorInStoredMomentumIsFiltered) {
    rig r(fw::optimizer_params{});
    r.step(1.0f);
    r.die.write_state(1, 0, std::vector<float>(per_page, odp::f32_from_bits(0x7FC00000u)));
    const fw::step_constants c = r.im.next_step_with_lr(1e-3, 1.0);
    r.die.load_constants(c);
    r.die.run(r.prog.commands, 0, std::vector<float>(per_page, 1.0f));
    // m' <- a_m * 1.5 + b_m * 1 (0x7FC00000 filters to 1.5).
    const double want = double(c.loads[0].a) * 1.5 + c.loads[0].b;
    EXPECT_NEAR(want, r.state(1), 2e-7 * want);
    EXPECT_TRUE(std::isfinite(r.state(0)));
}

TEST(OptimEdgeCases, ElementCountsPerSuperPageGiveTheDieModelsWork) {
    struct k {
        fw::optimizer_kind kind;
        std::uint64_t odcs;
    };
    for (const k& c : {k{fw::optimizer_kind::adam, 5}, k{fw::optimizer_kind::sgd_momentum, 2},
                       k{fw::optimizer_kind::adagrad, 4}}) {
        fw::optimizer_params p;
        p.kind = c.kind;
        rig r(p);
        r.step(0.25f);
        r.step(-0.5f);
        EXPECT_EQ(2 * c.odcs * per_page, r.die.unit().counters().elements);
        EXPECT_EQ(0u, r.die.unit().counters().refused);
    }
}

} // namespace
} // namespace osvp::test
