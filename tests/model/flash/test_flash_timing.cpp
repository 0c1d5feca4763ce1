// Closed-form timing of the flash path (channel, die, controller, DRAM), one fresh kernel each.
#include "common/sc_scenario.h"
#include "common/units.h"
#include "flash_bench.h"

using namespace osvp;
using fw::fic::opcode;
using osvp::test::flash_bench;

namespace {

/// Command + address cycles of an operation on n planes, from the ONFI sequences.
time_ps cmd_addr(const flash_config& f, unsigned commands, unsigned addresses) {
    return (commands + addresses) * f.t_cmd_cycle;
}

time_ps data_out(const flash_config& f) {
    return cmd_addr(f, 2, 5) + f.t_whr + transfer_time(f.page_bytes, f.transfer_rate);
}

time_ps dram_time(const controller_config& c, std::uint64_t bytes) {
    return c.dram_latency + transfer_time(bytes, c.dram_bandwidth());
}

void run(flash_bench& bench) {
    sc_core::sc_start();
    (void)bench;
}

/// Reads of one page on die 0 (tag 1) and die 1 (tag 2), submitted at the same instant in the
/// given order; checks that die 0, whose round-robin turn comes first on a fresh channel, takes
/// the bus first whatever the order, and that the array times overlap.
void two_dies_at_once(bool die_1_first) {
    const flash_config f = test::small_flash();
    flash_bench bench(f, [&](flash_bench& b) {
        for (unsigned k = 0; k < 2; ++k) {
            const unsigned die = (k == 0) == die_1_first ? 1 : 0;
            b.submit(opcode::read, die, 1, 0, 0, die + 1, die * f.page_bytes);
        }
    });
    run(bench);
    const time_ps dram = dram_time(bench.controller, f.page_bytes);
    const time_ps first = cmd_addr(f, 2, 5) + f.t_read + f.t_reg_copy + data_out(f) + dram;
    // Die 1's command waits for die 0's on the bus, its array time overlaps, and its data-out
    // waits for die 0's data-out.
    const time_ps second_ready = 2 * cmd_addr(f, 2, 5) + f.t_read + f.t_reg_copy;
    const time_ps second = std::max(second_ready, first - dram) + data_out(f) + dram;
    EXPECT_EQ(bench.completions[1].first, first);
    EXPECT_EQ(bench.completions[2].first, second);
    EXPECT_LT(second - first, f.t_read) << "array times must overlap";
}

} // namespace

TEST(flash_timing, one_page_read_is_command_plus_tr_plus_copy_plus_transfer_plus_dram) {
    OSVP_SCENARIO({
        const flash_config f = test::small_flash();
        flash_bench bench(f, [&](flash_bench& b) { b.submit(opcode::read, 0, 1, 3, 1, 7, 0); });
        run(bench);
        const time_ps expected = cmd_addr(f, 2, 5) + f.t_read + f.t_reg_copy + data_out(f) +
                                 dram_time(bench.controller, f.page_bytes);
        ASSERT_EQ(bench.completions.count(7), 1u);
        EXPECT_EQ(bench.completions[7].first, expected)
            << "expected " << format_time(expected) << " got "
            << format_time(bench.completions[7].first);
        EXPECT_EQ(bench.completions[7].second, fw::fic::status::ok);
    });
}

TEST(flash_timing, one_page_program_is_dram_plus_transfer_plus_copy_plus_tprog) {
    OSVP_SCENARIO({
        const flash_config f = test::small_flash();
        flash_bench bench(f, [&](flash_bench& b) { b.submit(opcode::program, 1, 2, 0, 0, 9, 0); });
        run(bench);
        const time_ps expected = dram_time(bench.controller, f.page_bytes) + cmd_addr(f, 2, 5) +
                                 f.t_adl + transfer_time(f.page_bytes, f.transfer_rate) +
                                 f.t_reg_copy + f.t_prog;
        EXPECT_EQ(bench.completions[9].first, expected);
    });
}

