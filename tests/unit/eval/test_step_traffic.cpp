#include "eval/step_traffic.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

using namespace osvp;

namespace {

constexpr std::uint32_t page = 8192;

step_traffic adam(step_mode mode, traffic_options options = {}) {
    return traffic_per_parameter(mode, options, page);
}

} // namespace

TEST(step_traffic, baseline_moves_16_b_up_12_b_down_and_the_gradient_in_backward) {
    const step_traffic t = adam(step_mode::baseline);
    EXPECT_EQ(t.pcie_to_host, 16.0);
    EXPECT_EQ(t.pcie_to_device, 12.0);
    EXPECT_EQ(t.pcie_backward, 4.0);
    EXPECT_EQ(t.channel, 28.0);
    EXPECT_EQ(t.channel_backward, 4.0);
    EXPECT_DOUBLE_EQ(t.pages_read, 16.0 / page);
    EXPECT_DOUBLE_EQ(t.pages_programmed, 12.0 / page);
    EXPECT_DOUBLE_EQ(t.pages_programmed_backward, 4.0 / page);
    EXPECT_EQ(t.ssd_dram, 56.0);
}

TEST(step_traffic, cisp_crosses_pcie_with_gradient_and_readback_only) {
    const step_traffic t = adam(step_mode::cisp);
    EXPECT_EQ(t.pcie_to_device, 4.0);
    EXPECT_EQ(t.pcie_to_host, 4.0);
    EXPECT_EQ(t.pcie_backward, 0.0);
    EXPECT_EQ(t.channel, 12.0 + 12.0 + 4.0); // read W,M,V; program W,M,V; read W back
    EXPECT_DOUBLE_EQ(t.pages_read, 16.0 / page);
    EXPECT_DOUBLE_EQ(t.pages_programmed, 12.0 / page);
    // G in 4; states in 12; core reads 16, writes 12; states out 12; read-back 4 + 4.
    EXPECT_EQ(t.ssd_dram, 64.0);

    traffic_options in_flash;
    in_flash.cisp_gradient_in_flash = true;
    const step_traffic f = adam(step_mode::cisp, in_flash);
    EXPECT_EQ(f.channel, 36.0);
    EXPECT_DOUBLE_EQ(f.pages_read, 20.0 / page);
    EXPECT_DOUBLE_EQ(f.pages_programmed, 16.0 / page);
    EXPECT_EQ(f.ssd_dram, 72.0);

    traffic_options core_only;
    core_only.dram_store_and_forward = false;
    EXPECT_EQ(adam(step_mode::cisp, core_only).ssd_dram, 28.0);
}

TEST(step_traffic, deepstore_sends_updated_states_out_and_back_over_the_channel) {
    const step_traffic t = adam(step_mode::deepstore);
    EXPECT_EQ(t.pcie_to_device, 0.0);
    EXPECT_EQ(t.pcie_to_host, 4.0);
    EXPECT_EQ(t.pcie_backward, 4.0);
    EXPECT_EQ(t.channel, 12.0 + 12.0 + 4.0);
    EXPECT_DOUBLE_EQ(t.pages_read, 20.0 / page); // W, M, V, G and the read-back
    EXPECT_DOUBLE_EQ(t.pages_programmed, 12.0 / page);
    EXPECT_EQ(t.ssd_dram, 32.0);
}

TEST(step_traffic, optimstore_moves_only_gradient_and_weights) {
    const step_traffic t = adam(step_mode::optimstore);
    EXPECT_EQ(t.pcie_to_device, 4.0);
    EXPECT_EQ(t.pcie_to_host, 4.0);
    EXPECT_EQ(t.pcie_backward, 0.0);
    EXPECT_EQ(t.channel, 8.0);
    EXPECT_DOUBLE_EQ(t.pages_read, 16.0 / page);
    EXPECT_DOUBLE_EQ(t.pages_programmed, 12.0 / page);
    EXPECT_EQ(t.ssd_dram, 16.0);

    traffic_options fp16;
    fp16.fp16_readback = true;
    const step_traffic h = adam(step_mode::optimstore, fp16);
    EXPECT_EQ(h.pcie_to_host, 2.0);
    EXPECT_EQ(h.channel, 8.0);
    EXPECT_EQ(h.ssd_dram, 14.0);
}

TEST(step_traffic, cpu_mode_touches_no_ssd) {
    const step_traffic t = adam(step_mode::cpu);
    EXPECT_EQ(t.to_json(), step_traffic{}.to_json());
}

TEST(step_traffic, two_state_optimizers_move_less) {
    traffic_options momentum;
    momentum.optimizer = optimizer_kind::momentum;
    const step_traffic b = adam(step_mode::baseline, momentum);
    EXPECT_EQ(b.pcie_to_host, 12.0);
    EXPECT_EQ(b.pcie_to_device, 8.0);
    EXPECT_EQ(b.channel, 20.0);
    const step_traffic o = adam(step_mode::optimstore, momentum);
    EXPECT_DOUBLE_EQ(o.pages_read, 12.0 / page);
    EXPECT_DOUBLE_EQ(o.pages_programmed, 8.0 / page);
}

TEST(step_traffic, names_round_trip_and_bad_input_is_rejected) {
    for (step_mode m : {step_mode::baseline, step_mode::cisp, step_mode::deepstore,
                        step_mode::optimstore, step_mode::cpu}) {
        EXPECT_EQ(parse_step_mode(to_string(m)), m);
    }
    try {
        parse_step_mode("gpu");
        FAIL() << "gpu accepted";
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("'gpu'"), std::string::npos);
        EXPECT_NE(std::string(e.what()).find("optimstore"), std::string::npos);
    }
    EXPECT_THROW(traffic_per_parameter(step_mode::optimstore, {}, 0), std::invalid_argument);
}
