#include "energy/host_cpu_model.h"

#include <gtest/gtest.h>

#include <stdexcept>

using namespace osvp;

TEST(host_cpu_model, default_4210r_is_thread_bound_at_ten_reference_threads) {
    const host_cpu_model cpu{host_cpu_config{}};
    // min(10 x 3.89e9 / 48, 3.89e9 x 115.2 / 255.9) = min(0.8104e9, 1.751e9).
    EXPECT_NEAR(cpu.params_per_second(optimizer_kind::adam), 10 * 3.89e9 / 48, 1.0);
    EXPECT_DOUBLE_EQ(cpu.active_power(), 100.0);
    EXPECT_DOUBLE_EQ(cpu.idle_power(), 20.0);
}

TEST(host_cpu_model, many_threads_hit_the_memory_bound) {
    host_cpu_config c;
    c.threads = 96;
    const host_cpu_model cpu(c);
    EXPECT_NEAR(cpu.params_per_second(optimizer_kind::adam), 3.89e9 * 115.2e9 / 255.9e9, 1.0);
}

TEST(host_cpu_model, other_optimizers_scale_by_bytes_touched) {
    const host_cpu_model cpu{host_cpu_config{}};
    const double adam = cpu.params_per_second(optimizer_kind::adam);
    EXPECT_DOUBLE_EQ(cpu.params_per_second(optimizer_kind::momentum), adam * 28.0 / 20.0);
    EXPECT_DOUBLE_EQ(cpu.params_per_second(optimizer_kind::adagrad), adam * 28.0 / 20.0);
}

TEST(host_cpu_model, update_time_is_chunk_overheads_plus_parameters_over_rate) {
    host_cpu_config c;
    c.reference_rate = 1e9;
    c.reference_threads = 10;
    c.threads = 10;
    c.memory_bandwidth = c.reference_memory_bandwidth;
    c.chunk_overhead = 100 * ps_per_us;
    const host_cpu_model cpu(c);
    // 1e6 parameters at 1e9/s = 1 ms, in ceil(1e6 / 300000) = 4 chunks of 100 us.
    EXPECT_EQ(cpu.update_time(1'000'000, 300'000, optimizer_kind::adam),
              1 * ps_per_ms + 4 * 100 * ps_per_us);
    EXPECT_EQ(cpu.update_time(0, 1, optimizer_kind::adam), 0u);
    // Momentum touches 20 B instead of 28 B: 1e6 x 20 / 28 ns, rounded up.
    EXPECT_EQ(cpu.update_time(1'000'000, 1'000'000, optimizer_kind::momentum),
              714'285'715u + 100 * ps_per_us);
}

TEST(host_cpu_model, zero_chunk_and_bad_config_are_rejected) {
    const host_cpu_model cpu{host_cpu_config{}};
    EXPECT_THROW(cpu.update_time(10, 0, optimizer_kind::adam), std::invalid_argument);
    host_cpu_config c;
    c.reference_rate = 0;
    EXPECT_THROW(host_cpu_model{c}, config_error);
}

TEST(optimizer_kind, states_bytes_and_names) {
    EXPECT_EQ(stored_states(optimizer_kind::adam), 3u);
    EXPECT_EQ(stored_states(optimizer_kind::momentum), 2u);
    EXPECT_EQ(update_bytes_per_parameter(optimizer_kind::adam), 28u);
    EXPECT_EQ(update_bytes_per_parameter(optimizer_kind::adagrad), 20u);
    EXPECT_EQ(parse_optimizer_kind("momentum"), optimizer_kind::momentum);
    EXPECT_STREQ(to_string(optimizer_kind::adagrad), "adagrad");
    try {
        parse_optimizer_kind("lamb");
        FAIL() << "lamb accepted";
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("'lamb'"), std::string::npos);
        EXPECT_NE(std::string(e.what()).find("adam, momentum or adagrad"), std::string::npos);
    }
}
