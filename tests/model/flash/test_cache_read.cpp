// Closed-form timing of pipelined reads (ONFI cache reads) through the flash interface
// controller, one fresh kernel each. Model: the first read of a chain is a plain read (00h-30h:
// tR + copy); when the die's next queued descriptor reads the same planes, the controller issues
// 31h (next page of the block, 1 command cycle) or 00h-5 addr-31h (any other page) as soon as the
// array is free and the previous data out has ended; the die copies the page to the cache
// register in tRCBSY and reads the next page in tR while the cache register is clocked out; 3Fh
// (1 cycle + tRCBSY) ends the chain. So a page after the first completes
//   max(data out of its predecessor, tR) + command cycles + tRCBSY
// after its predecessor.
#include "common/sc_scenario.h"
#include "common/units.h"
#include "flash_bench.h"

using namespace osvp;
using fw::fic::opcode;
using osvp::test::flash_bench;

namespace {

time_ps data_out(const flash_config& f, unsigned planes) {
    return planes * ((7 * f.t_cmd_cycle) + f.t_whr + transfer_time(f.page_bytes, f.transfer_rate));
}

/// DRAM write of one page after its data out.
time_ps dram_write(const flash_config& f, const controller_config& c) {
    return c.dram_latency + transfer_time(f.page_bytes, c.dram_bandwidth());
}

/// Completion time of a lone read of `planes` planes (the closed form of test_flash_timing).
time_ps single_read(const flash_config& f, const controller_config& c, unsigned planes) {
    return 7 * planes * f.t_cmd_cycle + f.t_read + f.t_reg_copy + data_out(f, planes) +
           dram_write(f, c);
}

/// Reads of die 0, plane mask `mask`, at (block, page) of each entry, tags 1.., all queued at 0.
std::map<std::uint32_t, std::pair<time_ps, fw::fic::status>>
run_reads(const flash_config& f, unsigned mask,
          const std::vector<std::pair<std::uint32_t, std::uint32_t>>& pages,
          std::uint64_t* cache_reads) {
    std::map<std::uint32_t, std::pair<time_ps, fw::fic::status>> done;
    flash_bench bench(f, [&](flash_bench& b) {
        for (std::uint32_t i = 0; i < pages.size(); ++i) {
            b.submit(opcode::read, 0, mask, pages[i].first, pages[i].second, i + 1,
                     std::uint64_t{i} * 0x10000);
        }
    });
    sc_core::sc_start();
    done = bench.completions;
    if (cache_reads != nullptr) {
        *cache_reads = bench.dies[0]->behaviour().counters().cache_reads;
    }
    return done;
}

} // namespace

TEST(cache_read, pair_second_page_follows_after_tr_plus_one_cycle_plus_tRCBSY) {
    OSVP_SCENARIO({
        const flash_config f = test::small_flash();
        const controller_config c;
        std::uint64_t cache_reads = 0;
        auto done = run_reads(f, 1, {{1, 0}, {1, 1}}, &cache_reads);
        // First page: the plain read, then 31h (1 cycle) and tRCBSY before its data out.
        const time_ps first = single_read(f, c, 1) + f.t_cmd_cycle + f.t_rcbsy;
        ASSERT_EQ(done.size(), 2u);
        EXPECT_EQ(done[1].first, first);
        // Second page: tR after 31h's copy (data out, 7 us, is shorter), then 3Fh and tRCBSY.
        ASSERT_LT(data_out(f, 1), f.t_read);
        EXPECT_EQ(done[2].first - done[1].first, f.t_read + f.t_cmd_cycle + f.t_rcbsy);
        EXPECT_EQ(done[1].second, fw::fic::status::ok);
        EXPECT_EQ(done[2].second, fw::fic::status::ok);
        EXPECT_EQ(cache_reads, 1u);
        EXPECT_LT(done[2].first, 2 * single_read(f, c, 1)) << "cheaper than two plain reads";
    });
}

