// flash_geometry, phys_page and block_split: sizes, address round trip, validation messages.
#include <gtest/gtest.h>

#include <set>
#include <stdexcept>
#include <string>

#include "ftl/flash_geometry.h"
#include "ftl_test_util.h"

using namespace osvp::fw;
using osvp::fw::test::error_of;

TEST(flash_geometry, default_is_the_papers_1_4_tb_drive) {
    const flash_geometry g;
    g.validate();
    EXPECT_EQ(g.dies(), 64u);
    EXPECT_EQ(g.total_pages(), 8ull * 8 * 4 * 682 * 1024);
    EXPECT_EQ(g.capacity_bytes(), 8ull * 8 * 4 * 682 * 1024 * 8192);
    EXPECT_NEAR(static_cast<double>(g.capacity_bytes()) / 1e12, 1.46, 0.01);
}

TEST(flash_geometry, page_number_is_a_bijection_with_planes_adjacent) {
    const flash_geometry g{2, 3, 2, 5, 4, 4096};
    std::set<std::uint64_t> seen;
    for (std::uint64_t n = 0; n < g.total_pages(); ++n) {
        const phys_page p = page_at(g, n);
        EXPECT_EQ(page_number(g, p), n);
        seen.insert(n);
    }
    EXPECT_EQ(seen.size(), 2u * 3 * 2 * 5 * 4);
    const phys_page plane0{1, 2, 0, 3, 1};
    const phys_page plane1{1, 2, 1, 3, 1};
    EXPECT_EQ(page_number(g, plane1), page_number(g, plane0) + 1);
    const std::uint64_t expected = ((std::uint64_t{1 * 3 + 2} * 5 + 3) * 4 + 1) * 2 + 0;
    EXPECT_EQ(page_number(g, plane0), expected);
}

TEST(flash_geometry, out_of_range_addresses_are_rejected) {
    const flash_geometry g{2, 3, 2, 5, 4, 4096};
    EXPECT_EQ(error_of([&] {
                  page_number(g, phys_page{0, 3, 0, 0, 0});
              }),
              "phys_page.die = 3; allowed: 0..2");
    EXPECT_EQ(error_of([&] {
                  page_number(g, phys_page{0, 0, 0, 0, 4});
              }),
              "phys_page.page = 4; allowed: 0..3");
    EXPECT_EQ(error_of([&] { page_at(g, g.total_pages()); }), "page number 240; allowed: 0..239");
}

TEST(flash_geometry, validate_names_the_bad_field) {
    flash_geometry g;
    g.planes_per_die = 0;
    EXPECT_EQ(error_of([&] { g.validate(); }), "flash_geometry.planes_per_die = 0; allowed: >= 1");
    g = flash_geometry{};
    g.page_bytes = 8190;
    EXPECT_EQ(error_of([&] { g.validate(); }),
              "flash_geometry.page_bytes = 8190; allowed: a multiple of 4 (whole FP32 elements)");
    g = flash_geometry{};
    g.blocks_per_plane = 1u << 30;
    EXPECT_NE(error_of([&] { g.validate(); }).find("2^40 pages"), std::string::npos);
}

TEST(phys_page, comparisons_are_lexicographic_in_field_order) {
    const phys_page a{0, 1, 2, 3, 4};
    const phys_page b{0, 1, 2, 4, 0};
    const phys_page c{1, 0, 0, 0, 0};
    EXPECT_TRUE(a < b && b < c && a < c);
    EXPECT_TRUE(a <= a && a >= a && b > a && c >= b);
    EXPECT_TRUE(a == phys_page({0, 1, 2, 3, 4}));
    EXPECT_TRUE(a != b);
    EXPECT_FALSE(b < a);
}

TEST(block_split, reservoir_takes_the_top_blocks) {
    const flash_geometry g{1, 1, 1, 10, 4, 4096};
    const block_split split{3};
    split.validate(g);
    EXPECT_EQ(split.user_blocks(g), 7u);
    EXPECT_EQ(split.first_reservoir_block(g), 7u);
    EXPECT_EQ(error_of([&] { block_split{11}.validate(g); }),
              "block_split.reservoir_blocks = 11; allowed: 0..10 (blocks_per_plane)");
}
