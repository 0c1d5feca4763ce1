// optimstore-vp --compare: each mode runs in its own process and the comparison reports exactly
// what that mode's own run reports; a mode refused by its configuration is listed with the
// reason while the others run; an interrupt stops the runs and leaves no files behind.
#include "vp_runner.h"

#include <gtest/gtest.h>

#include <csignal>

namespace osvp::platform_test {
namespace {

namespace fs = std::filesystem;

const nlohmann::json& mode_entry(const nlohmann::json& comparison, const std::string& mode) {
    for (const nlohmann::json& m : comparison.at("modes")) {
        if (m.at("mode") == mode) {
            return m;
        }
    }
    throw std::runtime_error("no entry for mode " + mode + " in " + comparison.dump());
}

TEST(Compare, ReportsEachModeExactlyAsItsOwnRun) {
    const scratch_dir scratch;
    const std::string config = source_config("small.json").string();
    const run_result r = run_vp({"--config", config, "--compare", "baseline,optimstore", "--jobs",
                                 "2", "--stats", scratch.file("compare.json").string()},
                                scratch);
    ASSERT_EQ(r.exit_code, 0) << describe(r);
    const nlohmann::json comparison =
        nlohmann::json::parse(read_text(scratch.file("compare.json")));
    EXPECT_EQ(comparison.at("reference"), "baseline");
    double steps[2] = {};
    int i = 0;
    for (const char* mode : {"baseline", "optimstore"}) {
        const nlohmann::json own = run_vp_stats({"--config", config, "--mode", mode}, scratch,
                                                std::string(mode) + ".json");
        const nlohmann::json& entry = mode_entry(comparison, mode);
        EXPECT_EQ(entry.at("status"), "ok");
        for (const char* part : {"host", "ssd", "link", "energy", "step_bound", "simulated_ps"}) {
            EXPECT_EQ(entry.at("stats").at(part), own.at(part)) << mode << " " << part;
        }
        steps[i] = own.at("step_bound").at("simulated_step_ps").get<double>() * 1e-12;
        EXPECT_DOUBLE_EQ(entry.at("step_s").get<double>(), steps[i]) << mode;
        EXPECT_NE(r.out.find("\n  " + std::string(mode) + " "), std::string::npos)
            << "a table row for " << mode << "\n"
            << describe(r);
        ++i;
    }
    EXPECT_DOUBLE_EQ(mode_entry(comparison, "optimstore").at("speedup").get<double>(),
                     steps[0] / steps[1]);
    EXPECT_GT(steps[0], steps[1]) << "the in-die update beats host offload on the small drive";
}

TEST(Compare, AModeRefusedByItsConfigurationIsListedAndTheOthersRun) {
    const scratch_dir scratch;
    // 8270 parameters x 1024 B do not fit in 8 MiB of host memory: cpu mode refuses; optimstore
    // needs only its two 1 MiB I/O buffers there.
    const run_result r =
        run_vp({"--config", source_config("small.json").string(), "--compare", "optimstore,cpu",
                "--set", "host.memory=\"8 MiB\"", "--set", "host.dma_base=\"1 MiB\"", "--set",
                "training.queue_depth=2", "--set", "cpu.bytes_per_parameter=1024", "--stats",
                scratch.file("compare.json").string()},
               scratch);
    ASSERT_EQ(r.exit_code, 0) << describe(r);
    const nlohmann::json comparison =
        nlohmann::json::parse(read_text(scratch.file("compare.json")));
    EXPECT_EQ(comparison.at("reference"), "optimstore");
    EXPECT_EQ(mode_entry(comparison, "optimstore").at("status"), "ok");
    const nlohmann::json& cpu = mode_entry(comparison, "cpu");
    EXPECT_EQ(cpu.at("status"), "refused");
    EXPECT_NE(cpu.at("message").get<std::string>().find("host.memory"), std::string::npos) << cpu;
    EXPECT_NE(r.out.find("\n  cpu         refused: host.memory"), std::string::npos) << describe(r);
}

TEST(Compare, AnInterruptStopsTheRunsAndRemovesTheScratchDirectory) {
    const scratch_dir scratch;
    const fs::path tmp = scratch.file("tmp");
    fs::create_directories(tmp);
    const scoped_env env("TMPDIR", tmp.string());
    // The interrupt goes out once the parent has said it is comparing: its scratch directory
    // exists and its runs are starting.
    const fs::path stats = scratch.file("compare.json");
    streaming_vp vp({"--compare", "optimstore,baseline", "--jobs", "2", "--stats", stats.string()},
                    scratch);
    ASSERT_TRUE(vp.read_until("Comparing"));
    vp.signal(SIGINT);
    const run_result r = vp.finish();
    EXPECT_EQ(r.exit_code, 128 + SIGINT) << describe(r);
    EXPECT_NE(r.err.find("--compare interrupted by signal " + std::to_string(SIGINT)),
              std::string::npos)
        << describe(r);
    EXPECT_EQ(r.out.find("Training modes compared"), std::string::npos) << "no table\n"
                                                                        << describe(r);
    EXPECT_TRUE(fs::is_empty(tmp)) << "the scratch directory under TMPDIR is removed";
    EXPECT_FALSE(fs::exists(stats)) << "no empty or partial --stats file";
}

} // namespace
} // namespace osvp::platform_test
