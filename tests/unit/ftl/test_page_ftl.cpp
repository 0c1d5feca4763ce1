// page_ftl mapping: striping order, multi-plane write points, over-provisioning, invalidation,
// configuration errors.
#include <gtest/gtest.h>

#include <limits>

#include "ftl/ftl_errors.h"
#include "ftl/page_ftl.h"
#include "ftl_test_util.h"

using namespace osvp::fw;
using namespace osvp::fw::test;

TEST(page_ftl, kth_host_page_goes_channel_first_then_die_then_next_plane) {
    const flash_geometry g{2, 3, 2, 16, 4, 4096};
    page_ftl ftl(g, block_split{}, quarter_op());
    const std::uint32_t dies = 6;
    for (std::uint32_t k = 0; k < dies * 2 * 4 * 2; ++k) {
        const std::uint32_t m = k / dies; // the m-th page written to this die
        const phys_page expected{k % 2, (k / 2) % 3, m % 2, m / 8, (m / 2) % 4};
        ASSERT_EQ(ftl.next_host_die(), (die_ref{k % 2, (k / 2) % 3})) << "k=" << k;
        ASSERT_EQ(ftl.write(k), expected) << "k=" << k;
        ASSERT_EQ(ftl.lookup(k), expected);
    }
}

TEST(page_ftl, write_point_fills_all_planes_of_a_page_offset_before_advancing) {
    const flash_geometry g{1, 1, 4, 16, 2, 4096};
    page_ftl ftl(g, block_split{}, quarter_op());
    for (std::uint32_t group = 0; group < 6; ++group) {
        const phys_page first = ftl.write(group * 4);
        EXPECT_EQ(first.plane, 0u);
        for (std::uint32_t plane = 1; plane < 4; ++plane) {
            const phys_page p = ftl.write(group * 4 + plane);
            EXPECT_EQ(p.plane, plane);
            EXPECT_EQ(p.block, first.block);
            EXPECT_EQ(p.page, first.page);
        }
        EXPECT_EQ(first.block, group / 2);
        EXPECT_EQ(first.page, group % 2);
    }
}

TEST(page_ftl, full_super_block_closes_and_next_comes_from_the_free_pool) {
    page_ftl ftl(one_die(), block_split{}, quarter_op());
    EXPECT_EQ(ftl.free_super_blocks(0, 0), 16u);
    EXPECT_FALSE(ftl.open_super_block(0, 0));
    ftl.write(0);
    EXPECT_EQ(ftl.open_super_block(0, 0), 0u);
    EXPECT_EQ(ftl.free_super_blocks(0, 0), 15u);
    for (std::uint64_t lpn = 1; lpn < 8; ++lpn) {
        ftl.write(lpn);
    }
    EXPECT_FALSE(ftl.open_super_block(0, 0));
    EXPECT_EQ(ftl.write(8), (phys_page{0, 0, 0, 1, 0}));
    EXPECT_EQ(ftl.open_super_block(0, 0), 1u);
}

TEST(page_ftl, logical_capacity_is_rounded_down_over_provisioned_physical_capacity) {
    page_ftl paper(flash_geometry{}, block_split{}, page_ftl_config{});
    const std::uint64_t physical = 8ull * 8 * 4 * 682 * 1024;
    EXPECT_EQ(paper.physical_pages(), physical);
    EXPECT_EQ(paper.logical_pages(), physical * 93 / 100);
    EXPECT_EQ(paper.logical_pages(), 166267453u);

    const flash_geometry thousand{1, 1, 1, 100, 10, 4096};
    EXPECT_EQ(page_ftl(thousand, block_split{}, page_ftl_config{0.07, 2}).logical_pages(), 930u);
    EXPECT_EQ(page_ftl(thousand, block_split{}, page_ftl_config{0.0715, 2}).logical_pages(), 928u);
    EXPECT_EQ(page_ftl(one_die(), block_split{}, quarter_op()).logical_pages(), 96u);
    page_ftl split(one_die(), block_split{4}, page_ftl_config{0.3, 2});
    EXPECT_EQ(split.physical_pages(), 96u);
    EXPECT_EQ(split.logical_pages(), 67u);
}

TEST(page_ftl, overwrite_invalidates_the_old_location) {
    page_ftl ftl(one_die(), block_split{}, quarter_op());
    EXPECT_FALSE(ftl.lookup(5));
    const phys_page first = ftl.write(5);
    EXPECT_EQ(ftl.valid_pages(0, 0, first.block), 1u);
    for (std::uint64_t lpn = 10; lpn < 17; ++lpn) {
        ftl.write(lpn);
    }
    const phys_page second = ftl.write(5);
    EXPECT_NE(second, first);
    EXPECT_EQ(ftl.lookup(5), second);
    EXPECT_EQ(ftl.valid_pages(0, 0, first.block), 7u);
    EXPECT_EQ(ftl.valid_pages(0, 0, second.block), 1u);
    ftl.trim(5);
    EXPECT_FALSE(ftl.lookup(5));
    EXPECT_EQ(ftl.valid_pages(0, 0, second.block), 0u);
    ftl.trim(5);
    EXPECT_EQ(ftl.stats().host_pages_written, 9u);
}

TEST(page_ftl, bad_config_and_arguments_are_reported) {
    const flash_geometry g = one_die();
    for (double op : {0.0, 0.5, -0.1, 0.75, std::numeric_limits<double>::quiet_NaN()}) {
        EXPECT_TRUE(contains_all(error_of([&] {
                                     page_ftl(g, block_split{}, {op, 2});
                                 }),
                                 "over_provisioning", "allowed: 0 < value < 0.5"))
            << op;
    }
    EXPECT_EQ(error_of([&] {
                  page_ftl(g, block_split{}, {0.25, 0});
              }),
              "page_ftl_config.gc_threshold_super_blocks = 0; allowed: >= 1");
    EXPECT_TRUE(contains_all(error_of([&] {
                                 page_ftl(g, block_split{}, {0.1, 2});
                             }),
                             "gives 115 logical pages", "allowed: 1..", "= 103"));
    EXPECT_TRUE(contains_all(error_of([&] {
                                 page_ftl(g, block_split{13}, {0.25, 2});
                             }),
                             "leaves 3 user super-blocks", ">= gc_threshold_super_blocks + 2 = 4"));
    EXPECT_TRUE(contains_all(error_of([&] {
                                 page_ftl(g, block_split{17}, {0.25, 2});
                             }),
                             "reservoir_blocks = 17"));
    flash_geometry zero = g;
    zero.channels = 0;
    EXPECT_TRUE(contains_all(error_of([&] {
                                 page_ftl(zero, block_split{}, {0.25, 2});
                             }),
                             "flash_geometry.channels = 0"));

    page_ftl ftl(g, block_split{}, quarter_op());
    EXPECT_EQ(error_of([&] { ftl.write(96); }), "logical page 96; allowed: 0..95");
    EXPECT_THROW(ftl.lookup(96), ftl_usage_error);
    EXPECT_EQ(error_of([&] { ftl.needs_gc(0, 1); }), "die (0,1); allowed: channel 0..0, die 0..0");
    EXPECT_EQ(error_of([&] { ftl.valid_pages(0, 0, 16); }),
              "block 16 of die (0,0); allowed: user blocks 0..15");
}
