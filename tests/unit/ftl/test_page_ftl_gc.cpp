// page_ftl garbage collection: greedy victim choice, relocation protocol, misuse, reserve,
// write amplification.
#include <gtest/gtest.h>

#include <vector>

#include "ftl/ftl_errors.h"
#include "ftl/page_ftl.h"
#include "ftl_test_util.h"

using namespace osvp::fw;
using namespace osvp::fw::test;

namespace {

// one_die() with blocks 0, 1, 2 full (lpns 0..23), then lpns 0..2, 8..10, 16 overwritten into
// block 3: valid counts 5, 5, 7 and open block 3 holding 7 pages.
page_ftl three_closed_blocks() {
    page_ftl ftl(one_die(), block_split{}, quarter_op());
    for (std::uint64_t lpn = 0; lpn < 24; ++lpn) {
        ftl.write(lpn);
    }
    for (std::uint64_t lpn : {0, 1, 2, 8, 9, 10, 16}) {
        ftl.write(lpn);
    }
    return ftl;
}

} // namespace

TEST(page_ftl_gc, victim_is_the_closed_block_with_fewest_valid_pages_lowest_index_on_ties) {
    page_ftl ftl = three_closed_blocks();
    EXPECT_EQ(ftl.valid_pages(0, 0, 0), 5u);
    EXPECT_EQ(ftl.valid_pages(0, 0, 1), 5u);
    EXPECT_EQ(ftl.valid_pages(0, 0, 2), 7u);
    EXPECT_EQ(ftl.open_super_block(0, 0), 3u);
    for (std::uint64_t lpn : {0, 1, 2, 8, 9, 10, 16}) {
        ftl.trim(lpn); // the open block now has no valid page but must not be picked
    }
    auto victim = ftl.pick_victim(0, 0);
    ASSERT_TRUE(victim);
    EXPECT_EQ(victim->block, 0u);
    ASSERT_EQ(victim->pages.size(), 5u);
    for (std::size_t i = 0; i < 5; ++i) {
        EXPECT_EQ(victim->pages[i].lpn, 3 + i);
        EXPECT_EQ(victim->pages[i].from, ftl.lookup(3 + i));
    }
    EXPECT_EQ(ftl.pending_victim(0, 0), 0u);
    std::vector<phys_page> targets;
    for (const auto& v : victim->pages) {
        const auto to = ftl.relocate(v.lpn, v.from);
        ASSERT_TRUE(to);
        EXPECT_EQ(ftl.lookup(v.lpn), to);
        targets.push_back(*to);
    }
    EXPECT_EQ(targets.front(), (phys_page{0, 0, 1, 3, 3}));
    EXPECT_EQ(targets.back(), (phys_page{0, 0, 1, 4, 1}));
    ftl.erase_done(0, 0, 0);
    EXPECT_EQ(ftl.erase_count(0, 0, 0), 1u);
    EXPECT_FALSE(ftl.pending_victim(0, 0));
    // Block 3 is now closed with the one relocated page: fewer valid pages than blocks 1 and 2.
    victim = ftl.pick_victim(0, 0);
    ASSERT_TRUE(victim);
    EXPECT_EQ(victim->block, 3u);
    ASSERT_EQ(victim->pages.size(), 1u);
    EXPECT_EQ(victim->pages[0].lpn, 3u);
}

TEST(page_ftl_gc, page_overwritten_during_gc_is_reported_and_skipped) {
    page_ftl ftl = three_closed_blocks();
    const auto victim = ftl.pick_victim(0, 0);
    ASSERT_TRUE(victim);
    const phys_page newer = ftl.write(4);
    ftl.trim(6);
    std::vector<std::uint64_t> moved;
    for (const auto& v : victim->pages) {
        const auto to = ftl.relocate(v.lpn, v.from);
        if (to) {
            moved.push_back(v.lpn);
        }
    }
    EXPECT_EQ(moved, (std::vector<std::uint64_t>{3, 5, 7}));
    EXPECT_EQ(ftl.lookup(4), newer);
    EXPECT_FALSE(ftl.lookup(6));
    EXPECT_EQ(ftl.stats().gc_pages_moved, 3u);
    EXPECT_EQ(ftl.valid_pages(0, 0, 0), 0u);
    ftl.erase_done(0, 0, 0);
    EXPECT_EQ(ftl.free_super_blocks(0, 0), 12u);
}

