#include "common/sparse_memory.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

using namespace osvp;

TEST(sparse_memory, a_128_gib_memory_costs_nothing_until_written_and_reads_zero) {
    sparse_memory m(128ull << 30);
    EXPECT_EQ(m.allocated_pages(), 0u);
    EXPECT_EQ(m.load<std::uint64_t>((128ull << 30) - 8), 0u);
    EXPECT_EQ(m.allocated_pages(), 0u);
}

TEST(sparse_memory, writes_across_pages_read_back_and_allocate_only_touched_pages) {
    sparse_memory m(1 << 20);
    std::vector<std::uint8_t> data(5000);
    for (std::size_t i = 0; i < data.size(); ++i) {
        data[i] = static_cast<std::uint8_t>(i * 7 + 1);
    }
    m.write(4000, data.data(), data.size());
    EXPECT_EQ(m.allocated_pages(), 3u);
    std::vector<std::uint8_t> back(5000);
    m.read(4000, back.data(), back.size());
    EXPECT_EQ(back, data);
    EXPECT_EQ(m.load<std::uint8_t>(3999), 0u);
    m.clear(4096, 100);
    EXPECT_EQ(m.load<std::uint8_t>(4096), 0u);
    EXPECT_EQ(m.load<std::uint8_t>(4196), data[196]);
    EXPECT_EQ(m.page(4100), m.page(4096));
}

TEST(sparse_memory, out_of_range_accesses_and_bad_sizes_throw_with_the_values) {
    sparse_memory m(8192);
    std::uint8_t b[16] = {};
    try {
        m.read(8190, b, 4);
        FAIL();
    } catch (const std::out_of_range& e) {
        EXPECT_NE(std::string(e.what()).find("8190"), std::string::npos);
    }
    EXPECT_THROW(m.write(~0ull - 2, b, 4), std::out_of_range);
    EXPECT_THROW(m.page(8192), std::out_of_range);
    EXPECT_THROW(sparse_memory(1000), std::invalid_argument);
    EXPECT_NO_THROW(m.read(8176, b, 16));
}