// A run that ends during tPROG (a signal, or a host that does not wait for the program) must not
// report busy time beyond its end: the die's counters take the program whole when it starts.
TEST(flash_timing, a_die_reports_busy_time_only_up_to_the_kernels_time) {
    OSVP_SCENARIO({
        const flash_config f = test::small_flash();
        flash_bench bench(f, [&](flash_bench& b) { b.submit(opcode::program, 1, 2, 0, 0, 9, 0); });
        const time_ps copy_start = dram_time(bench.controller, f.page_bytes) + cmd_addr(f, 2, 5) +
                                   f.t_adl + transfer_time(f.page_bytes, f.transfer_rate);
        const time_ps stop = copy_start + f.t_reg_copy + f.t_prog / 3;
        sc_core::sc_start(to_sc(stop));
        EXPECT_EQ(bench.dies[1]->stats()["array_busy_ps"], stop - copy_start);
        sc_core::sc_start();
        EXPECT_EQ(bench.dies[1]->stats()["array_busy_ps"], f.t_reg_copy + f.t_prog);
    });
}

TEST(flash_timing, two_dies_on_one_channel_overlap_array_time_and_serialise_transfers) {
    OSVP_SCENARIO(two_dies_at_once(false));
}

TEST(flash_timing, same_instant_requests_take_the_channel_in_turn_whatever_the_submission_order) {
    OSVP_SCENARIO(two_dies_at_once(true));
}

TEST(flash_timing, a_command_due_with_a_data_transfer_takes_the_channel_first) {
    OSVP_SCENARIO({
        flash_config f = test::small_flash();
        f.dies_per_package = 4;
        const time_ps command = cmd_addr(f, 2, 5);
        // Die 0's read is first on the channel, die 3's second (round-robin from a fresh channel),
        // so die 0's data out is due at t0 with the earlier round-robin turn; die 2's read command
        // arrives at that same instant.
        const time_ps t0 = command + f.t_read + f.t_reg_copy;
        flash_bench bench(f, [&](flash_bench& b) {
            b.submit(opcode::read, 0, 1, 0, 0, 1, 0);
            b.submit(opcode::read, 3, 1, 0, 0, 4, 3 * f.page_bytes);
            fw::fic::descriptor d{opcode::read, 2, 1, 0, 0, 0, 3, 2 * f.page_bytes, 0};
            test::tlm_access(b.regs, tlm::TLM_WRITE_COMMAND, fw::fic::reg_submit, &d, sizeof d,
                             to_sc(t0));
        });
        run(bench);
        const time_ps dram = dram_time(bench.controller, f.page_bytes);
        EXPECT_EQ(bench.completions[1].first, t0 + command + data_out(f) + dram)
            << "die 0's data out waits for die 2's read command";
        EXPECT_EQ(bench.completions[3].first,
                  t0 + command + f.t_read + f.t_reg_copy + data_out(f) + dram)
            << "die 2's tR starts at once";
    });
}

TEST(flash_timing, multi_plane_read_costs_one_array_time) {
    OSVP_SCENARIO({
        const flash_config f = test::small_flash();
        flash_bench bench(f, [&](flash_bench& b) {
            b.submit(opcode::read, 0, 1, 2, 3, 1, 0);
            b.submit(opcode::read, 0, 2, 2, 3, 2, f.page_bytes);
        });
        run(bench);
        const time_ps dram = dram_time(bench.controller, f.page_bytes);
        // One multi-plane read (32h between planes), then both planes' data out back to back.
        const time_ps expected =
            cmd_addr(f, 4, 10) + f.t_read + f.t_reg_copy + 2 * data_out(f) + dram;
        EXPECT_EQ(bench.completions[1].first, expected);
        EXPECT_EQ(bench.completions[2].first, expected);
    });
}

TEST(flash_timing, multi_plane_program_costs_one_array_time) {
    OSVP_SCENARIO({
        const flash_config f = test::small_flash();
        flash_bench bench(f, [&](flash_bench& b) { b.submit(opcode::program, 0, 3, 1, 0, 5, 0); });
        run(bench);
        const time_ps expected =
            bench.controller.dram_latency +
            2 * transfer_time(f.page_bytes, bench.controller.dram_bandwidth()) +
            cmd_addr(f, 4, 10) + 2 * f.t_adl + transfer_time(2 * f.page_bytes, f.transfer_rate) +
            f.t_reg_copy + f.t_prog;
        EXPECT_EQ(bench.completions[5].first, expected);
    });
}

