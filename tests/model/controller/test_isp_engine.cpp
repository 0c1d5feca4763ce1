// The C-ISP engine (models/controller/isp_engine) in the controller as the platform wires it,
// one fresh kernel per scenario, against closed forms written from the configuration:
//  - one super-page update: multi-plane read of W, M, V into a DRAM staging buffer, the engine's
//    loads (three planes and the gradient page), compute (element passes x cycles per element)
//    and stores (three planes), then the multi-plane program from the buffer;
//  - back-to-back updates: with two buffers the loads and stores overlap the compute, so the
//    k-th of a burst completes at one load + k computes + one store.
#include "common/sc_scenario.h"
#include "common/units.h"
#include "isp_bench.h"
#include "model/flash/odp_bench_util.h"

using namespace osvp;
using osvp::test::isp_bench;

namespace {

constexpr std::uint8_t wmv = 0b0111; // Adam's W, M, V planes
constexpr std::uint64_t staging = 0x100000, gradient = 0x200000;

time_ps cmd_addr(const flash_config& f, unsigned commands, unsigned addresses) {
    return (commands + addresses) * f.t_cmd_cycle;
}

/// One page-sized DRAM access through the interconnect (hop, first-word latency, burst).
time_ps dram_page(const flash_config& f, const controller_config& c) {
    return c.interconnect_latency + c.dram_latency +
           transfer_time(f.page_bytes, c.dram_bandwidth());
}

/// Adam's five element passes (LVS, QVS, ISQRT, VMUL, LVS) over a page at cycles_per_element.
time_ps adam_compute(const flash_config& f, const controller_config& c) {
    return c.cycles(
        static_cast<std::uint64_t>(5.0 * (f.page_bytes / 4) * c.isp_cycles_per_element));
}

void install_adam(isp_bench& b) {
    hal::odp_template t = fw::build_program(fw::optimizer_kind::adam, 4).commands;
    isp_bench::access(b.isp_regs, tlm::TLM_WRITE_COMMAND, fw::isp::reg_template, &t, sizeof t);
    const fw::step_constants c = test::adam_step_constants();
    fw::fic::odp_constants k{};
    k.generation = 1;
    k.count = static_cast<std::uint32_t>(c.loads.size());
    for (std::size_t i = 0; i < c.loads.size(); ++i) {
        k.entries.at(i) = {c.loads[i].reg, {}, c.loads[i].a, c.loads[i].b};
    }
    isp_bench::access(b.isp_regs, tlm::TLM_WRITE_COMMAND, fw::isp::reg_constants, &k, sizeof k);
}

} // namespace

TEST(isp_engine, one_super_page_update_is_read_plus_dram_plus_compute_plus_program) {
    OSVP_SCENARIO({
        const flash_config f = test::odp_flash(false);
        time_ps read_done = 0, isp_done = 0, program_done = 0;
        isp_bench bench(f, [&](isp_bench& b) {
            install_adam(b);
            b.flash_op(fw::fic::opcode::read, wmv, 1, 1, staging);
            b.await(b.fic_done, b.fic_event, 1);
            read_done = b.fic_done[1].first;
            b.isp_update(staging, gradient, 2);
            b.await(b.isp_done, b.isp_event, 2);
            isp_done = b.isp_done[2].first;
            b.flash_op(fw::fic::opcode::program, wmv, 2, 3, staging);
            b.await(b.fic_done, b.fic_event, 3);
            program_done = b.fic_done[3].first;
        });
        sc_core::sc_start();
        const controller_config& c = bench.controller;
        const time_ps page = transfer_time(f.page_bytes, f.transfer_rate);
        const time_ps data_out = cmd_addr(f, 2, 5) + f.t_whr + page;
        // Multi-plane read: 3 x (00h, 5 addresses, 32h/30h), tR, copy, three data outs, and the
        // last page's DRAM write after its data out.
        const time_ps read =
            cmd_addr(f, 6, 15) + f.t_read + f.t_reg_copy + 3 * data_out + dram_page(f, c);
        const time_ps engine = 4 * dram_page(f, c) + adam_compute(f, c) + 3 * dram_page(f, c);
        // Multi-plane program: the three pages fetched from DRAM back to back, then the command
        // and data in of each plane, copy and tPROG.
        const time_ps program =
            c.interconnect_latency + c.dram_latency +
            3 * transfer_time(f.page_bytes, c.dram_bandwidth()) + cmd_addr(f, 6, 15) + 3 * f.t_adl +
            transfer_time(3 * f.page_bytes, f.transfer_rate) + f.t_reg_copy + f.t_prog;
        EXPECT_EQ(bench.fic_done[1].second, fw::fic::status::ok);
        EXPECT_EQ(bench.isp_done[2].second, fw::fic::status::ok);
        EXPECT_EQ(bench.fic_done[3].second, fw::fic::status::ok);
        EXPECT_EQ(read_done, read) << format_time(read_done) << " vs " << format_time(read);
        EXPECT_EQ(isp_done - read_done, engine)
            << format_time(isp_done - read_done) << " vs " << format_time(engine);
        EXPECT_EQ(program_done - isp_done, program)
            << format_time(program_done - isp_done) << " vs " << format_time(program);
        EXPECT_EQ(bench.memory.stats()["bytes_read"].get<std::uint64_t>(),
                  (3 + 1 + 3) * std::uint64_t{f.page_bytes})
            << "engine loads W, M, V and G; the program fetches W, M, V; the idle plane stays";
    });
}

TEST(isp_engine, two_buffers_overlap_loads_and_stores_with_compute) {
    OSVP_SCENARIO({
        const flash_config f = test::odp_flash(false);
        constexpr std::uint32_t burst = 5;
        isp_bench bench(f, [&](isp_bench& b) {
            install_adam(b);
            for (std::uint32_t k = 1; k <= burst; ++k) {
                b.isp_update(staging + (k % 2) * 4 * f.page_bytes, gradient, k);
            }
        });
        sc_core::sc_start();
        const controller_config& c = bench.controller;
        const time_ps a = dram_page(f, c), compute = adam_compute(f, c);
        // Regime of the closed form: one store plus the next load fit in a compute, so the
        // compute never waits and the port never carries a load and a store at once.
        ASSERT_GE(compute, 7 * a);
        for (std::uint32_t k = 1; k <= burst; ++k) {
            ASSERT_EQ(bench.isp_done.count(k), 1u) << k;
            EXPECT_EQ(bench.isp_done[k].second, fw::fic::status::ok) << k;
            EXPECT_EQ(bench.isp_done[k].first, 4 * a + k * compute + 3 * a)
                << "update " << k << ": " << format_time(bench.isp_done[k].first);
        }
        const nlohmann::json s = bench.isp.stats();
        EXPECT_EQ(s["updates"].get<std::uint64_t>(), burst);
        EXPECT_EQ(s["compute_busy_ps"].get<time_ps>(), burst * compute);
    });
}
