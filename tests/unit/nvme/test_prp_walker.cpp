// PRP walking against NVMe 1.4 section 4.3 and the DPTR definition in 4.2, with a fake host
// memory that holds PRP list entries.
#include "nvme/core/prp_walker.h"

#include <gtest/gtest.h>

#include <map>
#include <vector>

using namespace osvp::nvme;

namespace {

constexpr std::uint64_t page = 4096;

// Host memory holding 8-byte list entries; records every list read.
struct fake_host {
    std::map<std::uint64_t, std::uint64_t> qwords;
    struct read {
        std::uint64_t address;
        std::size_t count;
    };
    std::vector<read> reads;

    void put_list(std::uint64_t address, const std::vector<std::uint64_t>& entries) {
        for (std::size_t i = 0; i < entries.size(); ++i) {
            qwords[address + 8 * i] = entries[i];
        }
    }
    prp_walker walker(std::uint64_t page_bytes = page) {
        return prp_walker(page_bytes, [this](std::uint64_t a, std::uint64_t* e, std::size_t n) {
            reads.push_back({a, n});
            for (std::size_t i = 0; i < n; ++i) {
                const auto it = qwords.find(a + 8 * i);
                if (it == qwords.end()) {
                    return false;
                }
                e[i] = it->second;
            }
            return true;
        });
    }
};

std::uint64_t total(const std::vector<dma_segment>& segments) {
    std::uint64_t sum = 0;
    for (const auto& s : segments) {
        sum += s.length;
    }
    return sum;
}

using segs = std::vector<dma_segment>;

} // namespace

TEST(prp_walker, single_page_ignores_prp2) {
    fake_host host;
    const auto r = host.walker().walk(0x10000, 0x123, page);
    EXPECT_EQ(r.status, status_code::success);
    EXPECT_EQ(r.segments, (segs{{0x10000, page}}));
    EXPECT_TRUE(host.reads.empty());
}

TEST(prp_walker, offset_within_first_page) {
    fake_host host;
    const auto r = host.walker().walk(0x10100, 0, 0x200);
    EXPECT_EQ(r.status, status_code::success);
    EXPECT_EQ(r.segments, (segs{{0x10100, 0x200}}));
}

TEST(prp_walker, offset_crossing_into_second_page) {
    fake_host host;
    // One page of data starting at offset 800h: 800h bytes in each of two pages.
    const auto r = host.walker().walk(0x10800, 0x50000, page);
    EXPECT_EQ(r.status, status_code::success);
    EXPECT_EQ(r.segments, (segs{{0x10800, 0x800}, {0x50000, 0x800}}));
}

TEST(prp_walker, two_full_pages_use_prp2_as_page) {
    fake_host host;
    const auto r = host.walker().walk(0x10000, 0x30000, 2 * page);
    EXPECT_EQ(r.status, status_code::success);
    EXPECT_EQ(r.segments, (segs{{0x10000, page}, {0x30000, page}}));
    EXPECT_TRUE(host.reads.empty());
}

TEST(prp_walker, contiguous_second_page_is_merged) {
    fake_host host;
    const auto r = host.walker().walk(0x10000, 0x11000, 2 * page);
    EXPECT_EQ(r.segments, (segs{{0x10000, 2 * page}}));
}

TEST(prp_walker, list_for_more_than_two_pages) {
    fake_host host;
    host.put_list(0x80000, {0x20000, 0x40000, 0x60000, 0x90000});
    const auto r = host.walker().walk(0x10000, 0x80000, 5 * page - 0x100);
    EXPECT_EQ(r.status, status_code::success);
    EXPECT_EQ(r.segments, (segs{{0x10000, page},
                                {0x20000, page},
                                {0x40000, page},
                                {0x60000, page},
                                {0x90000, page - 0x100}}));
    ASSERT_EQ(host.reads.size(), 1u);
    EXPECT_EQ(host.reads[0].address, 0x80000u);
    EXPECT_EQ(host.reads[0].count, 4u);
}

