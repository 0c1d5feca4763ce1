#include "common/transfer_time_cache.h"
#include "common/units.h"

#include <gtest/gtest.h>

using namespace osvp;

TEST(units, times_convert_to_picoseconds) {
    EXPECT_EQ(parse_time("25 us"), 25'000'000u);
    EXPECT_EQ(parse_time("120us"), 120'000'000u);
    EXPECT_EQ(parse_time("1 ms"), 1'000'000'000u);
    EXPECT_EQ(parse_time("2.5 ns"), 2'500u);
    EXPECT_EQ(parse_time("0 s"), 0u);
}

TEST(units, sizes_distinguish_decimal_and_binary_prefixes) {
    EXPECT_EQ(parse_size("8 KiB"), 8192u);
    EXPECT_EQ(parse_size("4 GB"), 4'000'000'000u);
    EXPECT_EQ(parse_size("4 GiB"), 4ull << 30);
    EXPECT_THROW(parse_size("1.5 B"), unit_error);
}

TEST(units, rates_and_electrical_quantities) {
    EXPECT_DOUBLE_EQ(parse_transfer_rate("1200 MT/s"), 1.2e9);
    EXPECT_DOUBLE_EQ(parse_bandwidth("7.3 GB/s"), 7.3e9);
    EXPECT_DOUBLE_EQ(parse_power("4.66 mW"), 4.66e-3);
    EXPECT_DOUBLE_EQ(parse_current("25 mA"), 0.025);
    EXPECT_DOUBLE_EQ(parse_voltage("3.3 V"), 3.3);
    EXPECT_DOUBLE_EQ(parse_frequency("1 GHz"), 1e9);
}

TEST(units, errors_name_the_text_and_the_allowed_units) {
    try {
        parse_time("25 furlongs");
        FAIL() << "no error";
    } catch (const unit_error& e) {
        EXPECT_NE(std::string(e.what()).find("25 furlongs"), std::string::npos);
        EXPECT_NE(std::string(e.what()).find("us"), std::string::npos);
    }
    EXPECT_THROW(parse_time("-3 us"), unit_error);
    EXPECT_THROW(parse_time("us"), unit_error);
    EXPECT_THROW(parse_time("25"), unit_error);
    EXPECT_THROW(parse_size("8 KiB/s"), unit_error);
}

TEST(units, transfer_time_rounds_up_to_whole_picoseconds) {
    // 8192 bytes at 1200 MT/s on an 8-bit bus: 6826666.67 ps.
    EXPECT_EQ(transfer_time(8192, 1.2e9), 6'826'667u);
    EXPECT_EQ(transfer_time(1000, 1e9), 1'000'000u);
    EXPECT_EQ(transfer_time(0, 1e9), 0u);
}

TEST(units, formatting_picks_a_readable_unit) {
    EXPECT_EQ(format_time(25'000'000), "25 us");
    EXPECT_EQ(format_time(1'500'000'000), "1.5 ms");
    EXPECT_EQ(format_time(999), "999 ps");
    EXPECT_EQ(format_time(0), "0 s") << "nothing is nothing in any unit";
    EXPECT_EQ(format_size(8192), "8 KiB");
    EXPECT_EQ(format_fixed(0.2100621, 3), "0.210");
    EXPECT_EQ(format_fixed(2.0, 0), "2");
}

// The memo must give exactly transfer_time for every size, also when sizes share a table slot
// and when a size comes back after being evicted.
TEST(transfer_time_cache, equals_transfer_time_for_every_size_in_any_order) {
    const double rate = 7.877e9;
    const transfer_time_cache cache(rate);
    for (int round = 0; round < 2; ++round) {
        for (std::uint64_t bytes = 0; bytes < 20000; bytes += 8) {
            ASSERT_EQ(cache(bytes), transfer_time(bytes, rate)) << bytes;
            ASSERT_EQ(cache(24), transfer_time(24, rate));
        }
    }
}
