// Functional numerics of every mode that updates on its own arithmetic: optimstore (the dies),
// baseline (host CPU, states swapped through the SSD in 3 chunks) and cpu (host memory).
// The real executable runs three optimizer steps of the "tiny"
// model (8270 FP32 parameters in 4 tensors, 5 pages of 2048 elements, the last holding 78) from
// .npy inputs with loss scale 1024 and a step-decay learning rate (0.01, 0.005, 0.0025), and the
// W, M, V it writes back are compared element by element with the textbook double-precision
// optimizers of tests/reference.
// Stated bound (tests/unit/odp/error_bounds.h, derived there): per step the weight change may
// differ from the textbook change by delta + r/2 + a few u relative (delta = 1.7524e-3, the
// fast one-Newton-step ISQRT bound; r = accumulated relative error of the root's input, 5u per
// step; u = 2^-24), plus the propagated momentum-state error, plus one rounding of w. The same
// recursion bounds M (absolute) and V (relative). To show the comparison is not vacuous, the
// worst error must also reach a stated fraction of the bound. The host modes compute the root
// exactly (1/sqrtf), so their bound takes the exact-root delta of error_bounds.h (2u) instead.
#include "training_fixture.h"

#include "reference/reference_optimizers.h"
#include "unit/odp/error_bounds.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <iostream>

