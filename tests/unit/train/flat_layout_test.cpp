// Flat page layout: the tiny model's pages computed by hand, and tiling invariants.
#include "host/train/flat_layout.h"
#include "host/train/model_file.h"
#include "unit/train/train_test_util.h"

namespace osvp::train {
namespace {

using test::expect_error;

// tiny: embed 1850, layer0.weight 3072, layer0.bias 48, head 3300 elements (8270 in all);
// 8 KiB pages hold 2048 elements, so the flat offsets are 0, 1850, 4922, 4970.
TEST(flat_layout, tiny_model_pages_by_hand) {
    const flat_layout layout(load_builtin_model(OSVP_MODELS_DIR, "tiny"));
    EXPECT_EQ(layout.page_bytes(), 8192u);
    EXPECT_EQ(layout.elements_per_page(), 2048u);
    EXPECT_EQ(layout.total_elements(), 8270u);
    EXPECT_EQ(layout.page_count(), 5u);
    using pieces_t = std::vector<page_piece>;
    EXPECT_EQ(layout.pieces(0), (pieces_t{{0, 0, 0, 1850}, {1, 0, 1850, 198}}));
    EXPECT_EQ(layout.pieces(1), (pieces_t{{1, 198, 0, 2048}}));
    EXPECT_EQ(layout.pieces(2), (pieces_t{{1, 2246, 0, 826}, {2, 0, 826, 48}, {3, 0, 874, 1174}}));
    EXPECT_EQ(layout.pieces(3), (pieces_t{{3, 1174, 0, 2048}}));
    EXPECT_EQ(layout.pieces(4), (pieces_t{{3, 3222, 0, 78}}));
    EXPECT_EQ(layout.page_elements(4), 78u);
    const struct {
        std::uint64_t flat, first, offset, last;
    } expected[] = {{0, 0, 0, 0}, {1850, 0, 1850, 2}, {4922, 2, 826, 2}, {4970, 2, 874, 4}};
    for (std::size_t t = 0; t < 4; ++t) {
        const tensor_placement& p = layout.placement(t);
        EXPECT_EQ(p.flat_offset, expected[t].flat) << t;
        EXPECT_EQ(p.first_page, expected[t].first) << t;
        EXPECT_EQ(p.in_page_offset, expected[t].offset) << t;
        EXPECT_EQ(p.last_page, expected[t].last) << t;
    }
}

TEST(flat_layout, pieces_tile_every_page_and_cover_every_tensor_once) {
    const model_desc m = load_builtin_model(OSVP_MODELS_DIR, "tiny-gpt2");
    const flat_layout layout(m, 4100); // 1025 elements: boundaries drift through the page
    std::size_t tensor = 0;
    std::uint64_t next_in_tensor = 0;
    for (std::uint64_t page = 0; page < layout.page_count(); ++page) {
        std::uint64_t in_page = 0;
        for (const page_piece& p : layout.pieces(page)) {
            ASSERT_EQ(p.page_offset, in_page);
            ASSERT_GT(p.count, 0u);
            if (next_in_tensor == m.tensors()[tensor].element_count()) {
                ++tensor;
                next_in_tensor = 0;
            }
            ASSERT_EQ(p.tensor, tensor);
            ASSERT_EQ(p.tensor_offset, next_in_tensor);
            next_in_tensor += p.count;
            in_page += p.count;
        }
        ASSERT_EQ(in_page, layout.page_elements(page));
    }
    EXPECT_EQ(tensor, m.tensors().size() - 1);
    EXPECT_EQ(next_in_tensor, m.tensors().back().element_count());
    EXPECT_EQ(layout.page_count(), (m.parameter_count() + 1024) / 1025);
}

TEST(flat_layout, page_aligned_model_fills_its_last_page) {
    const flat_layout layout(model_desc("m", {{"a", {1024}}, {"b", {3072}}}));
    EXPECT_EQ(layout.page_count(), 2u);
    EXPECT_EQ(layout.page_elements(1), 2048u);
    EXPECT_EQ(layout.placement(1).in_page_offset, 1024u);
    EXPECT_EQ(layout.placement(1).last_page, 1u);
}

TEST(flat_layout, refuses_bad_page_sizes_and_indices) {
    const model_desc m("m", {{"a", {10}}});
    expect_error<std::invalid_argument>([&] { flat_layout(m, 0); },
                                        {"page size 0", "positive multiple of 4"});
    expect_error<std::invalid_argument>([&] { flat_layout(m, 6); }, {"page size 6"});
    expect_error<std::invalid_argument>(
        [] {
            flat_layout(model_desc("m", {{"a", {1ull << 62}}, {"b", {1}}}));
        },
        {"at most 2^62"});
    const flat_layout layout(m, 16);
    EXPECT_EQ(layout.page_count(), 3u);
    expect_error<std::invalid_argument>([&] { layout.pieces(3); }, {"page 3", "0 to 2"});
    expect_error<std::invalid_argument>([&] { layout.placement(1); }, {"tensor index 1"});
}

} // namespace
} // namespace osvp::train
