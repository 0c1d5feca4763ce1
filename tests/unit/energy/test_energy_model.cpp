#include "energy/energy_model.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

using namespace osvp;

namespace {

constexpr double channel_rate = 1e9; // 1 GB/s: 1 byte per ns

// One millisecond; die 0 reads for 200 us, moves 100 kB (100 us) and runs two PEs for 50 us
// each; die 1 idles; core 0 busy 400 us, core 1 all the time; the host updates for 250 us.
energy_activity tiny_run() {
    energy_activity a;
    a.elapsed = 1 * ps_per_ms;
    die_energy_activity busy;
    busy.array_busy = 200 * ps_per_us;
    busy.transfer_bytes = 100'000;
    busy.pe_busy = {50 * ps_per_us, 50 * ps_per_us, 0, 0};
    a.dies = {busy, die_energy_activity{}};
    a.core_busy = {400 * ps_per_us, 1 * ps_per_ms};
    a.dram_read_bytes = 1'000'000;
    a.dram_write_bytes = 2'000'000;
    a.pcie_bytes_to_device = 1'000'000;
    a.pcie_bytes_to_host = 3'000'000;
    a.host_cpu_busy = 250 * ps_per_us;
    return a;
}

double sum_of_terms(const energy_breakdown& e) {
    return e.nand_array + e.nand_transfer + e.nand_idle + e.channel_io + e.pe + e.core_active +
           e.core_idle + e.dram_background + e.dram_access + e.pcie + e.host_cpu_active +
           e.host_cpu_idle;
}

std::string error_of(const energy_activity& a) {
    try {
        energy_model(energy_config{}, host_cpu_config{}, channel_rate).evaluate(a);
    } catch (const std::invalid_argument& e) {
        return e.what();
    }
    return "";
}

} // namespace

