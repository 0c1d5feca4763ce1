// One DeepStore super-page update (read-path template, optimstore.md section 5) through the
// flash interface controller, one fresh kernel, against the closed form written from the
// configuration: LCRs, the multi-plane read of W, M, V and the gradient plane, tR, the template's
// copies and PE passes with no BPP, the copy of the new states to the cache registers and their
// three data outs into the DRAM staging buffer; then the multi-plane program from the buffer
// (DRAM fetch of three pages, command and data in per plane, copy, tPROG).
#include "common/sc_scenario.h"
#include "common/units.h"
#include "model/flash/adam_closed_form.h"
#include "model/flash/odp_bench_util.h"

using namespace osvp;
using osvp::test::flash_bench;

TEST(read_path_update, one_deepstore_super_page_is_read_plus_template_plus_read_out_plus_program) {
    OSVP_SCENARIO({
        const flash_config f = test::odp_flash(false);
        const fw::step_constants k = test::adam_step_constants();
        constexpr std::uint8_t wmv = 0b0111;
        constexpr std::uint64_t staging = 0x100000;
        time_ps update_done = 0, program_submitted = 0, program_done = 0;
        flash_bench bench(f, [&](flash_bench& b) {
            const fw::optimizer_program program =
                fw::build_program(fw::optimizer_kind::adam, 4, fw::gradient_path::read_path);
            test::install_template(b, program.commands);
            test::install_constants(b, 1, k);
            fw::fic::odp_update_descriptor u{};
            u.op = fw::fic::opcode::odp_update;
            u.die = 0;
            u.src_block = 1;
            u.dst_block = 2;
            u.read_out_mask = wmv;
            u.gradient_address = staging;
            u.tag = 1;
            b.access(tlm::TLM_WRITE_COMMAND, fw::fic::reg_submit, &u, sizeof u);
            while (b.completions.count(1) == 0) { // the program follows within 1 ns
                sc_core::wait(sc_core::sc_time(1, sc_core::SC_NS));
            }
            update_done = b.completions[1].first;
            program_submitted = to_ps(sc_core::sc_time_stamp());
            b.submit(fw::fic::opcode::program, 0, wmv, 3, 0, 2, staging);
        });
        sc_core::sc_start();
        program_done = bench.completions[2].first;
        const test::adam_times t(f, bench.controller);
        const time_ps cyc = f.t_cmd_cycle;
        const time_ps page = transfer_time(f.page_bytes, f.transfer_rate);
        const time_ps bpr4 = (2 * 4 + 5 * 4) * cyc; // W, M, V and the gradient plane
        const time_ps data_out = 7 * cyc + f.t_whr + page;
        // RCACHE M,V,G; LVS||QVS; PCACHE M,V + RCACHE W; ISQRT; VMUL; LVS W; PCACHE W; then the
        // read-out's RCACHE W,M,V, three data outs and the last page's DRAM write (the earlier
        // pages' writes overlap the next data out); the program then fetches its three pages.
        const time_ps page_dram = transfer_time(f.page_bytes, bench.controller.dram_bandwidth());
        const time_ps template_steps = t.copy + t.group + 2 * t.copy + 3 * t.odc + t.copy;
        const time_ps update = k.loads.size() * t.lcr + bpr4 + f.t_read + template_steps + t.copy +
                               3 * data_out + bench.controller.dram_latency + page_dram;
        const time_ps program = bench.controller.dram_latency + 3 * page_dram + 21 * cyc +
                                3 * f.t_adl + transfer_time(3 * f.page_bytes, f.transfer_rate) +
                                f.t_reg_copy + f.t_prog;
        EXPECT_EQ(bench.completions[1].second, fw::fic::status::ok);
        EXPECT_EQ(bench.completions[2].second, fw::fic::status::ok);
        EXPECT_EQ(update_done, update) << format_time(update_done) << " vs " << format_time(update);
        EXPECT_EQ(program_done - program_submitted, program)
            << format_time(program_done - program_submitted) << " vs " << format_time(program);
        const nand_die& die = bench.dies[0]->behaviour();
        EXPECT_EQ(die.counters().plane_programs, 3u) << "W, M, V programmed as normal pages";
    });
}
