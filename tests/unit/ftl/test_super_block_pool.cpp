// The free super-block pool hands out the least-erased free block, lowest index first among
// equals, and refuses releases of free blocks and blocks outside its range.
#include "ftl/ftl_errors.h"
#include "ftl/super_block_pool.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <set>
#include <utility>
#include <vector>

using osvp::fw::super_block_pool;

TEST(super_block_pool, never_taken_blocks_go_first_in_index_order_then_the_least_erased) {
    super_block_pool pool(100, 4);
    EXPECT_EQ(pool.free_count(), 4u);
    EXPECT_EQ(pool.take(), 100u);
    EXPECT_EQ(pool.take(), 101u);
    pool.release_erased(101);
    EXPECT_EQ(pool.take(), 102u) << "unerased 102 before 101, erased once";
    pool.release_erased(100);
    pool.release_erased(102);
    EXPECT_EQ(pool.take(), 103u);
    EXPECT_EQ(pool.take(), 100u) << "all erased once: the lowest index";
    pool.release_erased(100);
    EXPECT_EQ(pool.take(), 101u);
    EXPECT_EQ(pool.take(), 102u);
    EXPECT_EQ(pool.take(), 100u) << "erased twice, last";
    EXPECT_EQ(pool.free_count(), 0u);
    EXPECT_THROW(pool.take(), osvp::fw::ftl_out_of_space);
    EXPECT_EQ(pool.erase_count(100), 2u);
    EXPECT_EQ(pool.erase_count(103), 0u);
}

TEST(super_block_pool, releasing_a_free_block_or_one_outside_the_range_is_refused) {
    super_block_pool pool(10, 3);
    EXPECT_THROW(pool.release_erased(11), osvp::fw::ftl_usage_error) << "never taken";
    EXPECT_EQ(pool.take(), 10u);
    pool.release_erased(10);
    EXPECT_THROW(pool.release_erased(10), osvp::fw::ftl_usage_error) << "returned already";
    EXPECT_THROW(pool.release_erased(9), osvp::fw::ftl_usage_error);
    EXPECT_THROW(pool.erase_count(13), osvp::fw::ftl_usage_error);
    EXPECT_THROW(pool.is_free(13), osvp::fw::ftl_usage_error);
    EXPECT_EQ(pool.erase_count(10), 1u) << "a refused release counts no erase";
}

TEST(super_block_pool, a_random_sequence_matches_an_ordered_set_of_erases_and_block) {
    constexpr std::uint32_t first = 7;
    constexpr std::uint32_t count = 64;
    super_block_pool pool(first, count);
    std::set<std::pair<std::uint32_t, std::uint32_t>> free;
    std::vector<std::uint32_t> erases(count, 0);
    std::vector<std::uint32_t> used;
    for (std::uint32_t b = 0; b < count; ++b) {
        free.emplace(0, first + b);
    }
    std::mt19937 random(3);
    for (int step = 0; step < 20'000; ++step) {
        const bool take = used.empty() || (!free.empty() && random() % 2 == 0);
        if (take) {
            const std::uint32_t expected = free.begin()->second;
            free.erase(free.begin());
            ASSERT_EQ(pool.take(), expected) << "step " << step;
            used.push_back(expected);
        } else {
            const std::size_t pick = random() % used.size();
            const std::uint32_t block = used[pick];
            used[pick] = used.back();
            used.pop_back();
            pool.release_erased(block);
            free.emplace(++erases[block - first], block);
        }
        ASSERT_EQ(pool.free_count(), free.size());
    }
    for (std::uint32_t b = 0; b < count; ++b) {
        EXPECT_EQ(pool.erase_count(first + b), erases[b]);
        EXPECT_EQ(pool.is_free(first + b), free.count({erases[b], first + b}) == 1);
    }
}