TEST(energy_model, each_term_matches_a_hand_calculation_with_default_figures) {
    const energy_model model(energy_config{}, host_cpu_config{}, channel_rate);
    const energy_breakdown e = model.evaluate(tiny_run());
    const double tol = 1e-15;
    EXPECT_NEAR(e.nand_array, 200e-6 * 3.3 * 25e-3, tol);    // 16.5 uJ
    EXPECT_NEAR(e.nand_transfer, 100e-6 * 3.3 * 25e-3, tol); // 8.25 uJ
    // Die 0 idles 1000 - 200 - 100 = 700 us, die 1 the whole 1000 us, at bus-idle 5 mA.
    EXPECT_NEAR(e.nand_idle, 1700e-6 * 3.3 * 5e-3, tol);             // 28.05 uJ
    EXPECT_NEAR(e.channel_io, 100'000 * 8 * 14.4e-12, tol);          // 11.52 uJ
    EXPECT_NEAR(e.pe, 4.66e-3 * 100e-6, tol);                        // 0.466 uJ, per PE
    EXPECT_NEAR(e.core_active, 1400e-6 * 0.475, tol);                // 665 uJ
    EXPECT_NEAR(e.core_idle, 600e-6 * 0.0475, tol);                  // 28.5 uJ
    EXPECT_NEAR(e.dram_background, 1e-3 * 0.306, tol);               // 306 uJ
    EXPECT_NEAR(e.dram_access, 1e6 * 49e-12 + 2e6 * 45.25e-12, tol); // 139.5 uJ
    EXPECT_NEAR(e.pcie, 4e6 * 8 * 3.86e-12, tol);                    // 123.52 uJ
    EXPECT_NEAR(e.host_cpu_active, 250e-6 * 100.0, 1e-12);           // 25 mJ
    EXPECT_NEAR(e.host_cpu_idle, 750e-6 * 20.0, 1e-12);              // 15 mJ
}

TEST(energy_model, total_is_the_sum_of_the_terms_and_splits_into_ssd_pcie_and_host) {
    const energy_breakdown e =
        energy_model(energy_config{}, host_cpu_config{}, channel_rate).evaluate(tiny_run());
    EXPECT_DOUBLE_EQ(e.total, sum_of_terms(e));
    EXPECT_DOUBLE_EQ(e.total, e.ssd() + e.pcie + e.host());
    EXPECT_NEAR(e.host(), 40e-3, 1e-12);
    const nlohmann::json j = e.to_json();
    EXPECT_DOUBLE_EQ(j["total_J"].get<double>(), e.total);
    EXPECT_DOUBLE_EQ(j["nand_idle_J"].get<double>(), e.nand_idle);
    EXPECT_DOUBLE_EQ(j["ssd_J"].get<double>(), e.ssd());
    EXPECT_EQ(j.size(), 15u);
}

TEST(energy_model, standby_idle_and_per_die_pe_scope_change_only_their_terms) {
    energy_config c;
    c.idle_state = die_idle_state::standby;
    c.pe_scope = pe_power_scope::per_die;
    const energy_breakdown e =
        energy_model(c, host_cpu_config{}, channel_rate).evaluate(tiny_run());
    EXPECT_NEAR(e.nand_idle, 1700e-6 * 3.3 * 10e-6, 1e-18);
    EXPECT_NEAR(e.pe, 4.66e-3 / 4 * 100e-6, 1e-18);
    EXPECT_NEAR(e.nand_array, 200e-6 * 3.3 * 25e-3, 1e-15);
}

TEST(energy_model, overlapping_array_and_transfer_time_leaves_no_idle_time) {
    energy_activity a;
    a.elapsed = 1 * ps_per_ms;
    die_energy_activity die;
    die.array_busy = 900 * ps_per_us;
    die.transfer_bytes = 200'000; // 200 us, overlapping the array time by 100 us
    a.dies = {die};
    const energy_breakdown e =
        energy_model(energy_config{}, host_cpu_config{}, channel_rate).evaluate(a);
    EXPECT_EQ(e.nand_idle, 0.0);
    EXPECT_NEAR(e.nand_array + e.nand_transfer, 1100e-6 * 3.3 * 25e-3, 1e-15);
}

TEST(energy_model, an_empty_run_costs_nothing) {
    const energy_breakdown e =
        energy_model(energy_config{}, host_cpu_config{}, channel_rate).evaluate({});
    EXPECT_EQ(e.total, 0.0);
}

TEST(energy_model, busy_times_beyond_elapsed_are_rejected_by_name) {
    energy_activity a = tiny_run();
    a.dies[1].array_busy = 2 * ps_per_ms;
    auto m = error_of(a);
    EXPECT_NE(m.find("dies[1].array_busy"), std::string::npos) << m;
    EXPECT_NE(m.find("2000000000"), std::string::npos) << m;
    a = tiny_run();
    a.dies[0].pe_busy[3] = 2 * ps_per_ms;
    m = error_of(a);
    EXPECT_NE(m.find("dies[0].pe_busy[3]"), std::string::npos) << m;
    a = tiny_run();
    a.core_busy[0] = 2 * ps_per_ms;
    m = error_of(a);
    EXPECT_NE(m.find("core_busy[0]"), std::string::npos) << m;
    a = tiny_run();
    a.host_cpu_busy = 2 * ps_per_ms;
    m = error_of(a);
    EXPECT_NE(m.find("host_cpu_busy"), std::string::npos) << m;
}

TEST(energy_model, construction_rejects_bad_rate_and_bad_configs) {
    EXPECT_THROW(energy_model(energy_config{}, host_cpu_config{}, 0.0), std::invalid_argument);
    energy_config bad;
    bad.nand_active_current = -1.0;
    EXPECT_THROW(energy_model(bad, host_cpu_config{}, channel_rate), config_error);
    host_cpu_config bad_host;
    bad_host.threads = 0;
    EXPECT_THROW(energy_model(energy_config{}, bad_host, channel_rate), config_error);
}
