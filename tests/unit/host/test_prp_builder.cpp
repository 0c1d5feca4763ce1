// PRP construction checked by an independent walk that applies NVMe 1.4 section 4.3 rules.
#include "host/prp_builder.h"

#include <gtest/gtest.h>

#include <vector>

using namespace osvp;

namespace {

constexpr std::uint64_t page = 4096;

// Data page addresses described by PRP1/PRP2 for `length` bytes; list entries must have a zero
// offset and the last entry of a full list page chains to the next one.
std::vector<std::uint64_t> walk(const sparse_memory& m, std::uint64_t prp1, std::uint64_t prp2,
                                std::uint64_t length) {
    std::vector<std::uint64_t> pages{prp1};
    const std::uint64_t first = page - prp1 % page;
    const std::uint64_t rest = length > first ? (length - first + page - 1) / page : 0;
    if (rest == 1) {
        pages.push_back(prp2);
    } else if (rest > 1) {
        std::uint64_t entry = prp2;
        for (std::uint64_t left = rest; left > 0;) {
            const bool last_in_page = entry % page == page - 8;
            const std::uint64_t value = m.load<std::uint64_t>(entry);
            EXPECT_EQ(value % page, 0u) << "list entry with offset";
            if (last_in_page && left > 1) {
                entry = value;
                continue;
            }
            pages.push_back(value);
            entry += 8;
            --left;
        }
    }
    return pages;
}

std::vector<std::uint64_t> expected_pages(std::uint64_t address, std::uint64_t length) {
    std::vector<std::uint64_t> out{address};
    for (std::uint64_t p = address / page * page + page; p < address + length; p += page) {
        out.push_back(p);
    }
    return out;
}

} // namespace

TEST(prp_builder, one_and_two_page_buffers_need_no_list) {
    sparse_memory m(64 << 20);
    const prp_builder b(page);
    auto p = b.build(m, 0x10000, 4096, 0);
    EXPECT_EQ(p.prp1, 0x10000u);
    EXPECT_EQ(p.prp2, 0u);
    p = b.build(m, 0x10200, 4096, 0);
    EXPECT_EQ(p.prp1, 0x10200u);
    EXPECT_EQ(p.prp2, 0x11000u);
    EXPECT_EQ(b.list_pages(0x10200, 4096), 0u);
    EXPECT_EQ(m.allocated_pages(), 0u);
}

TEST(prp_builder, list_pages_follow_the_closed_form_with_chaining) {
    const prp_builder b(page);
    EXPECT_EQ(b.list_pages(0, 3 * page), 1u);
    EXPECT_EQ(b.list_pages(0, 513 * page), 1u);
    EXPECT_EQ(b.list_pages(0, 514 * page), 2u);
    EXPECT_EQ(b.list_pages(0, 1024 * page), 2u);
    EXPECT_EQ(b.list_pages(0, 1025 * page), 3u);
    EXPECT_EQ(b.list_pages(8, 512 * page), 1u);
}

TEST(prp_builder, multi_page_lists_walk_back_to_every_data_page) {
    sparse_memory m(64 << 20);
    const prp_builder b(page);
    for (std::uint64_t pages : {3ull, 100ull, 513ull, 514ull, 1100ull}) {
        for (std::uint64_t offset : {0ull, 512ull}) {
            const std::uint64_t buffer = (1 << 20) + offset;
            const std::uint64_t length = pages * page - offset;
            const std::uint64_t list = 48 << 20;
            const auto p = b.build(m, buffer, length, list);
            EXPECT_EQ(p.prp1, buffer);
            EXPECT_EQ(p.prp2, list);
            EXPECT_EQ(walk(m, p.prp1, p.prp2, length), expected_pages(buffer, length))
                << pages << " pages, offset " << offset;
        }
    }
}

TEST(prp_builder, bad_arguments_throw) {
    sparse_memory m(1 << 20);
    EXPECT_THROW(prp_builder(2048), std::invalid_argument);
    const prp_builder b(page);
    EXPECT_THROW(b.build(m, 0x1002, 100, 0), std::invalid_argument);
    EXPECT_THROW(b.build(m, 0x1000, 0, 0), std::invalid_argument);
    EXPECT_THROW(b.build(m, 0x1000, 4 * page, 0x800), std::invalid_argument);
}
