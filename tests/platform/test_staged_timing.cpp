// Step time of the staged in-SSD modes (C-ISP: controller ISP engine; DeepStore: read-path die
// units) on configs/small.json (2 channels x 4 dies x 4 planes) against the closed-form bound of
// models/eval/step_bounds, on a model of 1024 whole pages (2 M parameters, 128 super-pages per
// die, so pipeline fill and drain are a few percent):
//  - never below the bound (a bound is a bound);
//  - C-ISP within 1.6x (measured 1.46x): the bound is the channels' time, but with four dies per
//    channel each die's own sequence per super-page (tR, three pages out, three pages in, tPROG:
//    about 186 us against the channel's 4 x 41 us) nearly saturates the dies too, and the bound
//    takes channels and arrays as independent resources; the engine (5 us per super-page) and
//    SSD DRAM (38 % of the bound) are not limits here;
//  - DeepStore within 2.0x (measured 1.82x): the same die sequence, plus the read-path template
//    in the die between the read and the data out, and the gradient pages programmed during
//    backward are read back in the step.
// Before the C-ISP engine was pipelined and the DRAM port served requests in time order, C-ISP
// ran at 2.7x its bound on the paper drive; tests/model/controller checks the engine itself.
#include "vp_runner.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <iostream>
#include <string>

namespace osvp::platform_test {
namespace {

nlohmann::json run_step(const scratch_dir& scratch, const std::string& mode) {
    std::filesystem::create_directories(scratch.file("models"));
    scratch.write("models/flat.json", R"({"name": "flat", "source": "test: 1024 whole pages",
        "tensors": [{"name": "w", "shape": [1024, 2048]}]})");
    return run_vp_stats({"--config", source_config("small.json").string(), "--set",
                         "training.models_dir=" + scratch.file("models").string(), "--model",
                         "flat", "--mode", mode, "--steps", "1"},
                        scratch, mode + ".json");
}

void expect_within(const std::string& mode, double margin) {
    const scratch_dir scratch;
    const nlohmann::json stats = run_step(scratch, mode);
    ASSERT_FALSE(stats.is_null()) << mode;
    const nlohmann::json& report = stats["step_bound"];
    ASSERT_EQ(report["mode"], mode) << report.dump(2);
    ASSERT_TRUE(report.contains("bound")) << report.dump(2);
    const double simulated = report["simulated_step_ps"].get<double>();
    const double bound = report["bound"]["bound_ps"].get<double>();
    std::cout << mode << " step " << simulated * 1e-6 << " us, bound " << bound * 1e-6 << " us ("
              << report["bound"]["bottleneck"].get<std::string>() << ")\n";
    EXPECT_EQ(report["bound"]["bottleneck"], "channels") << mode;
    EXPECT_GE(simulated, bound) << mode;
    EXPECT_LE(simulated, margin * bound) << mode;
}

TEST(StagedTiming, CispStepIsAboveItsBoundAndWithinStatedMargin) {
    expect_within("cisp", 1.6);
}

TEST(StagedTiming, DeepstoreStepIsAboveItsBoundAndWithinStatedMargin) {
    expect_within("deepstore", 2.0);
}

} // namespace
} // namespace osvp::platform_test
