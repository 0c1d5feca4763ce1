// reservoir_map: sizing, striping, sequential relocation, erasable super-blocks, wear levelling,
// and its disjointness from the page_ftl region under the same block_split.
#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <random>
#include <set>
#include <vector>

#include "ftl/ftl_errors.h"
#include "ftl/page_ftl.h"
#include "ftl/reservoir_map.h"
#include "ftl_test_util.h"

using namespace osvp::fw;
using namespace osvp::fw::test;

namespace {

// 4 dies, 4 planes, blocks 14..19 form the reservoir (6 super-blocks of 4 pages per die).
const flash_geometry geometry{2, 2, 4, 20, 4, 4096};
const block_split split{6};

// Relocates every super-page once (in `order`), then erases every erasable super-block.
std::size_t step(reservoir_map& r, const std::vector<std::uint64_t>& order) {
    for (std::uint64_t sp : order) {
        r.relocate(sp);
    }
    const auto blocks = r.erasable();
    for (const auto& b : blocks) {
        r.erase_done(b);
    }
    return blocks.size();
}

std::vector<std::uint64_t> in_order(std::uint64_t n) {
    std::vector<std::uint64_t> v(n);
    std::iota(v.begin(), v.end(), 0);
    return v;
}

} // namespace

TEST(reservoir_map, capacity_keeps_room_for_one_step_of_relocation) {
    // per die floor((6 x 4 - 4 + 1) / 2) = 10, 4 dies
    EXPECT_EQ(reservoir_map::capacity_super_pages(geometry, split), 40u);
    EXPECT_EQ(reservoir_map::capacity_super_pages(geometry, block_split{0}), 0u);
    EXPECT_EQ(reservoir_map::capacity_super_pages(flash_geometry{}, block_split{1}), 0u);
    EXPECT_EQ(reservoir_map::capacity_super_pages(flash_geometry{}, block_split{2}), 512u * 64);
    EXPECT_NO_THROW(reservoir_map(geometry, split, 3, 40));
    EXPECT_EQ(error_of([] { reservoir_map(geometry, split, 3, 41); }),
              "reservoir_map: 41 super-pages (11 on the busiest die) do not fit 6 reservoir "
              "super-blocks per die x 4 pages: allowed <= 40 (10 per die x 4 dies, keeping room "
              "to reprogram each once per step before erasing)");
}

TEST(reservoir_map, bad_arguments_are_reported) {
    EXPECT_EQ(error_of([] { reservoir_map(geometry, split, 0, 8); }),
              "reservoir_map: state_planes = 0; allowed: 1..4 (planes_per_die)");
    EXPECT_EQ(error_of([] { reservoir_map(geometry, split, 5, 8); }),
              "reservoir_map: state_planes = 5; allowed: 1..4 (planes_per_die)");
    EXPECT_EQ(error_of([] { reservoir_map(geometry, split, 3, 0); }),
              "reservoir_map: super_pages = 0; allowed: >= 1");
    EXPECT_TRUE(contains_all(error_of([] { reservoir_map(geometry, block_split{21}, 3, 8); }),
                             "reservoir_blocks = 21"));
    reservoir_map r(geometry, split, 3, 8);
    EXPECT_EQ(error_of([&] { r.relocate(8); }), "super-page 8; allowed: 0..7");
    const super_page where = r.relocate(0);
    EXPECT_EQ(error_of([&] { r.state_page(where, 3); }), "reservoir_map: state 3; allowed: 0..2");
    EXPECT_TRUE(contains_all(error_of([&] {
                                 r.erase_done({0, 0, 13});
                             }),
                             "allowed: reservoir blocks 14..19"));
    EXPECT_TRUE(contains_all(error_of([&] {
                                 r.erase_done({0, 0, 14});
                             }),
                             "it is the open super-block"));
    EXPECT_TRUE(contains_all(error_of([&] { r.erase_done({0, 0, 15}); }), "it is already free"));
}

TEST(reservoir_map, super_pages_stripe_channels_first_then_dies) {
    reservoir_map r(geometry, split, 3, 40);
    const die_ref expected[] = {{0, 0}, {1, 0}, {0, 1}, {1, 1}};
    for (std::uint64_t sp = 0; sp < 40; ++sp) {
        EXPECT_EQ(r.die_of(sp), expected[sp % 4]) << sp;
    }
}

