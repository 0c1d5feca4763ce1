// PCIe bandwidth arithmetic against closed forms. Gen1 x1 moves exactly 250 MB/s (2.5 GT/s x
// 8/10 / 8 bits), i.e. 4000 ps per byte, which makes exact expected times easy to state.
#include "pcie/pcie_math.h"

#include <gtest/gtest.h>

#include <cstdio>

using namespace osvp;

namespace {

pcie_config gen1_x1() {
    pcie_config c;
    c.generation = 1;
    c.lanes = 1;
    return c;
}

} // namespace

TEST(pcie_math, line_rates_and_encodings_follow_the_generations) {
    EXPECT_DOUBLE_EQ(pcie_line_rate(1), 2.5e9);
    EXPECT_DOUBLE_EQ(pcie_line_rate(2), 5e9);
    EXPECT_DOUBLE_EQ(pcie_line_rate(3), 8e9);
    EXPECT_DOUBLE_EQ(pcie_line_rate(4), 16e9);
    EXPECT_DOUBLE_EQ(pcie_line_rate(5), 32e9);
    EXPECT_DOUBLE_EQ(pcie_encoding_efficiency(2), 0.8);
    EXPECT_DOUBLE_EQ(pcie_encoding_efficiency(3), 128.0 / 130.0);
    EXPECT_THROW(pcie_line_rate(6), config_error);
    EXPECT_THROW(pcie_encoding_efficiency(0), config_error);
}

TEST(pcie_math, raw_bandwidth_per_direction_is_lanes_times_rate_times_encoding) {
    EXPECT_DOUBLE_EQ(pcie_math(gen1_x1()).raw_bytes_per_second(), 250e6);
    pcie_config gen2_x8 = gen1_x1();
    gen2_x8.generation = 2;
    gen2_x8.lanes = 8;
    EXPECT_DOUBLE_EQ(pcie_math(gen2_x8).raw_bytes_per_second(), 4e9);
    EXPECT_DOUBLE_EQ(pcie_math(pcie_config{}).raw_bytes_per_second(),
                     4 * 16e9 * 128.0 / 130.0 / 8.0);
    pcie_config lossy;
    lossy.dllp_overhead = 0.1;
    EXPECT_DOUBLE_EQ(pcie_math(lossy).raw_bytes_per_second(), 0.9 * 4 * 16e9 * 128.0 / 130.0 / 8);
}

TEST(pcie_math, gen4_x4_with_256_byte_payloads_moves_about_7_15_gb_per_s) {
    const double effective = pcie_math(pcie_config{}).effective_bytes_per_second();
    std::printf("PCIe Gen4 x4, MPS 256 B, 26 B/TLP: %.4f GB/s effective (paper: about 7.3)\n",
                effective / 1e9);
    EXPECT_DOUBLE_EQ(effective, 4 * 16e9 * 128.0 / 130.0 / 8.0 * 256.0 / 282.0);
    EXPECT_NEAR(effective / 1e9, 7.15, 0.005);
}

TEST(pcie_math, tlp_count_rounds_up_and_counts_a_zero_length_access_once) {
    EXPECT_EQ(pcie_math::tlp_count(0, 256), 1u);
    EXPECT_EQ(pcie_math::tlp_count(1, 256), 1u);
    EXPECT_EQ(pcie_math::tlp_count(256, 256), 1u);
    EXPECT_EQ(pcie_math::tlp_count(257, 256), 2u);
    EXPECT_EQ(pcie_math::tlp_count(4096, 256), 16u);
    EXPECT_THROW(pcie_math::tlp_count(1, 0), std::invalid_argument);
}

TEST(pcie_math, posted_write_costs_payload_plus_one_overhead_per_mps_chunk) {
    const pcie_math m(gen1_x1());
    EXPECT_EQ(m.write_wire_bytes(4096), 4096u + 16 * 26);
    EXPECT_EQ(m.write_wire_bytes(4), 4u + 26);
    EXPECT_EQ(m.wire_time(1), 4000u);
    EXPECT_EQ(m.write_time(4096), (4096 + 16 * 26) * 4000ull + 500'000);
}

TEST(pcie_math, read_is_one_request_tlp_plus_latency_then_completions_plus_latency) {
    const pcie_math m(gen1_x1());
    EXPECT_EQ(m.read_request_wire_bytes(4096), 8u * 26);
    EXPECT_EQ(m.read_request_wire_bytes(100), 26u);
    EXPECT_EQ(m.completion_wire_bytes(4096), 4096u + 16 * 26);
    EXPECT_EQ(m.read_time(4096), 26 * 4000ull + 500'000 + (4096 + 16 * 26) * 4000ull + 500'000);
}

TEST(pcie_math, larger_payloads_raise_efficiency) {
    pcie_config big;
    big.max_payload = 512;
    EXPECT_NEAR(pcie_math(big).effective_bytes_per_second() / 1e9, 7.50, 0.005);
    EXPECT_GT(pcie_math(big).effective_bytes_per_second(),
              pcie_math(pcie_config{}).effective_bytes_per_second());
}
