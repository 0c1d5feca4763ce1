// The evaluated systems as modes of the real executable on configs/small.json (2 channels x 4
// dies x 4 planes, 8 KiB pages, functional flash):
//  - traffic: the counters in --stats (PCIe payload bytes per direction, channel data bytes,
//    plane pages read and programmed) of a 2-step run minus those of a 1-step run are one step
//    (with its backward gradient writes) and must equal step_traffic's closed form per
//    parameter, for baseline and optimstore, on a model of whole pages. PCIe payload also
//    carries NVMe queue entries, PRP lists and the 4 KiB Set Features buffer (under 2 % here);
//    the channels also carry the per-step constant-register loads (optimstore: 4 x 8 B per die);
//  - timing: the baseline step is never below the closed-form bound of step_bounds, and within
//    1.6x of it with 8 chunks: the pipeline's fill and drain (the first chunk's reads, the last
//    chunk's update and writes) add about 1/8 of the channel time, and sequential reads reach
//    only about 77 % of the channel rate (README: no cache read yet);
//  - cpu mode: the step is the host CPU model's time (chunk overhead + N / rate) over the bound
//    N / rate, and a model too big for host memory is refused with exit code 2;
//  - mode names: a bad one is a configuration error listing every mode.
#include "quantity.h"
#include "vp_runner.h"

#include "eval/step_traffic.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <string>

