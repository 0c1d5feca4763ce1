// What a successful run writes where: the summary on stdout and nothing on stderr (no SystemC
// banner, no kernel note at the end), so that stderr carries errors only, and a block run's
// summary gives its latency figures; --version names the platform and the SystemC release;
// --help lists the built-in models; each training mode's summary names the system it ran, splits
// its step into the phases that are in it and estimates the iteration around it.
#include "vp_runner.h"

#include <gtest/gtest.h>

namespace osvp::platform_test {
namespace {

TEST(CliOutput, ASuccessfulRunWritesNothingOnStderr) {
    const scratch_dir scratch;
    const run_result r = run_vp({"--config", source_config("small.json").string(), "--mode",
                                 "block", "--total-bytes", "1 MiB"},
                                scratch);
    ASSERT_EQ(r.exit_code, 0) << describe(r);
    EXPECT_EQ(r.err, "") << describe(r);
    EXPECT_NE(r.out.find("OptimStore-VP"), std::string::npos) << describe(r);
    const std::size_t latency = r.out.find("\n  latency    mean ");
    ASSERT_NE(latency, std::string::npos) << describe(r);
    const std::string line = r.out.substr(latency, r.out.find('\n', latency + 1) - latency);
    for (const char* figure : {", p50 ", ", p99 ", ", p99.9 ", ", max "}) {
        EXPECT_NE(line.find(figure), std::string::npos) << figure << " in" << line;
    }
}

TEST(CliOutput, EachTrainingModesSummaryNamesItsSystem) {
    const scratch_dir scratch;
    const std::pair<const char*, const char*> modes[] = {{"optimstore", "OptimStore"},
                                                         {"baseline", "DeepSpeed NVMe offload"},
                                                         {"cisp", "C-ISP"},
                                                         {"deepstore", "DeepStore"},
                                                         {"cpu", "ZeRO-Offload"}};
    for (const auto& [mode, system] : modes) {
        const run_result r =
            run_vp({"--config", source_config("small.json").string(), "--mode", mode}, scratch);
        ASSERT_EQ(r.exit_code, 0) << describe(r);
        const std::size_t line = r.out.find("Optimizer steps (");
        ASSERT_NE(line, std::string::npos) << describe(r);
        const std::string header = r.out.substr(line, r.out.find('\n', line) - line);
        EXPECT_NE(header.find(system), std::string::npos) << mode << ": " << header;
        EXPECT_NE(r.out.find(" G parameters/s"), std::string::npos) << describe(r);
        const bool in_storage = std::string(mode) != "baseline" && std::string(mode) != "cpu";
        const bool gradients_in_step = in_storage && std::string(mode) != "deepstore";
        EXPECT_EQ(r.out.find("+ gradient transfer and update ") != std::string::npos,
                  gradients_in_step)
            << mode << ": DeepStore writes its gradients before the step\n"
            << r.out;
        EXPECT_NE(r.out.find("Iteration (estimate: GPU 71 TFLOP/s x 0.4, 8192 tokens"),
                  std::string::npos)
            << r.out;
        const bool writes_before =
            std::string(mode) == "baseline" || std::string(mode) == "deepstore";
        EXPECT_EQ(r.out.find("+ exposed gradient writes ") != std::string::npos, writes_before)
            << mode << ": only the baseline and DeepStore write gradients before the step\n"
            << r.out;
    }
}

TEST(CliOutput, VersionNamesThePlatformAndSystemC) {
    const scratch_dir scratch;
    const run_result r = run_vp({"--version"}, scratch);
    ASSERT_EQ(r.exit_code, 0) << describe(r);
    EXPECT_EQ(r.err, "") << describe(r);
    EXPECT_EQ(r.out.rfind("optimstore-vp " OSVP_TEST_VERSION " (SystemC 2.3.", 0), 0u)
        << describe(r);
}

TEST(CliOutput, HelpListsTheBuiltInModels) {
    const scratch_dir scratch;
    const run_result r = run_vp({"--help"}, scratch);
    ASSERT_EQ(r.exit_code, 0) << describe(r);
    for (const char* model : {"bert-2.6b", "gpt2-2.6b", "t5-11.3b", "tiny-gpt2"}) {
        EXPECT_NE(r.out.find(model), std::string::npos) << model << "\n" << describe(r);
    }
}

} // namespace
} // namespace osvp::platform_test
