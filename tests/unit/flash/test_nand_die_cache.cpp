// nand_die cache reads (ONFI 4.x READ CACHE 31h / 00h-31h / 3Fh): when each phase begins and
// ends from the configuration, which page each register holds, and the commands refused in and
// out of cache-read mode.
#include <gtest/gtest.h>

#include <vector>

#include "flash/nand_die.h"

namespace osvp {
namespace {

flash_config die_config() {
    flash_config f;
    f.channels = 1;
    f.packages_per_channel = 1;
    f.dies_per_package = 1;
    f.planes_per_die = 2;
    f.blocks_per_plane = 4;
    f.pages_per_block = 4;
    f.page_bytes = 512;
    f.t_rcbsy = 2'000'000; // differs from t_reg_copy so that the test tells them apart
    f.functional = true;
    return f;
}

std::vector<std::uint8_t> filled(const flash_config& f, std::uint8_t value) {
    return std::vector<std::uint8_t>(f.page_bytes, value);
}

void store(nand_die& die, unsigned plane, std::uint32_t block, std::uint32_t page,
           std::uint8_t value) {
    const std::vector<std::uint8_t> data = filled(die.config(), value);
    ASSERT_EQ(flash_status::ok, die.data_in(plane, 0, data.data(), die.config().page_bytes));
    ASSERT_EQ(flash_status::ok, die.program(0, 1u << plane, block, page).status);
}

std::uint8_t cache_byte(nand_die& die, unsigned plane) {
    std::uint8_t b = 0;
    EXPECT_EQ(flash_status::ok, die.data_out(plane, 0, &b, 1));
    return b;
}

class nand_die_cache : public ::testing::Test {
protected:
    void SetUp() override {
        for (std::uint32_t page = 0; page < 3; ++page) {
            store(die, 0, 1, page, static_cast<std::uint8_t>(10 + page));
            store(die, 1, 1, page, static_cast<std::uint8_t>(20 + page));
        }
        store(die, 0, 2, 3, 40);
        store(die, 1, 2, 3, 50);
        t0 = die.erase(0, 1, 3).ready; // the die is idle from t0 on
    }