TEST(page_ftl_gc, protocol_misuse_throws_and_changes_nothing) {
    page_ftl ftl = three_closed_blocks();
    const phys_page in_block_1 = *ftl.lookup(11);
    EXPECT_TRUE(contains_all(error_of([&] { (void)ftl.relocate(11, in_block_1); }),
                             "block is not the pending GC victim of die (0,0)"));
    EXPECT_TRUE(contains_all(error_of([&] { ftl.erase_done(0, 0, 3); }), "the open super-block"));
    EXPECT_TRUE(
        contains_all(error_of([&] { ftl.erase_done(0, 0, 1); }), "not a GC victim (none pending)"));
    const auto victim = ftl.pick_victim(0, 0);
    ASSERT_TRUE(victim);
    EXPECT_TRUE(
        contains_all(error_of([&] { ftl.pick_victim(0, 0); }), "victim block 0 is still pending"));
    EXPECT_TRUE(contains_all(error_of([&] { ftl.erase_done(0, 0, 0); }), "still holds 5 valid"));
    EXPECT_TRUE(contains_all(error_of([&] { ftl.erase_done(0, 0, 2); }),
                             "not the pending victim (block 0)"));
    EXPECT_EQ(ftl.lookup(11), in_block_1);
    EXPECT_EQ(ftl.valid_pages(0, 0, 0), 5u);
    EXPECT_EQ(ftl.stats().erases, 0u);
}

TEST(page_ftl_gc, needs_gc_when_free_super_blocks_fall_to_the_threshold) {
    page_ftl ftl(one_die(), block_split{}, page_ftl_config{0.3, 3});
    std::uint64_t lpn = 0;
    while (ftl.free_super_blocks(0, 0) > 4) {
        EXPECT_FALSE(ftl.needs_gc(0, 0));
        ftl.write(lpn++ % 8);
    }
    EXPECT_FALSE(ftl.needs_gc(0, 0));
    while (ftl.free_super_blocks(0, 0) > 3) {
        ftl.write(lpn++ % 8);
    }
    EXPECT_TRUE(ftl.needs_gc(0, 0));
}

TEST(page_ftl_gc, host_writes_never_take_the_last_free_super_block) {
    page_ftl ftl(one_die(), block_split{}, quarter_op());
    for (int i = 0; i < 15 * 8; ++i) {
        ftl.write(0);
    }
    EXPECT_EQ(ftl.free_super_blocks(0, 0), 1u);
    const phys_page last = *ftl.lookup(0);
    EXPECT_TRUE(contains_all(error_of([&] { ftl.write(0); }), "die (0,0): host write", "1 are free",
                             "run GC on this die first"));
    EXPECT_THROW(ftl.write(0), ftl_out_of_space);
    EXPECT_EQ(ftl.lookup(0), last);
    EXPECT_EQ(ftl.stats().host_pages_written, 120u);
    const auto victim = ftl.pick_victim(0, 0);
    ASSERT_TRUE(victim);
    EXPECT_EQ(victim->block, 0u);
    EXPECT_TRUE(victim->pages.empty());
    ftl.erase_done(0, 0, 0);
    EXPECT_EQ(ftl.write(0), (phys_page{0, 0, 0, 15, 0}));
}

TEST(page_ftl_gc, no_victim_when_every_closed_block_is_fully_valid) {
    page_ftl ftl(one_die(), block_split{}, quarter_op());
    EXPECT_FALSE(ftl.pick_victim(0, 0));
    for (std::uint64_t lpn = 0; lpn < 20; ++lpn) {
        ftl.write(lpn);
    }
    EXPECT_FALSE(ftl.pick_victim(0, 0));
    EXPECT_FALSE(ftl.pending_victim(0, 0));
}

TEST(page_ftl_gc, write_amplification_counts_gc_copies) {
    page_ftl ftl = three_closed_blocks();
    EXPECT_DOUBLE_EQ(ftl.stats().write_amplification(), 1.0);
    const auto victim = ftl.pick_victim(0, 0);
    for (const auto& v : victim->pages) {
        ASSERT_TRUE(ftl.relocate(v.lpn, v.from));
    }
    ftl.erase_done(0, 0, 0);
    EXPECT_EQ(ftl.stats().host_pages_written, 31u);
    EXPECT_EQ(ftl.stats().gc_pages_moved, 5u);
    EXPECT_EQ(ftl.stats().erases, 1u);
    EXPECT_DOUBLE_EQ(ftl.stats().write_amplification(), 36.0 / 31.0);
    EXPECT_DOUBLE_EQ(ftl_stats{}.write_amplification(), 0.0);
}