namespace osvp::platform_test {
namespace {

constexpr unsigned steps = 3;
constexpr double loss_scale = 1024.0;
constexpr double base_lr = 0.01;
constexpr double gamma = 0.5;
constexpr double fast_isqrt_delta = 1.7524e-3;
constexpr double exact_root_delta = 2 * test::unit_roundoff;

// A mode under test and the root's relative error bound of its arithmetic.
struct mode_case {
    const char* mode;
    double delta;
};
constexpr mode_case optimstore_case{"optimstore", fast_isqrt_delta};
constexpr mode_case baseline_case{"baseline", exact_root_delta};
constexpr mode_case cpu_case{"cpu", exact_root_delta};

double lr_at(unsigned t) {
    return base_lr * std::pow(gamma, t - 1);
}

// A run's inputs and the states it wrote back (empty when the run failed).
struct training_run {
    training_data_set data;
    training_outputs out;
};

training_run run_tiny(const scratch_dir& scratch, const std::string& optimizer,
                      const std::string& mode) {
    training_run r;
    r.data = make_training_data(model_tensors("tiny"), steps, loss_scale);
    write_training_inputs(r.data, scratch.file("in"));
    const nlohmann::json config =
        dump_config({"--config", source_config("small.json").string()}, scratch);
    EXPECT_EQ(config["flash"]["isqrt_mode"], "fast") << "the bound assumes the fast ISQRT";
    EXPECT_EQ(config["flash"]["isqrt_newton_iterations"], 1) << "the bound assumes one step";
    const nlohmann::json stats =
        run_vp_stats({"--config",    source_config("small.json").string(),
                      "--mode",      mode,
                      "--set",       "baseline.chunk_parameters=4096",
                      "--model",     "tiny",
                      "--steps",     std::to_string(steps),
                      "--optimizer", optimizer,
                      "--set",       "training.data=npy",
                      "--set",       "training.input=" + scratch.file("in").string(),
                      "--set",       "training.output=" + scratch.file("out").string(),
                      "--set",       "training.optimizer.lr=" + std::to_string(base_lr),
                      "--set",       "training.optimizer.loss_scale=" + std::to_string(loss_scale),
                      "--set",       "training.optimizer.schedule.kind=step_decay",
                      "--set",       "training.optimizer.schedule.step_size=1",
                      "--set",       "training.optimizer.schedule.gamma=" + std::to_string(gamma)},
                     scratch);
    if (stats.is_null()) {
        return r;
    }
    const char* section = mode == "optimstore" ? "training" : "offload";
    EXPECT_EQ(stats["host"][section]["summary"]["parameters"], r.data.elements());
    r.out = read_training_outputs(r.data.tensors, scratch.file("out"));
    return r;
}

std::vector<double> widen(const std::vector<float>& v) {
    return std::vector<double>(v.begin(), v.end());
}

std::vector<double> true_gradient(const training_data_set& data, unsigned t) {
    std::vector<double> g = widen(data.scaled_g[t - 1]);
    for (double& x : g) {
        x /= loss_scale;
    }
    return g;
}

std::vector<std::string> expected_files(const std::vector<tensor_info>& tensors, bool m, bool v) {
    std::vector<std::string> files;
    for (const tensor_info& t : tensors) {
        files.push_back(t.name + ".w.npy");
        if (m) {
            files.push_back(t.name + ".m.npy");
        }
        if (v) {
            files.push_back(t.name + ".v.npy");
        }
    }
    std::sort(files.begin(), files.end());
    return files;
}

// Checks the output holds exactly the model's elements: one file per tensor and kept state,
// each shaped like its tensor (read_training_outputs), so the zero padding after the 78 used
// elements of the last page is never reported; every reported value is finite.
void expect_exact_outputs(const training_run& r, bool m, bool v) {
    EXPECT_EQ(r.out.files, expected_files(r.data.tensors, m, v));
    ASSERT_EQ(r.out.w.size(), r.data.elements());
    EXPECT_EQ(r.out.m.size(), m ? r.data.elements() : 0);
    EXPECT_EQ(r.out.v.size(), v ? r.data.elements() : 0);
    for (const std::vector<float>* state : {&r.out.w, &r.out.m, &r.out.v}) {
        for (float x : *state) {
            ASSERT_TRUE(std::isfinite(x));
        }
    }
}

// Tracks the worst error-to-bound ratio and counts violations.
struct error_tally {
    double worst = 0.0;
    std::uint64_t violations = 0;
    void add(double error, double bound) {
        worst = std::max(worst, error / bound);
        violations += error > bound ? 1 : 0;
    }
};

void check_adam(const mode_case& mc) {
    const scratch_dir scratch;
    const training_run r = run_tiny(scratch, "adam", mc.mode);
    ASSERT_FALSE(::testing::Test::HasFailure());
    expect_exact_outputs(r, true, true);
    ASSERT_FALSE(::testing::Test::HasFailure());

    const std::size_t n = r.data.elements();
    reference::adam ref(widen(r.data.w0),
                        {0.9, 0.999, 0.0, reference::eps_placement::inside_sqrt, 0.0});
    std::vector<test::adam_bound> bound(n);
    for (unsigned t = 1; t <= steps; ++t) {
        const std::vector<double> g = true_gradient(r.data, t);
        const std::vector<double> w_prev = ref.w();
        ref.step(lr_at(t), g);
        for (std::size_t i = 0; i < n; ++i) {
            bound[i].step(0.9, t, lr_at(t), t == 1 ? lr_at(t) : lr_at(t - 1), g[i], ref.m_hat(i),
                          ref.v_hat(i), 0.0, 1.0, w_prev[i], ref.w()[i], mc.delta);
        }
    }
    error_tally w, m, v;
    for (std::size_t i = 0; i < n; ++i) {
        w.add(std::fabs(r.out.w[i] - ref.w()[i]), bound[i].e_w);
        m.add(std::fabs(r.out.m[i] - lr_at(steps) * ref.m_hat(i)), bound[i].e_m);
        v.add(std::fabs(r.out.v[i] - ref.v_hat(i)), bound[i].r_v * ref.v_hat(i));
    }
    std::cout << mc.mode << " Adam worst error / bound: W " << w.worst << ", M " << m.worst
              << ", V " << v.worst << "\n";
    EXPECT_EQ(w.violations, 0u) << "worst W error / bound " << w.worst;
    EXPECT_EQ(m.violations, 0u) << "worst M error / bound " << m.worst;
    EXPECT_EQ(v.violations, 0u) << "worst V error / bound " << v.worst;
    EXPECT_GT(w.worst, 0.05) << "W bound loose by more than 20x: the root's error should show";
}

void check_sgd_momentum(const mode_case& mc) {
    const scratch_dir scratch;
    const training_run r = run_tiny(scratch, "sgd_momentum", mc.mode);
    ASSERT_FALSE(::testing::Test::HasFailure());
    expect_exact_outputs(r, true, false);
    ASSERT_FALSE(::testing::Test::HasFailure());

    const std::size_t n = r.data.elements();
    const double mu = 0.9;
    reference::sgd_momentum ref(widen(r.data.w0), mu);
    std::vector<test::sgd_bound> bound(n);
    for (unsigned t = 1; t <= steps; ++t) {
        const std::vector<double> g = true_gradient(r.data, t);
        ref.step(lr_at(t), g);
        for (std::size_t i = 0; i < n; ++i) {
            bound[i].step(mu, lr_at(t), g[i], ref.w()[i]);
        }
    }
    error_tally w, m;
    for (std::size_t i = 0; i < n; ++i) {
        w.add(std::fabs(r.out.w[i] - ref.w()[i]), bound[i].e_w);
        m.add(std::fabs(r.out.m[i] - ref.buf()[i]), bound[i].e_b);
    }
    std::cout << mc.mode << " SGD momentum worst error / bound: W " << w.worst << ", M " << m.worst
              << "\n";
    EXPECT_EQ(w.violations, 0u) << "worst W error / bound " << w.worst;
    EXPECT_EQ(m.violations, 0u) << "worst M error / bound " << m.worst;
    EXPECT_GT(w.worst, 0.05) << "W bound loose by more than 20x";
}

void check_adagrad(const mode_case& mc) {
    const scratch_dir scratch;
    const training_run r = run_tiny(scratch, "adagrad", mc.mode);
    ASSERT_FALSE(::testing::Test::HasFailure());
    expect_exact_outputs(r, false, true);
    ASSERT_FALSE(::testing::Test::HasFailure());

    const std::size_t n = r.data.elements();
    reference::root_mean_square ref(widen(r.data.w0), 1.0, 1.0, 0.0,
                                    reference::eps_placement::inside_sqrt);
    std::vector<test::root_bound> bound(n);
    for (unsigned t = 1; t <= steps; ++t) {
        const std::vector<double> g = true_gradient(r.data, t);
        ref.step(lr_at(t), g);
        for (std::size_t i = 0; i < n; ++i) {
            bound[i].step(lr_at(t), g[i], ref.sum()[i], 0.0, ref.w()[i], mc.delta);
        }
    }
    error_tally w, v;
    for (std::size_t i = 0; i < n; ++i) {
        w.add(std::fabs(r.out.w[i] - ref.w()[i]), bound[i].e_w);
        v.add(std::fabs(r.out.v[i] - ref.sum()[i]), bound[i].r_s * ref.sum()[i]);
    }
    std::cout << mc.mode << " Adagrad worst error / bound: W " << w.worst << ", V " << v.worst
              << "\n";
    EXPECT_EQ(w.violations, 0u) << "worst W error / bound " << w.worst;
    EXPECT_EQ(v.violations, 0u) << "worst V error / bound " << v.worst;
    EXPECT_GT(w.worst, 0.05) << "W bound loose by more than 20x: the root's error should show";
}

TEST(OptimstoreNumerics, AdamMatchesTextbookAdamWithinBound) {
    check_adam(optimstore_case);
}

TEST(OptimstoreNumerics, SgdMomentumKeepsWAndMAndMatchesReference) {
    check_sgd_momentum(optimstore_case);
}

TEST(OptimstoreNumerics, AdagradKeepsWAndVAndMatchesReference) {
    check_adagrad(optimstore_case);
}

TEST(BaselineNumerics, AdamReadBackFromTheSsdMatchesTextbookAdam) {
    check_adam(baseline_case);
}

TEST(BaselineNumerics, SgdMomentumMatchesReference) {
    check_sgd_momentum(baseline_case);
}

TEST(BaselineNumerics, AdagradMatchesReference) {
    check_adagrad(baseline_case);
}

TEST(CpuModeNumerics, AdamMatchesTextbookAdam) {
    check_adam(cpu_case);
}

} // namespace
} // namespace osvp::platform_test