    flash_config f = die_config();
    nand_die die{f};
    time_ps t0 = 0;
};

TEST_F(nand_die_cache, sequence_passes_each_page_to_the_cache_register_while_reading_the_next) {
    const die_result r0 = die.read(t0, 3, 1, 0);
    EXPECT_EQ(r0.ready, t0 + f.t_read + f.t_reg_copy) << "a plain read keeps its closed form";
    // 31h at r0.ready: tRCBSY copies page 0 to the cache registers, then tR of page 1.
    const die_result c1 = die.read_cache_sequential(r0.ready);
    EXPECT_EQ(c1.cache_ready, r0.ready + f.t_rcbsy);
    EXPECT_EQ(c1.ready, r0.ready + f.t_rcbsy + f.t_read);
    EXPECT_EQ(cache_byte(die, 0), 10);
    EXPECT_EQ(cache_byte(die, 1), 20);
    // Issued early (during tR), 00h-31h waits for the array: it begins at c1.ready.
    const die_result c2 = die.read_cache(c1.cache_ready, 3, 2, 3);
    EXPECT_EQ(c2.cache_ready, c1.ready + f.t_rcbsy);
    EXPECT_EQ(c2.ready, c1.ready + f.t_rcbsy + f.t_read);
    EXPECT_EQ(cache_byte(die, 0), 11);
    EXPECT_EQ(cache_byte(die, 1), 21);
    const die_result end = die.read_cache_end(c2.cache_ready + 1);
    EXPECT_EQ(end.ready, c2.ready + f.t_rcbsy);
    EXPECT_EQ(end.cache_ready, end.ready);
    EXPECT_EQ(cache_byte(die, 0), 40);
    EXPECT_EQ(cache_byte(die, 1), 50);

    const die_counters& k = die.counters();
    EXPECT_EQ(k.reads, 3u);
    EXPECT_EQ(k.plane_reads, 6u);
    EXPECT_EQ(k.cache_reads, 2u);
    EXPECT_EQ(k.cache_read_ends, 1u);
    EXPECT_EQ(k.array_busy, 8 * (f.t_reg_copy + f.t_prog) + f.t_erase + f.t_read + f.t_reg_copy +
                                2 * (f.t_rcbsy + f.t_read) + f.t_rcbsy)
        << "eight programs and an erase, then the read, two cache reads and the end";
    EXPECT_EQ(k.erase_busy, f.t_erase) << "the one erase, not the cache reads";
    EXPECT_EQ(k.program_busy, 8 * (f.t_reg_copy + f.t_prog));
    EXPECT_EQ(k.read_busy, k.array_busy - k.program_busy - k.erase_busy)
        << "the cache reads and their end are read time";
}

TEST_F(nand_die_cache, other_commands_are_refused_in_cache_read_mode_and_allowed_after_its_end) {
    ASSERT_EQ(die.read(t0, 1, 1, 0).status, flash_status::ok);
    ASSERT_EQ(die.read_cache_sequential(t0).status, flash_status::ok);
    const std::vector<std::uint8_t> data = filled(f, 1);
    EXPECT_EQ(die.read(t0, 1, 1, 2).status, flash_status::refused);
    EXPECT_EQ(die.data_in(0, 0, data.data(), f.page_bytes), flash_status::refused);
    EXPECT_EQ(die.program(t0, 1, 0, 0).status, flash_status::refused);
    EXPECT_EQ(die.erase(t0, 1, 0).status, flash_status::refused);
    EXPECT_EQ(die.buffered_read(t0, 1, 0, 0).status, flash_status::refused);
    EXPECT_EQ(die.pcache(t0, 1).status, flash_status::refused);
    EXPECT_EQ(die.load_const(t0, 0, 1.0f, 2.0f).status, flash_status::refused);
    EXPECT_EQ(cache_byte(die, 0), 10) << "data out stays allowed";
    const die_result end = die.read_cache_end(t0);
    ASSERT_EQ(end.status, flash_status::ok);
    EXPECT_EQ(cache_byte(die, 0), 11);
    EXPECT_EQ(die.read_cache_end(end.ready).status, flash_status::refused) << "not in the mode";
    EXPECT_EQ(die.read(end.ready, 1, 1, 2).status, flash_status::ok);
}

TEST_F(nand_die_cache, a_cache_read_of_other_planes_passes_on_the_planes_read_before) {
    const die_result r = die.read(t0, 1, 1, 0);
    const die_result c = die.read_cache(r.ready, 2, 1, 1);
    ASSERT_EQ(c.status, flash_status::ok);
    EXPECT_EQ(c.cache_ready, r.ready + f.t_rcbsy);
    EXPECT_EQ(cache_byte(die, 0), 10) << "plane 0's page passed to its cache register";
    const die_result end = die.read_cache_end(c.cache_ready);
    EXPECT_EQ(end.ready, c.ready + f.t_rcbsy);
    EXPECT_EQ(cache_byte(die, 1), 21) << "plane 1's page after the end";
}

TEST_F(nand_die_cache, a_cache_read_needs_a_preceding_read) {
    EXPECT_EQ(die.read_cache_sequential(t0).status, flash_status::refused) << "no read yet";
    EXPECT_EQ(die.read_cache(t0, 1, 1, 1).status, flash_status::refused);
    ASSERT_EQ(die.read(t0, 1, 1, 3).status, flash_status::ok);
    EXPECT_EQ(die.read_cache_sequential(t0).status, flash_status::refused) << "past the block";
    const std::vector<std::uint8_t> data = filled(f, 1);
    ASSERT_EQ(die.data_in(0, 0, data.data(), f.page_bytes), flash_status::ok);
    ASSERT_EQ(die.program(t0, 1, 3, 0).status, flash_status::ok);
    EXPECT_EQ(die.read_cache(t0, 1, 1, 1).status, flash_status::refused)
        << "a program in between ends the read chain";
    EXPECT_EQ(die.counters().cache_reads, 0u) << "refusals count nothing";
}

TEST(nand_die_cache_off, a_die_without_cache_read_refuses_it) {
    flash_config f = die_config();
    f.cache_read = false;
    nand_die die(f);
    ASSERT_EQ(die.read(0, 1, 0, 0).status, flash_status::ok);
    EXPECT_EQ(die.read_cache_sequential(0).status, flash_status::refused);
    EXPECT_EQ(die.read_cache(0, 1, 0, 2).status, flash_status::refused);
    EXPECT_EQ(die.read_cache_end(0).status, flash_status::refused);
}

} // namespace
} // namespace osvp