TEST(cache_read, sequence_with_random_page_costs_its_address_cycles_and_data_out_can_dominate) {
    OSVP_SCENARIO({
        flash_config f = test::small_flash();
        f.t_read = 5'000'000; // 5 us < two planes' data out (14 us): the bus paces the chain
        const controller_config c;
        std::uint64_t cache_reads = 0;
        // Pages (2,0) -> (2,1) sequential 31h, -> (5,3) random 00h-addr-31h on two planes
        // (00h-5 addr-32h-00h-5 addr-31h: 14 cycles), then 3Fh.
        auto done = run_reads(f, 3, {{2, 0}, {2, 1}, {5, 3}}, &cache_reads);
        const time_ps out = data_out(f, 2);
        ASSERT_GT(out, f.t_read);
        const time_ps first = single_read(f, c, 2) + f.t_cmd_cycle + f.t_rcbsy;
        ASSERT_EQ(done.size(), 3u);
        EXPECT_EQ(done[1].first, first);
        EXPECT_EQ(done[2].first - done[1].first, out + 14 * f.t_cmd_cycle + f.t_rcbsy);
        EXPECT_EQ(done[3].first - done[2].first, out + f.t_cmd_cycle + f.t_rcbsy);
        EXPECT_EQ(cache_reads, 2u);
    });
}

TEST(cache_read, a_read_of_other_planes_is_chained_with_a_random_cache_read) {
    OSVP_SCENARIO({
        const flash_config f = test::small_flash();
        const controller_config c;
        flash_bench bench(f, [&](flash_bench& b) {
            b.submit(opcode::read, 0, 1, 1, 0, 1, 0);
            b.submit(opcode::read, 0, 2, 4, 2, 2, 0x10000);
        });
        sc_core::sc_start();
        // 00h-5 addr-31h for plane 1 (7 cycles), then 3Fh: the second page follows tR after.
        EXPECT_EQ(bench.completions[1].first, single_read(f, c, 1) + 7 * f.t_cmd_cycle + f.t_rcbsy);
        EXPECT_EQ(bench.completions[2].first - bench.completions[1].first,
                  f.t_read + f.t_cmd_cycle + f.t_rcbsy);
        EXPECT_EQ(bench.dies[0]->behaviour().counters().cache_reads, 1u);
    });
}

TEST(cache_read, without_cache_read_a_pair_costs_two_plain_reads) {
    OSVP_SCENARIO({
        flash_config f = test::small_flash();
        f.cache_read = false;
        const controller_config c;
        std::uint64_t cache_reads = 0;
        auto done = run_reads(f, 1, {{1, 0}, {1, 1}}, &cache_reads);
        EXPECT_EQ(done[1].first, single_read(f, c, 1));
        EXPECT_EQ(done[2].first, done[1].first - dram_write(f, c) + single_read(f, c, 1));
        EXPECT_EQ(cache_reads, 0u);
    });
}

TEST(cache_read, chained_reads_return_the_data_of_each_page) {
    OSVP_SCENARIO({
        const flash_config f = test::small_flash();
        flash_bench bench(f, [&](flash_bench& b) {
            const std::vector<std::pair<std::uint32_t, std::uint32_t>> pages = {
                {3, 0}, {3, 1}, {3, 2}, {6, 1}};
            for (std::uint32_t i = 0; i < pages.size(); ++i) {
                std::vector<std::uint8_t> page(f.page_bytes);
                for (std::size_t k = 0; k < page.size(); ++k) {
                    page[k] = static_cast<std::uint8_t>(k * (i + 3) + i);
                }
                b.memory.contents().write(std::uint64_t{i} * 0x2000, page.data(), page.size());
                b.submit(opcode::program, 1, 2, pages[i].first, pages[i].second, 10 + i,
                         std::uint64_t{i} * 0x2000);
            }
            for (std::uint32_t i = 0; i < pages.size(); ++i) {
                b.submit(opcode::read, 1, 2, pages[i].first, pages[i].second, 20 + i,
                         0x100000 + std::uint64_t{i} * 0x2000);
            }
            sc_core::wait(sc_core::sc_time(10, sc_core::SC_MS));
            for (std::uint32_t i = 0; i < pages.size(); ++i) {
                std::vector<std::uint8_t> written(f.page_bytes), back(f.page_bytes);
                b.memory.contents().read(std::uint64_t{i} * 0x2000, written.data(), f.page_bytes);
                b.memory.contents().read(0x100000 + std::uint64_t{i} * 0x2000, back.data(),
                                         f.page_bytes);
                EXPECT_EQ(back, written) << "page " << i;
                EXPECT_EQ(b.completions[20 + i].second, fw::fic::status::ok);
            }
            const die_counters& k = b.dies[1]->behaviour().counters();
            EXPECT_EQ(k.cache_reads, 3u);
            EXPECT_EQ(k.cache_read_ends, 1u);
        });
        sc_core::sc_start();
    });
}
