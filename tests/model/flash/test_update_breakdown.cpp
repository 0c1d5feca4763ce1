// Per-super-page update latency and the die time breakdown (issue 3's summary), checked on one
// die updating one super-page against the closed form of the 9-step sequence
// (adam_closed_form.h): the latency the controller reports equals the closed form, each
// breakdown component equals its configured time, and die busy time plus the channel's command
// cycles add up to the latency (the gradient's VPP data hides under tR).
#include "adam_closed_form.h"
#include "common/sc_scenario.h"
#include "flash/die_breakdown.h"
#include "odp_bench_util.h"

#include <vector>

using namespace osvp;

TEST(update_breakdown, one_super_page_latency_and_components_follow_the_closed_form) {
    OSVP_SCENARIO({
        const flash_config f = test::odp_flash();
        const fw::step_constants k = test::adam_step_constants();
        std::vector<std::pair<time_ps, time_ps>> updates;
        test::flash_bench bench(f, [&](test::flash_bench& b) {
            test::install_template(b, fw::build_program(fw::optimizer_kind::adam, 4).commands);
            test::install_constants(b, 1, k);
            test::submit_update(b, 0, 1, 0, 2, 0, 0, 1);
        });
        bench.fic.on_update = [&](time_ps start, time_ps end) { updates.emplace_back(start, end); };
        sc_core::sc_start();
        const test::adam_times t(f, bench.controller);
        const time_ps read_issued = k.loads.size() * t.lcr + t.bpr_cmd;
        ASSERT_GE(f.t_read, std::max(read_issued, t.dram) - read_issued + t.vpp)
            << "the closed form below assumes the VPP hides under tR";
        const time_ps closed_form = read_issued + f.t_read + t.after_read();
        ASSERT_EQ(updates.size(), 1u);
        EXPECT_EQ(updates[0].first, 0u) << "the sequence starts when the update is submitted";
        EXPECT_EQ(updates[0].second - updates[0].first, closed_form);
        EXPECT_EQ(bench.completions[1].first, updates[0].second);

        const die_breakdown b(bench.dies[0]->behaviour().counters(), f);
        EXPECT_EQ(b.gradient_in, f.data_time(f.page_bytes));
        EXPECT_EQ(b.array_read, f.t_read);
        EXPECT_EQ(b.register_copy, 4 * f.t_reg_copy)
            << "RCACHE M,V; PCACHE M,V; RCACHE W; PCACHE W";
        EXPECT_EQ(b.pe_compute, 4 * t.pass) << "LVS||QVS, ISQRT, VMUL, LVS";
        EXPECT_EQ(b.array_program, f.t_prog);
        EXPECT_EQ(b.erase, 0u);
        EXPECT_EQ(b.data_out, 0u);
        const time_ps command_cycles = t.channel(k.loads.size()) - t.vpp;
        EXPECT_EQ(b.die_busy() + command_cycles, closed_form)
            << "die busy time plus the command cycles on the channel make up the latency";
    });
}

TEST(update_breakdown, sums_and_json_round_trip) {
    die_counters k;
    k.vpps = 2;
    k.read_busy = 5;
    k.program_busy = 7;
    k.erase_busy = 11;
    k.array_busy = 5 + 7 + 11;
    k.copy_busy = 3;
    k.odc_busy = 13;
    k.bytes_out = 4096;
    const flash_config f = test::odp_flash();
    die_breakdown a(k, f);
    EXPECT_EQ(a.erase, 11u);
    EXPECT_EQ(a.die_busy(), 5u + 7u + 11u + 3u + 13u);
    EXPECT_EQ(a.data_out, f.data_time(4096));
    EXPECT_EQ(a.gradient_in, 2 * f.data_time(f.page_bytes));
    const die_breakdown copy = die_breakdown::from_json(a.to_json());
    a += copy;
    EXPECT_EQ(a.to_json(), die_breakdown::from_json(a.to_json()).to_json());
    EXPECT_EQ(a.array_program, 14u);
    EXPECT_EQ(a.die_busy(), 2 * copy.die_busy());
}
