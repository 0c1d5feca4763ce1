#include "eval/step_bounds.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

using namespace osvp;

namespace {

// A hand-sized system: 2 channels of 1 GB/s, 8 dies x 2 planes of 4 KiB pages, tR 10 us,
// tPROG 20 us, register copy 1 us, PEs at 2.5e8 elements/s (4 KiB pass = 4.096 us), PCIe
// 1 GB/s per direction, SSD DRAM 10 GB/s, host CPU 1e8 /s, controller 5e8 /s.
system_rates hand_rates() {
    system_rates r;
    r.pcie_bytes_per_s = 1e9;
    r.channels = 2;
    r.channel_bytes_per_s = 1e9;
    r.dies = 8;
    r.planes_per_die = 2;
    r.page_bytes = 4096;
    r.t_read = 10 * ps_per_us;
    r.t_prog = 20 * ps_per_us;
    r.t_reg_copy = 1 * ps_per_us;
    r.pe_elements_per_s = 2.5e8;
    r.host_cpu_params_per_s = 1e8;
    r.ssd_dram_bytes_per_s = 1e10;
    r.controller_params_per_s = 5e8;
    return r;
}

constexpr std::uint64_t n = 1u << 20;

step_workload adam_step() {
    step_workload w;
    w.parameters = n;
    return w;
}

time_ps time_of(const step_bound& b, const std::string& resource) {
    for (const resource_time& r : b.resources) {
        if (r.resource == resource) {
            return r.time;
        }
    }
    ADD_FAILURE() << "no resource " << resource << " in " << b.to_json().dump();
    return 0;
}

std::string error_of(step_mode mode, const system_rates& r) {
    try {
        compute_step_bound(mode, r, adam_step());
    } catch (const std::invalid_argument& e) {
        return e.what();
    }
    return "";
}

} // namespace

