// The end-to-end iteration estimate: GPU time from FLOPs over the achieved rate, gradient writes
// hidden under backward up to its length, and the "gpu" section's defaults and errors.
#include "eval/iteration_estimate.h"

#include <gtest/gtest.h>

#include <string>

namespace osvp {
namespace {

/// 1e12 FLOP/s achieved (2e12 at half utilisation) and 1000 tokens: one parameter-token FLOP
/// per 1e-12 s, so 1e9 parameters take 2 s forward and 4 s backward at 6 FLOPs.
gpu_config round_gpu() {
    gpu_config g;
    g.peak_flops = 2e12;
    g.utilisation = 0.5;
    g.tokens_per_iteration = 1000;
    g.flops_per_parameter_token = 6.0;
    return g;
}

TEST(IterationEstimate, ForwardIsTwoFlopsPerParameterTokenAndBackwardTheRest) {
    const iteration_estimate e = estimate_iteration(round_gpu(), 1'000'000'000, 5 * ps_per_s, 0);
    EXPECT_EQ(e.forward, 2 * ps_per_s);
    EXPECT_EQ(e.backward, 4 * ps_per_s);
    EXPECT_EQ(e.exposed_gradients, 0u);
    EXPECT_EQ(e.iteration, 11 * ps_per_s);
    EXPECT_DOUBLE_EQ(e.step_share(), 5.0 / 11.0);

    gpu_config recompute = round_gpu();
    recompute.flops_per_parameter_token = 8.0;
    EXPECT_EQ(estimate_iteration(recompute, 1'000'000'000, 0, 0).backward, 6 * ps_per_s);
}

TEST(IterationEstimate, GradientWritesHideUnderBackwardAndOnlyTheExcessIsExposed) {
    const gpu_config g = round_gpu();
    const iteration_estimate hidden =
        estimate_iteration(g, 1'000'000'000, 5 * ps_per_s, 3 * ps_per_s);
    EXPECT_EQ(hidden.exposed_gradients, 0u);
    EXPECT_EQ(hidden.iteration, 11 * ps_per_s);
    const iteration_estimate longer =
        estimate_iteration(g, 1'000'000'000, 5 * ps_per_s, 7 * ps_per_s);
    EXPECT_EQ(longer.gradients_before_step, 7 * ps_per_s);
    EXPECT_EQ(longer.exposed_gradients, 3 * ps_per_s);
    EXPECT_EQ(longer.iteration, 14 * ps_per_s);
    const nlohmann::json j = longer.to_json();
    EXPECT_EQ(j["iteration_ps"].get<time_ps>(),
              j["forward_ps"].get<time_ps>() + j["backward_ps"].get<time_ps>() +
                  j["exposed_gradients_ps"].get<time_ps>() + j["step_ps"].get<time_ps>());
}

TEST(IterationEstimate, AnEmptyIterationHasNoStepShare) {
    EXPECT_EQ(estimate_iteration(round_gpu(), 0, 0, 0).step_share(), 0.0);
}

TEST(GpuConfig, DefaultsAreTheRtx3090AndTheCitedUtilisationAndAreRecorded) {
    config_tree tree;
    const gpu_config g = gpu_config::from(tree.root().child("gpu"));
    EXPECT_DOUBLE_EQ(g.peak_flops, 71e12);
    EXPECT_DOUBLE_EQ(g.utilisation, 0.40);
    EXPECT_EQ(g.tokens_per_iteration, 8192u);
    EXPECT_DOUBLE_EQ(g.flops_per_parameter_token, 6.0);
    EXPECT_EQ(tree.effective()["gpu"]["tokens_per_iteration"], 8192);
    tree.check_all_used();
}

TEST(GpuConfig, OutOfRangeValuesNameTheKeyAndTheRange) {
    const auto error_of = [](const std::string& body) -> std::string {
        config_tree tree(nlohmann::json::parse("{\"gpu\": " + body + "}"));
        try {
            gpu_config::from(tree.root().child("gpu"));
        } catch (const config_error& e) {
            return e.what();
        }
        return "";
    };
    for (const char* body :
         {R"({"utilisation": 0})", R"({"utilisation": 1.5})", R"({"peak_flops": 0})",
          R"({"tokens_per_iteration": 0})", R"({"flops_per_parameter_token": 1})"}) {
        const std::string message = error_of(body);
        const std::string key = nlohmann::json::parse(body).begin().key();
        EXPECT_NE(message.find("gpu." + key), std::string::npos) << body << ": " << message;
    }
    EXPECT_EQ(error_of(R"({"utilisation": 1})"), "");
}

} // namespace
} // namespace osvp