namespace osvp::platform_test {
namespace {

constexpr std::uint64_t page_bytes = 8192;
constexpr std::uint64_t parameters = 256 * 2048;

// Whole-run counters of one statistics file.
struct counters {
    double pcie_to_device = 0, pcie_to_host = 0, channel = 0, pages_read = 0, pages_programmed = 0;
};

counters counters_of(const nlohmann::json& stats) {
    counters c;
    c.pcie_to_device = stats["link"]["downstream"]["payload_bytes"].get<double>();
    c.pcie_to_host = stats["link"]["upstream"]["payload_bytes"].get<double>();
    for (const auto& ch : stats["ssd"]["channels"]) {
        c.channel += ch["data_bytes"].get<double>();
        for (const auto& die : ch["dies"]) {
            c.pages_read += die["plane_reads"].get<double>();
            c.pages_programmed += die["plane_programs"].get<double>();
        }
    }
    return c;
}

// A scratch models directory with "flat": 256 pages of 2048 FP32 elements in one tensor.
std::vector<std::string> flat_model(const scratch_dir& scratch) {
    std::filesystem::create_directories(scratch.file("models"));
    scratch.write("models/flat.json", R"({"name": "flat", "source": "test: 256 whole pages",
        "tensors": [{"name": "w", "shape": [256, 2048]}]})");
    return {"--config", source_config("small.json").string(),
            "--set",    "training.models_dir=" + scratch.file("models").string(),
            "--model",  "flat"};
}

nlohmann::json run_mode(const scratch_dir& scratch, const std::string& mode, unsigned steps,
                        const std::string& stats_name) {
    std::vector<std::string> args = flat_model(scratch);
    args.insert(args.end(), {"--mode", mode, "--steps", std::to_string(steps), "--set",
                             "baseline.chunk_parameters=65536"});
    return run_vp_stats(args, scratch, stats_name);
}

// One step's counters per parameter: a 2-step run minus a 1-step run.
counters step_per_parameter(const std::string& mode) {
    const scratch_dir scratch;
    const nlohmann::json one = run_mode(scratch, mode, 1, "one.json");
    const nlohmann::json two = run_mode(scratch, mode, 2, "two.json");
    if (one.is_null() || two.is_null()) {
        return {};
    }
    const counters a = counters_of(one), b = counters_of(two);
    const double n = parameters;
    return {(b.pcie_to_device - a.pcie_to_device) / n, (b.pcie_to_host - a.pcie_to_host) / n,
            (b.channel - a.channel) / n, (b.pages_read - a.pages_read) / n,
            (b.pages_programmed - a.pages_programmed) / n};
}

void expect_traffic(const counters& measured, const step_traffic& t) {
    const double down = t.pcie_to_device + t.pcie_backward;
    EXPECT_GE(measured.pcie_to_device, down);
    EXPECT_LE(measured.pcie_to_device, down * 1.02);
    EXPECT_GE(measured.pcie_to_host, t.pcie_to_host);
    EXPECT_LE(measured.pcie_to_host, t.pcie_to_host * 1.02);
    const double channel = t.channel + t.channel_backward;
    EXPECT_GE(measured.channel, channel);
    EXPECT_LE(measured.channel, channel * 1.001);
    EXPECT_DOUBLE_EQ(measured.pages_read, t.pages_read);
    EXPECT_DOUBLE_EQ(measured.pages_programmed, t.pages_programmed + t.pages_programmed_backward);
}

TEST(HostModes, BaselineTrafficPerParameterIsTheClosedForm) {
    const counters m = step_per_parameter("baseline");
    ASSERT_FALSE(HasFailure());
    expect_traffic(m, traffic_per_parameter(step_mode::baseline, {}, page_bytes));
}

TEST(HostModes, OptimstoreTrafficPerParameterIsTheClosedForm) {
    const counters m = step_per_parameter("optimstore");
    ASSERT_FALSE(HasFailure());
    expect_traffic(m, traffic_per_parameter(step_mode::optimstore, {}, page_bytes));
}

TEST(HostModes, BaselineStepIsAboveItsBoundAndWithinStatedMargin) {
    const scratch_dir scratch;
    const nlohmann::json stats = run_mode(scratch, "baseline", 1, "stats.json");
    ASSERT_FALSE(stats.is_null());
    const nlohmann::json& report = stats["step_bound"];
    ASSERT_EQ(report["mode"], "baseline") << report.dump(2);
    ASSERT_TRUE(report.contains("bound")) << report.dump(2);
    EXPECT_EQ(stats["host"]["offload"]["steps"][0]["chunks"], 8);
    const double simulated = report["simulated_step_ps"].get<double>();
    const double bound = report["bound"]["bound_ps"].get<double>();
    std::cout << "baseline step " << simulated * 1e-6 << " us, bound " << bound * 1e-6 << " us ("
              << report["bound"]["bottleneck"].get<std::string>() << ")\n";
    EXPECT_GE(simulated, bound);
    EXPECT_LE(simulated, 1.6 * bound);
    EXPECT_EQ(report["bound"]["bottleneck"], "channels");
}

TEST(HostModes, CpuStepIsTheHostCpuModelOverItsBound) {
    const scratch_dir scratch;
    const nlohmann::json stats = run_mode(scratch, "cpu", 2, "stats.json");
    ASSERT_FALSE(stats.is_null());
    const nlohmann::json& report = stats["step_bound"];
    ASSERT_TRUE(report.contains("bound")) << report.dump(2);
    EXPECT_EQ(report["bound"]["bottleneck"], "host_cpu");
    const nlohmann::json config = dump_config(flat_model(scratch), scratch);
    ASSERT_FALSE(HasFailure());
    const double overhead_ps = seconds(config["host_cpu"]["chunk_overhead"]) * 1e12;
    const double bound = report["bound"]["bound_ps"].get<double>();
    EXPECT_NEAR(report["simulated_step_ps"].get<double>(), bound + overhead_ps, 1.0);
    EXPECT_EQ(stats["link"]["downstream"]["payload_bytes"], 0) << "cpu mode touches no SSD";
    EXPECT_EQ(stats["link"]["upstream"]["payload_bytes"], 0);
}

TEST(HostModes, CpuModeRefusesAModelBeyondHostMemory) {
    const scratch_dir scratch;
    const run_result big = run_vp({"--mode", "cpu", "--model", "gpt2-10.3b", "--quiet"}, scratch);
    EXPECT_EQ(big.exit_code, 2) << describe(big);
    for (const char* word : {"host.memory", "gpt2-10.3b", "cpu.bytes_per_parameter", "128 GiB"}) {
        EXPECT_NE(big.err.find(word), std::string::npos) << word << "\n" << describe(big);
    }
    const run_result fits =
        run_vp({"--mode", "cpu", "--model", "gpt2-6.7b", "--dump-config"}, scratch);
    EXPECT_EQ(fits.exit_code, 0) << "6.7 B x 16 B fits 128 GiB\n" << describe(fits);
}

TEST(HostModes, UnknownModeNamesEveryMode) {
    const scratch_dir scratch;
    const run_result r = run_vp({"--mode", "gpu", "--quiet"}, scratch);
    EXPECT_EQ(r.exit_code, 2) << describe(r);
    for (const char* mode : {"block", "optimstore", "baseline", "cisp", "deepstore", "cpu"}) {
        EXPECT_NE(r.err.find(mode), std::string::npos) << mode << "\n" << describe(r);
    }
}

} // namespace
} // namespace osvp::platform_test