TEST(flash_timing, cache_program_overlaps_the_next_data_in_with_tprog) {
    OSVP_SCENARIO({
        const flash_config f = test::small_flash();
        flash_bench bench(f, [&](flash_bench& b) {
            b.submit(opcode::program, 0, 1, 1, 0, 1, 0);
            b.submit(opcode::program, 0, 1, 1, 1, 2, f.page_bytes);
        });
        run(bench);
        // The second program's data-in happens during the first tPROG, so it finishes exactly
        // one copy + tPROG after the first.
        EXPECT_EQ(bench.completions[2].first - bench.completions[1].first, f.t_reg_copy + f.t_prog);
    });
}

TEST(flash_timing, bad_descriptors_and_double_programs_report_errors) {
    OSVP_SCENARIO({
        const flash_config f = test::small_flash();
        flash_bench bench(f, [&](flash_bench& b) {
            b.submit(opcode::read, 5, 1, 0, 0, 1, 0);  // no die 5
            b.submit(opcode::read, 0, 4, 0, 0, 2, 0);  // no plane 2
            b.submit(opcode::read, 0, 1, 99, 0, 3, 0); // no block 99
            b.submit(opcode::program, 0, 1, 0, 0, 4, 0);
            b.submit(opcode::program, 0, 1, 0, 0, 5, 0); // page already programmed
        });
        run(bench);
        EXPECT_EQ(bench.completions[1].second, fw::fic::status::bad_descriptor);
        EXPECT_EQ(bench.completions[2].second, fw::fic::status::bad_descriptor);
        EXPECT_EQ(bench.completions[3].second, fw::fic::status::bad_descriptor);
        EXPECT_EQ(bench.completions[4].second, fw::fic::status::ok);
        EXPECT_EQ(bench.completions[5].second, fw::fic::status::program_fail);
    });
}

TEST(flash_timing, data_written_is_data_read_and_unwritten_pages_read_erased) {
    OSVP_SCENARIO({
        const flash_config f = test::small_flash();
        flash_bench bench(f, [&](flash_bench& b) {
            std::vector<std::uint8_t> page(f.page_bytes);
            for (std::size_t i = 0; i < page.size(); ++i) {
                page[i] = static_cast<std::uint8_t>(i * 7 + 3);
            }
            b.memory.contents().write(0, page.data(), page.size());
            b.submit(opcode::program, 1, 2, 4, 2, 1, 0);
            b.submit(opcode::read, 1, 2, 4, 2, 2, 0x10000);
            b.submit(opcode::read, 1, 1, 4, 2, 3, 0x20000);
            sc_core::wait(sc_core::sc_time(1, sc_core::SC_MS));
            std::vector<std::uint8_t> back(f.page_bytes), erased(f.page_bytes);
            b.memory.contents().read(0x10000, back.data(), back.size());
            b.memory.contents().read(0x20000, erased.data(), erased.size());
            EXPECT_EQ(back, page);
            EXPECT_EQ(erased, std::vector<std::uint8_t>(f.page_bytes, 0xFF));
        });
        run(bench);
    });
}

// The controller books a read's pages on the channel one at a time, when the channel is free, so
// another die's command waits for the page in flight, not for the whole multi-plane data out.
TEST(flash_timing, another_dies_command_waits_for_one_page_of_a_multi_plane_data_out) {
    OSVP_SCENARIO({
        const flash_config f = test::small_flash();
        const time_ps out_start = cmd_addr(f, 4, 10) + f.t_read + f.t_reg_copy;
        flash_bench bench(f, [&](flash_bench& b) {
            b.submit(opcode::read, 1, 3, 0, 0, 1, 0);
            sc_core::wait(to_sc(out_start + data_out(f) / 2));
            b.submit(opcode::read, 0, 1, 0, 0, 2, 2 * f.page_bytes);
        });
        run(bench);
        const time_ps dram = dram_time(bench.controller, f.page_bytes);
        const time_ps command_end = out_start + data_out(f) + cmd_addr(f, 2, 5);
        EXPECT_EQ(bench.completions[1].first, command_end + data_out(f) + dram)
            << "die 1's second page follows die 0's command";
        EXPECT_EQ(bench.completions[2].first,
                  command_end + f.t_read + f.t_reg_copy + data_out(f) + dram);
    });
}