TEST(prp_walker, offset_prp1_of_one_page_plus_needs_list) {
    fake_host host;
    // Offset 800h and two pages of data: three pages touched, so PRP2 is a list pointer.
    host.put_list(0x80000, {0x20000, 0x30000});
    const auto r = host.walker().walk(0x10800, 0x80000, 2 * page);
    EXPECT_EQ(r.status, status_code::success);
    EXPECT_EQ(r.segments, (segs{{0x10800, 0x800}, {0x20000, page}, {0x30000, 0x800}}));
}

TEST(prp_walker, list_pointer_with_offset_chains_at_page_end) {
    fake_host host;
    // The list starts 16 bytes before its page ends: one data entry, then a chain pointer.
    host.put_list(0x80FF0, {0x20000, 0xA0000});
    host.put_list(0xA0000, {0x40000, 0x60000});
    const auto r = host.walker().walk(0x10000, 0x80FF0, 4 * page);
    EXPECT_EQ(r.status, status_code::success);
    EXPECT_EQ(r.segments,
              (segs{{0x10000, page}, {0x20000, page}, {0x40000, page}, {0x60000, page}}));
    ASSERT_EQ(host.reads.size(), 2u);
    EXPECT_EQ(host.reads[0].address, 0x80FF0u);
    EXPECT_EQ(host.reads[0].count, 2u);
    EXPECT_EQ(host.reads[1].address, 0xA0000u);
    EXPECT_EQ(host.reads[1].count, 2u);
}

TEST(prp_walker, list_ending_exactly_at_page_end_has_no_chain_pointer) {
    fake_host host;
    // Two slots left in the list page and exactly two pages to describe: both are data pages.
    host.put_list(0x80FF0, {0x20000, 0x40000});
    const auto r = host.walker().walk(0x10000, 0x80FF0, 3 * page);
    EXPECT_EQ(r.status, status_code::success);
    EXPECT_EQ(r.segments, (segs{{0x10000, page}, {0x20000, page}, {0x40000, page}}));
    ASSERT_EQ(host.reads.size(), 1u);
}

TEST(prp_walker, chained_full_list_pages) {
    fake_host host;
    // 4 KiB pages hold 512 entries: 511 data pages and a chain pointer, then 3 more pages.
    std::vector<std::uint64_t> first;
    for (std::uint64_t i = 0; i < 511; ++i) {
        first.push_back(0x1000000 + 2 * i * page); // every other page: nothing merges
    }
    first.push_back(0x200000);
    host.put_list(0x100000, first);
    host.put_list(0x200000, {0x3000000, 0x3002000, 0x3004000});
    const std::uint64_t length = (1 + 511 + 3) * page;
    const auto r = host.walker().walk(0x10000, 0x100000, length);
    EXPECT_EQ(r.status, status_code::success);
    EXPECT_EQ(r.segments.size(), 515u);
    EXPECT_EQ(total(r.segments), length);
    EXPECT_EQ(r.segments[511], (dma_segment{0x1000000 + 2 * 510 * page, page}));
    EXPECT_EQ(r.segments[512], (dma_segment{0x3000000, page}));
    ASSERT_EQ(host.reads.size(), 2u);
    EXPECT_EQ(host.reads[0].count, 512u);
    EXPECT_EQ(host.reads[1].count, 3u);
}

TEST(prp_walker, contiguous_list_pages_merge_into_runs) {
    fake_host host;
    host.put_list(0x80000, {0x11000, 0x12000, 0x50000, 0x51000});
    const auto r = host.walker().walk(0x10000, 0x80000, 5 * page);
    EXPECT_EQ(r.segments, (segs{{0x10000, 3 * page}, {0x50000, 2 * page}}));
}

TEST(prp_walker, larger_memory_page_size) {
    fake_host host;
    const std::uint64_t big = 16384; // CC.MPS = 2
    host.put_list(0x80000, {0x20000, 0x40000});
    // PRP1 offset 3000h leaves 1000h bytes in the first 16 KiB page.
    const auto r = host.walker(big).walk(0x13000, 0x80000, 0x1000 + 2 * big);
    EXPECT_EQ(r.status, status_code::success);
    EXPECT_EQ(r.segments, (segs{{0x13000, 0x1000}, {0x20000, big}, {0x40000, big}}));
    // 0x11000 is page aligned for 4 KiB but has an offset in a 16 KiB page.
    EXPECT_EQ(host.walker(big).walk(0x10000, 0x11000, 2 * big).status,
              status_code::invalid_prp_offset);
}

