// Energy of runs small enough to compute by hand (issue 4): one page written then read in block
// mode, and one optimizer step that updates a single super-page. The measured activity equals
// its closed form from the flash timing, each energy term equals its closed form from the
// paper's and the data sheets' figures (energy_config.h) and the measured activity, and the
// terms add up to the total.
#include "platform/vp_runner.h"

#include <gtest/gtest.h>

#include <numeric>

namespace osvp::platform_test {
namespace {

// Defaults of configs/default.json, written out independently of the model's code.
constexpr double vcc = 3.3, i_active = 25e-3, i_transfer = 25e-3, i_bus_idle = 5e-3;
constexpr double channel_rate = 1.2e9, channel_bit = 14.4e-12, pe_power = 4.66e-3;
constexpr double core_active = 0.475, core_idle = 0.0475, dram_background = 0.306;
constexpr double dram_read = 49e-12, dram_write = 45.25e-12, pcie_bit = 3.86e-12;
constexpr double host_active = 100.0, host_idle = 20.0;
// configs/small.json: 2 channels x 2 packages x 2 dies; 3 controller cores; Table II timing.
constexpr unsigned dies = 8, cores = 3;
constexpr double t_read = 25e-6, t_prog = 120e-6, t_copy = 3e-6, page = 8192;
constexpr double page_pass = 2048 * 4 / channel_rate; // one PE pass over a page, s

double sec(const nlohmann::json& ps) {
    return ps.get<double>() * 1e-12;
}

double num(const nlohmann::json& v) {
    return v.get<double>();
}

// Every term of `e` against its closed form from `a` (energy_activity::to_json, one active die
// whose idle time is positive) and the figures above.
void expect_closed_forms(const nlohmann::json& e, const nlohmann::json& a) {
    const double elapsed = sec(a["elapsed_ps"]);
    const double array = sec(a["array_busy_ps"]);
    const double transfer = num(a["transfer_bytes"]) / channel_rate;
    const double busy =
        std::accumulate(a["core_busy_ps"].begin(), a["core_busy_ps"].end(), 0.0,
                        [](double s, const nlohmann::json& c) { return s + sec(c); });
    const double host_busy = sec(a["host_cpu_busy_ps"]);
    auto near = [&e](const char* key, double expected) {
        EXPECT_NEAR(num(e[key]), expected, 1e-9 * std::abs(expected) + 1e-18) << key;
    };
    near("nand_array_J", array * vcc * i_active);
    near("nand_transfer_J", transfer * vcc * i_transfer);
    near("nand_idle_J", (dies * elapsed - array - transfer) * vcc * i_bus_idle);
    near("channel_io_J", num(a["transfer_bytes"]) * 8 * channel_bit);
    near("pe_J", sec(a["pe_busy_ps"]) * pe_power);
    near("core_active_J", busy * core_active);
    near("core_idle_J", (cores * elapsed - busy) * core_idle);
    near("dram_background_J", elapsed * dram_background);
    near("dram_access_J",
         num(a["dram_read_bytes"]) * dram_read + num(a["dram_write_bytes"]) * dram_write);
    near("pcie_J", (num(a["pcie_bytes_to_device"]) + num(a["pcie_bytes_to_host"])) * 8 * pcie_bit);
    near("host_cpu_active_J", host_busy * host_active);
    near("host_cpu_idle_J", (elapsed - host_busy) * host_idle);
    double sum = 0;
    for (const char* key : {"nand_array_J", "nand_transfer_J", "nand_idle_J", "channel_io_J",
                            "pe_J", "core_active_J", "core_idle_J", "dram_background_J",
                            "dram_access_J", "pcie_J", "host_cpu_active_J", "host_cpu_idle_J"}) {
        sum += num(e[key]);
    }
    near("total_J", sum);
    near("total_J", num(e["ssd_J"]) + num(e["pcie_J"]) + num(e["host_J"]));
}

// The run's activity against the raw module statistics, summed here.
void expect_activity_is_the_stats(const nlohmann::json& stats, const nlohmann::json& a) {
    double array = 0, transfer = 0, pe = 0;
    for (const auto& ch : stats["ssd"]["channels"]) {
        for (const auto& d : ch["dies"]) {
            array += num(d["array_busy_ps"]) + num(d["copy_busy_ps"]);
            transfer += num(d["bytes_in"]) + num(d["bytes_out"]);
            for (const auto& p : d["pe_busy_ps"]) {
                pe += num(p);
            }
        }
    }
    EXPECT_EQ(num(a["elapsed_ps"]), num(stats["simulated_ps"]));
    EXPECT_EQ(num(a["array_busy_ps"]), array);
    EXPECT_EQ(num(a["transfer_bytes"]), transfer);
    EXPECT_EQ(num(a["pe_busy_ps"]), pe);
    EXPECT_EQ(num(a["dram_read_bytes"]), num(stats["ssd"]["dram"]["bytes_read"]));
    EXPECT_EQ(num(a["pcie_bytes_to_device"]), num(stats["link"]["downstream"]["wire_bytes"]));
    EXPECT_EQ(num(a["pcie_bytes_to_host"]), num(stats["link"]["upstream"]["wire_bytes"]));
    EXPECT_EQ(num(a["host_cpu_busy_ps"]), 0.0) << "no mode here updates on the host CPU";
}

TEST(EnergyPlatform, OnePageWrittenThenReadMatchesClosedForms) {
    const scratch_dir scratch;
    const nlohmann::json stats =
        run_vp_stats({"--config", source_config("small.json").string(), "--mode", "block", "--set",
                      "workload.op=read", "--set", "workload.total_bytes=8 KiB", "--set",
                      "workload.request_size=8 KiB", "--set", "workload.precondition=true", "--set",
                      "workload.lba_count=2"},
                     scratch);
    ASSERT_FALSE(HasFailure());
    const nlohmann::json& run = stats["energy"]["run"];
    const nlohmann::json& a = run["activity"];
    // Program: cache->data copy + tPROG; read: tR + data->cache copy.
    EXPECT_NEAR(sec(a["array_busy_ps"]), t_prog + t_read + 2 * t_copy, 1e-15);
    EXPECT_EQ(num(a["transfer_bytes"]), 2 * page);
    EXPECT_EQ(num(a["pe_busy_ps"]), 0.0);
    expect_activity_is_the_stats(stats, a);
    expect_closed_forms(run["breakdown"], a);
    EXPECT_TRUE(stats["energy"]["steps"].empty());
    EXPECT_FALSE(stats["energy"].contains("mean_step"));
}

TEST(EnergyPlatform, OneSuperPageUpdateStepMatchesClosedForms) {
    const scratch_dir scratch;
    const auto model = scratch.write(
        "one_page.json", R"({"name": "one-page", "source": "test: one 8 KiB page per state",
                             "tensors": [{"name": "w", "shape": [2048]}]})");
    const nlohmann::json stats = run_vp_stats(
        {"--config", source_config("small.json").string(), "--set", "training.model=", "--set",
         "training.model_file=" + model.string(), "--set", "training.steps=1"},
        scratch);
    ASSERT_FALSE(HasFailure());
    const nlohmann::json& energy = stats["energy"];
    ASSERT_EQ(energy["steps"].size(), 1u);
    const nlohmann::json& step = energy["steps"][0];
    const nlohmann::json& a = step["activity"];
    // The update (BPR tR, four RCACHE/PCACHE copies, BPP tPROG) and the W read-back (tR + copy).
    EXPECT_NEAR(sec(a["array_busy_ps"]), 2 * t_read + t_prog + 5 * t_copy, 1e-15);
    // The gradient page in (VPP) and the weight page out.
    EXPECT_EQ(num(a["transfer_bytes"]), 2 * page);
    // LVS, QVS, ISQRT, VMUL, LVS: five passes over a page.
    EXPECT_NEAR(sec(a["pe_busy_ps"]), 5 * page_pass, 1e-11);
    EXPECT_NEAR(sec(a["elapsed_ps"]), sec(stats["host"]["training"]["steps"][0]["duration_ps"]),
                1e-15);
    expect_closed_forms(step["breakdown"], a);
    expect_activity_is_the_stats(stats, energy["run"]["activity"]);
    expect_closed_forms(energy["run"]["breakdown"], energy["run"]["activity"]);
    EXPECT_EQ(energy["mean_step"], step["breakdown"]) << "one step: the mean is that step";
    EXPECT_LT(num(step["breakdown"]["total_J"]), num(energy["run"]["breakdown"]["total_J"]));
}

TEST(EnergyPlatform, BadEnergyValuesAreConfigurationErrors) {
    const scratch_dir scratch;
    for (const char* text : {"energy.pe_power_scope=per_plane", "energy.nand_voltage=9 V",
                             "energy.pe_power=-1 mW", "host_cpu.idle_power=200 W"}) {
        const std::string set = text;
        const run_result r =
            run_vp({"--config", source_config("small.json").string(), "--set", set}, scratch);
        EXPECT_EQ(r.exit_code, 2) << describe(r);
        const std::string key = set.substr(0, set.find('='));
        EXPECT_NE(r.err.find(key.substr(key.find('.') + 1)), std::string::npos) << describe(r);
    }
}

} // namespace
} // namespace osvp::platform_test
