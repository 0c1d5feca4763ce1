// Optimizer firmware: parameter validation, LR schedules, the iteration manager's constants in
// closed form, and the command templates (the paper's 9-step Adam sequence).
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "optim/iteration_manager.h"
#include "optim/optimizer_program.h"

namespace osvp::fw {
namespace {

using hal::odp_opcode;

template <typename F>
void expect_invalid(F f, const std::string& needle) {
    try {
        f();
        ADD_FAILURE() << "no exception, expected: " << needle;
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string::npos, std::string(e.what()).find(needle)) << e.what();
    }
}

TEST(OptimizerParams, DefaultIsPaperExactAdam) {
    const optimizer_params p;
    EXPECT_EQ(optimizer_kind::adam, p.kind);
    EXPECT_EQ(0.0, p.eps);
    EXPECT_EQ(0.0, p.weight_decay);
    EXPECT_NO_THROW(p.validate());
}

TEST(OptimizerParams, ValidateNamesFieldAndValue) {
    auto with = [](auto change) {
        optimizer_params p;
        change(p);
        return [p] { p.validate(); };
    };
    expect_invalid(with([](optimizer_params& p) { p.lr = 0.0; }), "lr = 0");
    expect_invalid(with([](optimizer_params& p) { p.lr = NAN; }), "lr = nan");
    expect_invalid(with([](optimizer_params& p) { p.beta1 = 1.0; }), "beta1 = 1 ");
    expect_invalid(with([](optimizer_params& p) { p.beta2 = -0.1; }), "beta2 = -0.1");
    expect_invalid(with([](optimizer_params& p) { p.momentum = 1.5; }), "momentum = 1.5");
    expect_invalid(with([](optimizer_params& p) { p.alpha = 2.0; }), "alpha = 2");
    expect_invalid(with([](optimizer_params& p) { p.eps = -1e-8; }), "eps = -1");
    expect_invalid(with([](optimizer_params& p) { p.loss_scale = 0.0; }), "loss_scale = 0");
    expect_invalid(with([](optimizer_params& p) { p.weight_decay = 0.01; }),
                   "0 unless kind is adamw");
    expect_invalid(with([](optimizer_params& p) {
                       p.kind = optimizer_kind::adamw;
                       p.weight_decay = 2000.0;
                   }),
                   "lr * weight_decay < 1");
}

TEST(OptimizerParams, KindNamesRoundTrip) {
    for (optimizer_kind k :
         {optimizer_kind::adam, optimizer_kind::adamw, optimizer_kind::sgd_momentum,
          optimizer_kind::adagrad, optimizer_kind::rmsprop}) {
        EXPECT_EQ(k, parse_optimizer_kind(optimizer_kind_name(k)));
    }
    expect_invalid([] { parse_optimizer_kind("lamb"); }, "\"lamb\" unknown");
}

TEST(LrSchedule, ClosedForms) {
    lr_schedule s;
    EXPECT_EQ(0.5, s.lr_at(0.5, 77));
    s.kind = lr_schedule_kind::step_decay;
    s.step_size = 10;
    s.gamma = 0.5;
    EXPECT_EQ(1.0, s.lr_at(1.0, 1));
    EXPECT_EQ(1.0, s.lr_at(1.0, 10));
    EXPECT_EQ(0.5, s.lr_at(1.0, 11));
    EXPECT_EQ(0.25, s.lr_at(1.0, 21));
    s = lr_schedule{lr_schedule_kind::warmup_cosine, 1, 1.0, 10, 110, 0.1};
    EXPECT_DOUBLE_EQ(0.1, s.lr_at(1.0, 1));
    EXPECT_DOUBLE_EQ(1.0, s.lr_at(1.0, 10));
    EXPECT_DOUBLE_EQ(0.55, s.lr_at(1.0, 60));
    EXPECT_DOUBLE_EQ(0.1, s.lr_at(1.0, 110));
    EXPECT_DOUBLE_EQ(0.1, s.lr_at(1.0, 500));
    expect_invalid([&] { s.lr_at(1.0, 0); }, "step 0");
    expect_invalid([&] { s.lr_at(-1.0, 3); }, "base lr -1");
}

TEST(LrSchedule, ValidateRefusesSchedulesThatReachZero) {
    expect_invalid(
        [] {
            lr_schedule{lr_schedule_kind::step_decay, 0, 0.1}.validate();
        },
        "step_size 0");
    expect_invalid([] { lr_schedule{lr_schedule_kind::step_decay, 5, 0.0}.validate(); }, "gamma 0");
    expect_invalid(
        [] { lr_schedule{lr_schedule_kind::warmup_cosine, 1, 1, 10, 10, 0.1}.validate(); },
        "warmup_steps 10");
    expect_invalid(
        [] { lr_schedule{lr_schedule_kind::warmup_cosine, 1, 1, 0, 10, 0.0}.validate(); },
        "min_lr_ratio");
}

const const_load& find(const step_constants& c, std::uint8_t reg) {
    for (const const_load& l : c.loads) {
        if (l.reg == reg) {
            return l;
        }
    }
    throw std::runtime_error("constant register " + std::to_string(reg) + " not loaded");
}

TEST(IterationManager, AdamConstantsFollowAlgorithmOneWithLrFolding) {
    optimizer_params p;
    p.eps = 1e-4;
    iteration_manager im(p, lr_schedule{});
    const step_constants c1 = im.next_step_with_lr(0.01, 1024.0);
    EXPECT_EQ(1u, c1.step);
    EXPECT_EQ(0.0f, find(c1, creg_m).a);
    EXPECT_EQ(static_cast<float>(0.01 / 1024), find(c1, creg_m).b);
    EXPECT_EQ(0.0f, find(c1, creg_v).a);
    EXPECT_EQ(static_cast<float>(1.0 / (1024.0 * 1024.0)), find(c1, creg_v).b);
    EXPECT_EQ(1.0f, find(c1, creg_isqrt).a);
    EXPECT_EQ(static_cast<float>(1e-8), find(c1, creg_isqrt).b);
    EXPECT_EQ(1.0f, find(c1, creg_w).a);
    EXPECT_EQ(-1.0f, find(c1, creg_w).b);
    const step_constants c2 = im.next_step_with_lr(0.03, 2048.0);
    // t = 2: a_m = b1 (1 - b1) / (1 - b1^2) * lr2/lr1 = b1 / (1 + b1) * 3.
    EXPECT_EQ(static_cast<float>(0.9 / 1.9 * 3.0), find(c2, creg_m).a);
    EXPECT_EQ(static_cast<float>(0.1 / 0.19 * 0.03 / 2048), find(c2, creg_m).b);
    EXPECT_EQ(static_cast<float>(0.999 / 1.999), find(c2, creg_v).a);
    EXPECT_EQ(static_cast<float>(0.001 / (1 - 0.999 * 0.999) / (2048.0 * 2048.0)),
              find(c2, creg_v).b);
    EXPECT_EQ(2u, im.step());
    EXPECT_EQ(0.03, im.lr());
}

TEST(IterationManager, OtherOptimizersConstants) {
    optimizer_params p;
    p.kind = optimizer_kind::adamw;
    p.weight_decay = 0.1;
    EXPECT_EQ(static_cast<float>(1 - 0.02 * 0.1),
              find(iteration_manager(p, {}).next_step_with_lr(0.02, 1), creg_w).a);
    p = optimizer_params{};
    p.kind = optimizer_kind::sgd_momentum;
    const step_constants s = iteration_manager(p, {}).next_step_with_lr(0.02, 4);
    EXPECT_EQ(0.9f, find(s, creg_m).a);
    EXPECT_EQ(0.25f, find(s, creg_m).b);
    EXPECT_EQ(-0.02f, find(s, creg_w).b);
    EXPECT_EQ(2u, s.loads.size());
    p.kind = optimizer_kind::rmsprop;
    const step_constants r = iteration_manager(p, {}).next_step_with_lr(0.02, 4);
    EXPECT_EQ(0.99f, find(r, creg_v).a);
    EXPECT_EQ(static_cast<float>(0.01 / 16), find(r, creg_v).b);
    EXPECT_EQ(static_cast<float>(-0.005), find(r, creg_w).b);
    p.kind = optimizer_kind::adagrad;
    const step_constants a = iteration_manager(p, {}).next_step_with_lr(0.02, 4);
    EXPECT_EQ(1.0f, find(a, creg_v).a);
    EXPECT_EQ(1.0f / 16, find(a, creg_v).b);
}

TEST(IterationManager, UsesItsScheduleAndRefusesBadSteps) {
    optimizer_params p;
    p.lr = 1.0;
    iteration_manager im(p, lr_schedule{lr_schedule_kind::warmup_cosine, 1, 1, 4, 8, 0.5});
    EXPECT_EQ(0.25, im.next_step().lr);
    EXPECT_EQ(0.5, im.next_step(8.0).lr);
    expect_invalid([&] { im.next_step_with_lr(0.0, 1.0); }, "lr 0");
    expect_invalid([&] { im.next_step_with_lr(1.0, -1.0); }, "loss_scale -1");
    EXPECT_EQ(2u, im.step()) << "refused steps do not advance t";
    EXPECT_THROW(im.next_step_with_lr(1.0, 1e30), std::runtime_error) << "b_v underflows";
    optimizer_params w;
    w.kind = optimizer_kind::adamw;
    w.weight_decay = 0.5;
    expect_invalid([&] { iteration_manager(w, {}).next_step_with_lr(2.0, 1.0); },
                   "lr * weight_decay >= 1");
}

std::vector<odp_opcode> ops(const hal::odp_template& t) {
    std::vector<odp_opcode> v;
    for (std::size_t i = 0; i < t.step_count; ++i) {
        v.push_back(t.steps[i].op);
    }
    return v;
}

TEST(OptimizerProgram, AdamIsThePapersNineStepSequence) {
    const optimizer_program a = build_program(optimizer_kind::adam);
    EXPECT_EQ(0, a.layout.w_plane);
    EXPECT_EQ(1, a.layout.m_plane);
    EXPECT_EQ(2, a.layout.v_plane);
    EXPECT_EQ(0x7, a.layout.plane_mask);
    EXPECT_EQ(3, a.layout.states_per_param);
    using o = odp_opcode;
    const std::vector<o> want = {o::vpp,    o::bpr,   o::rcache, o::lvs, o::qvs,    o::pcache,
                                 o::rcache, o::isqrt, o::vmul,   o::lvs, o::pcache, o::bpp};
    EXPECT_EQ(want, ops(a.commands));
    const hal::odp_step& lvs = a.commands.steps[3];
    const hal::odp_step& qvs = a.commands.steps[4];
    EXPECT_TRUE(lvs.flags & hal::step_concurrent_with_next) << "step 3 runs LVS || QVS";
    EXPECT_EQ(a.layout.w_plane, lvs.v2_plane) << "G is broadcast from the W plane";
    EXPECT_EQ(a.layout.w_plane, qvs.v2_plane);
    EXPECT_EQ(0x1, a.commands.steps[0].plane_mask) << "G is VPP'd into the W plane";
    EXPECT_EQ(ops(a.commands), ops(build_program(optimizer_kind::adamw).commands));
}

TEST(OptimizerProgram, OtherLayoutsAndPlaneLimits) {
    const optimizer_program s = build_program(optimizer_kind::sgd_momentum);
    EXPECT_EQ(2, s.layout.states_per_param);
    EXPECT_EQ(no_plane, s.layout.v_plane);
    const optimizer_program r = build_program(optimizer_kind::rmsprop);
    EXPECT_EQ(1, r.layout.v_plane);
    EXPECT_EQ(no_plane, r.layout.m_plane);
    EXPECT_EQ(ops(r.commands), ops(build_program(optimizer_kind::adagrad).commands));
    for (const optimizer_program& p : {s, r}) {
        EXPECT_NO_THROW(hal::validate_template(p.commands, 2));
    }
    expect_invalid([] { build_program(optimizer_kind::adam, 2); }, "stores 3 states");
    expect_invalid([] { build_program(static_cast<optimizer_kind>(9)); }, "kind 9 unknown");
}

} // namespace
} // namespace osvp::fw