TEST(step_bounds, baseline_is_bound_by_the_pcie_read_direction) {
    const step_bound b = compute_step_bound(step_mode::baseline, hand_rates(), adam_step());
    EXPECT_EQ(time_of(b, "pcie_to_device"), 12'582'912'000u); // 12 B x 2^20 / 1 GB/s
    EXPECT_EQ(time_of(b, "pcie_to_host"), 16'777'216'000u);   // 16 B x 2^20
    EXPECT_EQ(time_of(b, "channels"), 14'680'064'000u);       // 28 B x 2^20 / 2 GB/s
    // 4096 page reads x 10 us + 3072 page programs x 20 us over 16 planes.
    EXPECT_EQ(time_of(b, "die_array"), 6'400'000'000u);
    EXPECT_EQ(time_of(b, "ssd_dram"), 5'872'025'600u); // 56 B x 2^20 / 10 GB/s
    EXPECT_EQ(time_of(b, "host_cpu"), 10'485'760'000u);
    EXPECT_EQ(b.resources.size(), 6u);
    EXPECT_EQ(b.bottleneck, "pcie_to_host");
    EXPECT_EQ(b.bound, 16'777'216'000u);
}

TEST(step_bounds, half_duplex_pcie_charges_both_directions_to_one_resource) {
    system_rates r = hand_rates();
    r.pcie_full_duplex = false;
    const step_bound b = compute_step_bound(step_mode::baseline, r, adam_step());
    EXPECT_EQ(time_of(b, "pcie"), 29'360'128'000u); // 28 B x 2^20
    EXPECT_EQ(b.bottleneck, "pcie");
}

TEST(step_bounds, cisp_is_bound_by_the_channels) {
    const step_bound b = compute_step_bound(step_mode::cisp, hand_rates(), adam_step());
    EXPECT_EQ(time_of(b, "pcie_to_device"), 4'194'304'000u);
    EXPECT_EQ(time_of(b, "pcie_to_host"), 4'194'304'000u);
    EXPECT_EQ(time_of(b, "channels"), 14'680'064'000u);
    EXPECT_EQ(time_of(b, "die_array"), 6'400'000'000u);
    EXPECT_EQ(time_of(b, "ssd_dram"), 6'710'886'400u); // 64 B
    EXPECT_EQ(time_of(b, "controller"), 2'097'152'000u);
    EXPECT_EQ(b.bottleneck, "channels");
}

TEST(step_bounds, deepstore_is_bound_by_the_channels_and_computes_in_dies) {
    const step_bound b = compute_step_bound(step_mode::deepstore, hand_rates(), adam_step());
    EXPECT_EQ(time_of(b, "pcie_to_device"), 0u);
    EXPECT_EQ(time_of(b, "channels"), 14'680'064'000u);
    // 5120 page reads x 10 us + 3072 programs x 20 us over 16 planes.
    EXPECT_EQ(time_of(b, "die_array"), 7'040'000'000u);
    // 5 element operations x 2^20 over 16 PEs at 2.5e8 /s.
    EXPECT_EQ(time_of(b, "die_compute"), 1'310'720'000u);
    EXPECT_EQ(time_of(b, "ssd_dram"), 3'355'443'200u);
    EXPECT_EQ(b.bottleneck, "channels");
}

TEST(step_bounds, optimstore_is_bound_by_the_per_die_sequence) {
    const step_bound b = compute_step_bound(step_mode::optimstore, hand_rates(), adam_step());
    EXPECT_EQ(time_of(b, "pcie_to_device"), 4'194'304'000u);
    EXPECT_EQ(time_of(b, "channels"), 4'194'304'000u); // 8 B x 2^20 / 2 GB/s
    // Super-page: 10 + 3 x 1 + 4 x 4.096 + 20 = 49.384 us, plus the 10 us read-back;
    // 1024 super-pages over 8 dies = 128 each.
    EXPECT_EQ(time_of(b, "die_sequence"), time_ps{128} * 59'384'000u);
    EXPECT_EQ(time_of(b, "ssd_dram"), 1'677'721'600u);
    EXPECT_EQ(b.bottleneck, "die_sequence");
    EXPECT_EQ(b.bound, 7'601'152'000u);
}

// Fast ISQRT with 3 Newton iterations takes 3 pipeline passes (odp_unit): 2 more passes per
// super-page in the per-die sequence, 2 more element operations per parameter in the dies'
// read-path compute.
TEST(step_bounds, extra_isqrt_passes_lengthen_the_die_sequence_and_compute) {
    system_rates three = hand_rates();
    three.isqrt_passes = 3;
    EXPECT_EQ(
        time_of(compute_step_bound(step_mode::optimstore, three, adam_step()), "die_sequence"),
        time_ps{128} * (59'384'000u + 2 * 4'096'000u));
    EXPECT_EQ(time_of(compute_step_bound(step_mode::deepstore, three, adam_step()), "die_compute"),
              time_ps{1'310'720'000} * 7 / 5);
    EXPECT_EQ(default_odp_sequence(optimizer_kind::momentum, 3).pe_passes, 2u)
        << "momentum has no ISQRT";
    flash_config f;
    f.isqrt.newton_iterations = 3;
    EXPECT_EQ(system_rates::from_flash(f).isqrt_passes, 3u);
    f.isqrt.mode = odp::isqrt_mode::exact;
    EXPECT_EQ(system_rates::from_flash(f).isqrt_passes, 1u);
}

TEST(step_bounds, optimstore_takes_a_given_super_page_time_and_scales_with_dies) {
    step_workload w = adam_step();
    w.optimstore_super_page_time = 50 * ps_per_us;
    EXPECT_EQ(time_of(compute_step_bound(step_mode::optimstore, hand_rates(), w), "die_sequence"),
              time_ps{128} * 60 * ps_per_us);
    system_rates doubled = hand_rates();
    doubled.dies = 16;
    const time_ps eight =
        time_of(compute_step_bound(step_mode::optimstore, hand_rates(), w), "die_sequence");
    const time_ps sixteen =
        time_of(compute_step_bound(step_mode::optimstore, doubled, w), "die_sequence");
    EXPECT_EQ(2 * sixteen, eight);
    w.parameters = 1025; // two super-pages: the busiest die still does one
    EXPECT_EQ(time_of(compute_step_bound(step_mode::optimstore, hand_rates(), w), "die_sequence"),
              60 * ps_per_us);
}

TEST(step_bounds, cpu_mode_is_host_cpu_time_only) {
    const step_bound b = compute_step_bound(step_mode::cpu, hand_rates(), adam_step());
    ASSERT_EQ(b.resources.size(), 1u);
    EXPECT_EQ(b.bottleneck, "host_cpu");
    EXPECT_EQ(b.bound, 10'485'760'000u);
}

TEST(step_bounds, json_lists_bound_bottleneck_resources_and_traffic) {
    const nlohmann::json j =
        compute_step_bound(step_mode::optimstore, hand_rates(), adam_step()).to_json();
    EXPECT_EQ(j["mode"], "optimstore");
    EXPECT_EQ(j["bottleneck"], "die_sequence");
    EXPECT_EQ(j["bound_ps"].get<time_ps>(), 7'601'152'000u);
    EXPECT_EQ(j["resources"]["channels"]["ps"].get<time_ps>(), 4'194'304'000u);
    EXPECT_EQ(j["traffic_per_parameter"]["channel_B"].get<double>(), 8.0);
}

TEST(step_bounds, rates_from_flash_config_follow_table_ii) {
    const system_rates r = system_rates::from_flash(flash_config{});
    EXPECT_EQ(r.channels, 8u);
    EXPECT_DOUBLE_EQ(r.channel_bytes_per_s, 1.2e9);
    EXPECT_EQ(r.dies, 64u);
    EXPECT_EQ(r.planes_per_die, 4u);
    EXPECT_EQ(r.page_bytes, 8192u);
    EXPECT_EQ(r.t_reg_copy, 3 * ps_per_us);
    EXPECT_DOUBLE_EQ(r.pe_elements_per_s, 3e8);
    EXPECT_EQ(r.isqrt_passes, 1u) << "one Newton iteration: one pass";
}

TEST(step_bounds, missing_rates_are_named_with_the_mode) {
    system_rates r = hand_rates();
    r.host_cpu_params_per_s = 0;
    auto m = error_of(step_mode::baseline, r);
    EXPECT_NE(m.find("host_cpu_params_per_s"), std::string::npos) << m;
    EXPECT_NE(m.find("baseline"), std::string::npos) << m;
    r = hand_rates();
    r.controller_params_per_s = 0;
    m = error_of(step_mode::cisp, r);
    EXPECT_NE(m.find("controller_params_per_s"), std::string::npos) << m;
    r = hand_rates();
    r.page_bytes = 0;
    m = error_of(step_mode::optimstore, r);
    EXPECT_NE(m.find("page_bytes"), std::string::npos) << m;
    r = hand_rates();
    r.dies = 0;
    m = error_of(step_mode::optimstore, r);
    EXPECT_NE(m.find("dies"), std::string::npos) << m;
    r = hand_rates();
    r.pcie_bytes_per_s = 0;
    m = error_of(step_mode::optimstore, r);
    EXPECT_NE(m.find("pcie_bytes_per_s"), std::string::npos) << m;
    r = hand_rates();
    r.pe_elements_per_s = 0;
    m = error_of(step_mode::deepstore, r);
    EXPECT_NE(m.find("pe_elements_per_s"), std::string::npos) << m;
}
