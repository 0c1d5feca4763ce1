// The end-to-end iteration estimate each training mode reports around its simulated step: GPU
// time from the "gpu" keys, the step as simulated, and the gradient writes the mode makes before
// its step (baseline's backward phase, DeepStore's gradient phase) hidden under backward.
#include "vp_runner.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

namespace osvp::platform_test {
namespace {

std::uint64_t ps_of(const nlohmann::json& value) {
    return static_cast<std::uint64_t>(std::llround(value.get<double>()));
}

TEST(Iteration, EachTrainingModeAddsGpuTimeAndItsEarlyGradientWritesToItsStep) {
    const scratch_dir scratch;
    const double peak = 1e12;
    const double utilisation = 0.5;
    const std::uint64_t tokens = 1000;
    for (const std::string mode : {"optimstore", "baseline", "cisp", "deepstore", "cpu"}) {
        const nlohmann::json stats =
            run_vp_stats({"--config", source_config("small.json").string(), "--mode", mode, "--set",
                          "gpu.peak_flops=" + std::to_string(peak), "--set",
                          "gpu.utilisation=" + std::to_string(utilisation), "--set",
                          "gpu.tokens_per_iteration=" + std::to_string(tokens), "--set",
                          "gpu.flops_per_parameter_token=8"},
                         scratch);
        ASSERT_TRUE(stats.contains("iteration")) << mode;
        const nlohmann::json& e = stats["iteration"]["estimate"];
        const nlohmann::json& host = stats["host"];
        const bool offload = host.contains("offload");
        const nlohmann::json& summary =
            offload ? host["offload"]["summary"] : host["training_summary"];
        const auto parameters = summary["parameters"].get<double>();
        const double ps_per_flop = 1e12 / (peak * utilisation);
        EXPECT_EQ(ps_of(e["forward_ps"]), std::llround(2 * parameters * tokens * ps_per_flop))
            << mode;
        EXPECT_EQ(ps_of(e["backward_ps"]), std::llround(6 * parameters * tokens * ps_per_flop))
            << mode;
        EXPECT_EQ(ps_of(e["step_ps"]), ps_of(summary["mean_step_ps"])) << mode;
        std::uint64_t before = 0;
        if (mode == "baseline") {
            before = ps_of(summary["mean_backward_phase_ps"]);
        } else if (mode == "deepstore") {
            before = ps_of(summary["mean_gradient_phase_ps"]);
        }
        EXPECT_EQ(ps_of(e["gradients_before_step_ps"]), before) << mode;
        const std::uint64_t backward = ps_of(e["backward_ps"]);
        if (mode == "baseline") {
            // The tiny model's 99 us of backward are shorter than its gradient writes.
            EXPECT_GT(before, backward) << mode;
        }
        if (mode == "deepstore") {
            EXPECT_GT(before, 0u) << mode;
        }
        EXPECT_EQ(ps_of(e["iteration_ps"]), ps_of(e["forward_ps"]) + backward +
                                                (before > backward ? before - backward : 0) +
                                                ps_of(e["step_ps"]))
            << mode;
    }
}

TEST(Iteration, BlockModeHasNone) {
    const scratch_dir scratch;
    const nlohmann::json stats = run_vp_stats({"--config", source_config("small.json").string(),
                                               "--mode", "block", "--total-bytes", "1 MiB"},
                                              scratch);
    EXPECT_FALSE(stats.contains("iteration"));
}

} // namespace
} // namespace osvp::platform_test