TEST(reservoir_map, relocation_follows_program_order_and_invalidates_the_old_copy) {
    reservoir_map r(geometry, split, 3, 40);
    EXPECT_FALSE(r.location(4));
    // Die (0,0) holds super-pages 0, 4, 8, ..., 36: its program order is page 0..3 of block 14,
    // then the least-erased free block (15), and so on.
    std::uint32_t slot = 0;
    for (int pass = 0; pass < 2; ++pass) {
        for (std::uint64_t sp = 0; sp < 40; sp += 4) {
            const super_page to = r.relocate(sp);
            EXPECT_EQ(to, (super_page{0, 0, 14 + slot / 4, slot % 4})) << "sp " << sp;
            EXPECT_EQ(r.location(sp), to);
            ++slot;
        }
    }
    // Blocks 14 and 15 held only first-pass copies; block 16 mixes both passes.
    EXPECT_EQ(r.erasable(), (std::vector<super_block_ref>{{0, 0, 14}, {0, 0, 15}}));
    const super_page w = *r.location(36);
    EXPECT_EQ(r.state_page(w, 0), (phys_page{0, 0, 0, w.block, w.page}));
    EXPECT_EQ(r.state_page(w, 2), (phys_page{0, 0, 2, w.block, w.page}));
}

TEST(reservoir_map, full_capacity_survives_many_steps_in_any_order_with_batched_erases) {
    reservoir_map r(geometry, split, 3, 40);
    std::vector<std::uint64_t> order = in_order(40);
    std::mt19937_64 rng(7);
    step(r, order);
    std::size_t erased = 0;
    for (int s = 0; s < 300; ++s) {
        std::shuffle(order.begin(), order.end(), rng);
        erased += step(r, order);
        std::set<std::tuple<std::uint32_t, std::uint32_t, std::uint32_t, std::uint32_t>> used;
        for (std::uint64_t sp = 0; sp < 40; ++sp) {
            const super_page p = *r.location(sp);
            ASSERT_EQ((die_ref{p.channel, p.die}), r.die_of(sp));
            ASSERT_GE(p.block, 14u);
            ASSERT_TRUE(used.insert({p.channel, p.die, p.block, p.page}).second);
        }
    }
    // 10 super-pages per die and step: 2.5 super-blocks reprogrammed per die per step.
    EXPECT_NEAR(static_cast<double>(erased) / 300.0, 4 * 2.5, 0.1);
}

TEST(reservoir_map, skipping_erases_runs_out_of_space_with_a_clear_error) {
    reservoir_map r(geometry, split, 3, 40);
    const auto order = in_order(40);
    step(r, order);
    EXPECT_TRUE(contains_all(error_of([&] {
                                 for (int s = 0; s < 3; ++s) {
                                     for (std::uint64_t sp : order) {
                                         r.relocate(sp);
                                     }
                                 }
                             }),
                             "die (0,0): reservoir super-page", "none is free",
                             "erase the erasable() super-blocks first"));
    EXPECT_THROW(r.relocate(0), ftl_out_of_space);
}

TEST(reservoir_map, wear_is_levelled_by_taking_least_erased_super_blocks) {
    reservoir_map r(geometry, split, 3, 24);
    const auto order = in_order(24);
    for (int s = 0; s < 400; ++s) {
        step(r, order);
    }
    std::uint64_t total = 0;
    for (std::uint32_t c = 0; c < 2; ++c) {
        for (std::uint32_t d = 0; d < 2; ++d) {
            std::vector<std::uint32_t> counts;
            for (std::uint32_t b = 14; b < 20; ++b) {
                counts.push_back(r.erase_count({c, d, b}));
                total += counts.back();
            }
            const auto [lo, hi] = std::minmax_element(counts.begin(), counts.end());
            EXPECT_LE(*hi - *lo, 1u) << die_name(c, d);
            EXPECT_GT(*lo, 0u);
        }
    }
    // 6 super-pages per die and step: 1.5 super-blocks per die per step, 4 dies.
    EXPECT_NEAR(static_cast<double>(total), 400 * 4 * 1.5, 4 * 3);
}

TEST(reservoir_map, shares_the_block_space_with_page_ftl_without_overlap) {
    const block_split shared{6};
    page_ftl ftl(geometry, shared, page_ftl_config{0.3, 2});
    reservoir_map r(geometry, shared, 4, 40);
    std::set<std::uint32_t> ftl_blocks;
    std::set<std::uint32_t> reservoir_blocks;
    for (int pass = 0; pass < 3; ++pass) {
        for (std::uint64_t lpn = 0; lpn < ftl.logical_pages(); lpn += 3) {
            if (!ftl.needs_gc(ftl.next_host_die().channel, ftl.next_host_die().die)) {
                ftl_blocks.insert(ftl.write(lpn).block);
            }
        }
    }
    for (int s = 0; s < 5; ++s) {
        for (std::uint64_t sp = 0; sp < 40; ++sp) {
            reservoir_blocks.insert(r.relocate(sp).block);
        }
        for (const auto& b : r.erasable()) {
            r.erase_done(b);
        }
    }
    EXPECT_GE(ftl_blocks.size(), 10u);
    EXPECT_LT(*ftl_blocks.rbegin(), 14u);
    EXPECT_EQ(*reservoir_blocks.begin(), 14u);
    EXPECT_EQ(reservoir_blocks.size(), 6u);
}