TEST(prp_walker, zero_length_is_empty_success) {
    fake_host host;
    const auto r = host.walker().walk(0x10001, 0x3, 0);
    EXPECT_EQ(r.status, status_code::success);
    EXPECT_TRUE(r.segments.empty());
}

TEST(prp_walker, prp1_not_dword_aligned) {
    fake_host host;
    const auto r = host.walker().walk(0x10002, 0, 0x100);
    EXPECT_EQ(r.status, status_code::invalid_prp_offset);
    EXPECT_TRUE(r.segments.empty());
}

TEST(prp_walker, second_page_with_offset) {
    fake_host host;
    EXPECT_EQ(host.walker().walk(0x10000, 0x30010, 2 * page).status,
              status_code::invalid_prp_offset);
}

TEST(prp_walker, list_pointer_not_qword_aligned) {
    fake_host host;
    host.put_list(0x80000, {0x20000, 0x30000});
    EXPECT_EQ(host.walker().walk(0x10000, 0x80004, 3 * page).status,
              status_code::invalid_prp_offset);
    EXPECT_TRUE(host.reads.empty());
}

TEST(prp_walker, list_entry_with_offset) {
    fake_host host;
    host.put_list(0x80000, {0x20000, 0x30200});
    const auto r = host.walker().walk(0x10000, 0x80000, 3 * page);
    EXPECT_EQ(r.status, status_code::invalid_prp_offset);
    EXPECT_TRUE(r.segments.empty());
}

TEST(prp_walker, chain_pointer_with_offset) {
    fake_host host;
    host.put_list(0x80FF0, {0x20000, 0xA0008});
    host.put_list(0xA0008, {0x40000, 0x60000});
    EXPECT_EQ(host.walker().walk(0x10000, 0x80FF0, 4 * page).status,
              status_code::invalid_prp_offset);
}

TEST(prp_walker, unreadable_list_is_data_transfer_error) {
    fake_host host;
    EXPECT_EQ(host.walker().walk(0x10000, 0x80000, 3 * page).status,
              status_code::data_transfer_error);
}

TEST(prp_walker, unreadable_chained_list_is_data_transfer_error) {
    fake_host host;
    host.put_list(0x80FF0, {0x20000, 0xA0000});
    EXPECT_EQ(host.walker().walk(0x10000, 0x80FF0, 4 * page).status,
              status_code::data_transfer_error);
}

TEST(prp_walker, self_referencing_list_is_bounded_by_length) {
    fake_host host;
    // A list page whose chain pointer points back at itself: each pass still yields 511 pages.
    std::vector<std::uint64_t> loop(511, 0x20000);
    loop.push_back(0x80000);
    host.put_list(0x80000, loop);
    const std::uint64_t pages_after_first = 2000;
    const auto r = host.walker().walk(0x10000, 0x80000, (1 + pages_after_first) * page);
    EXPECT_EQ(r.status, status_code::success);
    EXPECT_EQ(total(r.segments), (1 + pages_after_first) * page);
    // 2000 = 3 * 511 + 467: three chained passes and a final partial one.
    EXPECT_EQ(host.reads.size(), 4u);
    EXPECT_EQ(host.reads.back().count, 467u);
}

TEST(prp_walker, invalid_construction_throws) {
    const auto reader = [](std::uint64_t, std::uint64_t*, std::size_t) { return true; };
    EXPECT_THROW(prp_walker(0, reader), std::invalid_argument);
    EXPECT_THROW(prp_walker(2048, reader), std::invalid_argument);
    EXPECT_THROW(prp_walker(6000, reader), std::invalid_argument);
    EXPECT_THROW(prp_walker(256ull << 20, reader), std::invalid_argument);
    EXPECT_THROW(prp_walker(page, nullptr), std::invalid_argument);
    EXPECT_NO_THROW(prp_walker(128ull << 20, reader));
}
