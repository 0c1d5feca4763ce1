#include "host/verify_pattern.h"

#include <gtest/gtest.h>

#include <vector>

using namespace osvp;

TEST(verify_pattern, data_depends_on_seed_and_absolute_position_only) {
    std::vector<std::uint8_t> whole(4096);
    fill_pattern(5, 8192, whole.data(), whole.size());
    EXPECT_EQ(count_mismatches(5, 8192, whole.data(), whole.size()), 0u);
    EXPECT_EQ(count_mismatches(5, 8192 + 1024, whole.data() + 1024, 1024), 0u);
    EXPECT_EQ(count_mismatches(6, 8192, whole.data(), whole.size()), 512u);
    EXPECT_GT(count_mismatches(5, 0, whole.data(), whole.size()), 500u);
    whole[100] ^= 1;
    EXPECT_EQ(count_mismatches(5, 8192, whole.data(), whole.size()), 1u);
    EXPECT_THROW(fill_pattern(5, 4, whole.data(), 8), std::invalid_argument);
}

TEST(verify_record, remembers_the_last_successful_write_per_slot) {
    verify_record r;
    EXPECT_FALSE(r.expected(3));
    r.written(3, 11);
    r.written(3, 12);
    EXPECT_EQ(r.expected(3), 12u);
    r.forget(3);
    EXPECT_FALSE(r.expected(3));
}
