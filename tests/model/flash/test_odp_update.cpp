// Super-page updates through the flash interface controller (OptimStore Sec. III-C, the 9-step
// sequence of optimstore.md "One super-page update"): closed-form timing from the configured
// timings, two dies sharing a channel, functional results against the same template on a plain
// odp_unit, and error completions. One fresh kernel per scenario.
#include "adam_closed_form.h"
#include "common/sc_scenario.h"
#include "common/units.h"
#include "odp_bench_util.h"
#include "unit/odp/emulated_die.h"

using namespace osvp;
using osvp::test::adam_times;
using osvp::test::flash_bench;

namespace {

void expect_time(time_ps got, time_ps want, const char* what) {
    EXPECT_EQ(got, want) << what << ": expected " << format_time(want) << " got "
                         << format_time(got);
}

} // namespace

TEST(odp_update, onfi_cycles_of_the_odp_commands) {
    const bus_cycles odc = onfi_cycles(flash_op::odc, 2, 0);
    EXPECT_EQ(odc.commands + odc.addresses, 10u) << "1 command + 4 address cycles per ODC";
    const bus_cycles copy = onfi_cycles(flash_op::pcache, 3, 0);
    EXPECT_EQ(copy.commands + copy.addresses, 5u) << "a multi-plane copy is one command";
    const bus_cycles vpp = onfi_cycles(flash_op::vpp, 1, 8192);
    EXPECT_EQ(vpp.commands, 1u);
    EXPECT_EQ(vpp.addresses, 5u);
    EXPECT_EQ(vpp.adl_gaps, 1u);
    EXPECT_EQ(vpp.data_bytes, 8192u);
    const bus_cycles lcr = onfi_cycles(flash_op::lcr, 0, 8);
    EXPECT_EQ(lcr.commands + lcr.addresses, 2u);
    EXPECT_EQ(lcr.adl_gaps, 1u);
    const bus_cycles bpr = onfi_cycles(flash_op::bpr, 3, 0), rd = onfi_cycles(flash_op::read, 3, 0);
    EXPECT_EQ(bpr.commands + bpr.addresses, rd.commands + rd.addresses);
    const bus_cycles bpp = onfi_cycles(flash_op::bpp, 3, 0);
    EXPECT_EQ(bpp.commands + bpp.addresses, 21u);
    EXPECT_EQ(bpp.adl_gaps + bpp.data_bytes, 0u) << "BPP programs the data registers: no data";
}

TEST(odp_update, one_adam_super_page_follows_the_closed_form_of_the_nine_steps) {
    OSVP_SCENARIO({
        const flash_config f = test::odp_flash();
        const fw::step_constants k = test::adam_step_constants();
        flash_bench bench(f, [&](flash_bench& b) {
            test::install_template(b, fw::build_program(fw::optimizer_kind::adam, 4).commands);
            test::install_constants(b, 1, k);
            test::submit_update(b, 0, 1, 0, 2, 0, 0, 1);
            test::submit_update(b, 0, 1, 1, 2, 1, f.page_bytes, 2);
        });
        sc_core::sc_start();
        const adam_times t(f, bench.controller);
        // Step 1: LCRs, BPR command, then the VPP transfer during tR (after the gradient fetch).
        const time_ps read_issued = k.loads.size() * t.lcr + t.bpr_cmd;
        const time_ps first =
            read_issued + std::max(f.t_read, std::max(read_issued, t.dram) - read_issued + t.vpp) +
            t.after_read();
        ASSERT_EQ(bench.completions.count(1), 1u);
        expect_time(bench.completions[1].first, first, "first update");
        EXPECT_EQ(bench.completions[1].second, fw::fic::status::ok);
        // Back to back on one die: no LCR (same generation), the VPP hides under the previous
        // tPROG, so the second costs its BPR and steps 2-9 only.
        expect_time(bench.completions[2].first, first + t.bpr_cmd + f.t_read + t.after_read(),
                    "second update");
        EXPECT_EQ(bench.completions[2].second, fw::fic::status::ok);
        const nand_die& die = bench.dies[0]->behaviour();
        EXPECT_EQ(die.counters().lcrs, k.loads.size()) << "constants loaded once per generation";
        EXPECT_EQ(die.counters().programs, 2u);
        EXPECT_EQ(die.counters().plane_programs, 6u) << "W, M, V programmed; G never";
        EXPECT_EQ(die.counters().odc_groups, 8u);
        EXPECT_EQ(die.counters().copies, 8u);
        EXPECT_EQ(bench.channel.busy_total(), t.channel(k.loads.size()) + t.channel(0));
    });
}

TEST(odp_update, two_dies_overlap_their_updates_and_serialise_only_the_channel) {
    OSVP_SCENARIO({
        const flash_config f = test::odp_flash(false);
        const fw::step_constants k = test::adam_step_constants();
        flash_bench bench(f, [&](flash_bench& b) {
            test::install_template(b, fw::build_program(fw::optimizer_kind::adam, 4).commands);
            test::install_constants(b, 1, k);
            test::submit_update(b, 0, 1, 0, 2, 0, 0, 1);
            test::submit_update(b, 1, 1, 0, 2, 0, f.page_bytes, 2);
        });
        sc_core::sc_start();
        const adam_times t(f, bench.controller);
        const time_ps read_issued = k.loads.size() * t.lcr + t.bpr_cmd;
        const time_ps alone = read_issued + std::max(f.t_read, t.vpp) + t.after_read();
        const time_ps channel = t.channel(k.loads.size());
        EXPECT_EQ(bench.channel.busy_total(), 2 * channel) << "channel use adds up";
        for (std::uint32_t tag : {1u, 2u}) {
            ASSERT_EQ(bench.completions.count(tag), 1u);
            EXPECT_EQ(bench.completions[tag].second, fw::fic::status::ok);
            EXPECT_GE(bench.completions[tag].first, alone);
            EXPECT_LE(bench.completions[tag].first, alone + channel)
                << "a die waits at most for the other die's channel use";
        }
        EXPECT_GT(bench.completions[1].first + bench.completions[2].first, 2 * alone)
            << "the shared channel delays one of them";
    });
}

TEST(odp_update, functional_updates_equal_the_template_on_a_plain_odp_unit) {
    OSVP_SCENARIO({
        const flash_config f = test::odp_flash();
        const fw::optimizer_program program = fw::build_program(fw::optimizer_kind::adam, 4);
        const fw::step_constants k1 = test::adam_step_constants(1);
        const fw::step_constants k2 = test::adam_step_constants(2);
        const std::size_t n = f.page_bytes / 4;
        std::vector<std::vector<float>> state(3, std::vector<float>(n));
        std::vector<std::vector<float>> grads(2, std::vector<float>(n));
        for (std::size_t i = 0; i < n; ++i) {
            state[0][i] = 0.5f - 0.001f * static_cast<float>(i % 331);
            state[1][i] = 0.001f * static_cast<float>(i % 17);
            state[2][i] = 0.0001f * static_cast<float>(i % 23 + 1);
            grads[0][i] = 0.01f * static_cast<float>(static_cast<int>(i % 41) - 20);
            grads[1][i] = -0.5f * grads[0][i] + 0.003f;
        }
        odp::odp_config rc;
        rc.plane_count = f.planes_per_die;
        rc.page_bytes = f.page_bytes;
        rc.isqrt = f.isqrt;
        test::emulated_die reference(rc, 1);
        for (std::uint8_t p = 0; p < 3; ++p) {
            reference.write_state(p, 0, state[p]);
        }
        reference.load_constants(k1);
        reference.run(program.commands, 0, grads[0]);
        reference.load_constants(k2);
        reference.run(program.commands, 0, grads[1]);

        const auto to_bytes = [](const std::vector<float>& v) {
            std::vector<std::uint8_t> bytes(4 * v.size());
            for (std::size_t i = 0; i < v.size(); ++i) {
                odp::store_f32(bytes.data() + 4 * i, v[i]);
            }
            return bytes;
        };
        std::vector<std::vector<float>> got(3, std::vector<float>(n));
        flash_bench bench(f, [&](flash_bench& b) {
            for (std::uint8_t p = 0; p < 3; ++p) {
                const auto bytes = to_bytes(state[p]);
                b.memory.contents().write(p * f.page_bytes, bytes.data(), bytes.size());
            }
            for (std::size_t s = 0; s < 2; ++s) {
                const auto bytes = to_bytes(grads[s]);
                b.memory.contents().write(0x10000 + s * f.page_bytes, bytes.data(), bytes.size());
            }
            b.submit(fw::fic::opcode::program, 1, 0b0111, 3, 1, 10, 0);
            test::install_template(b, program.commands);
            test::install_constants(b, 1, k1);
            test::submit_update(b, 1, 3, 1, 4, 0, 0x10000, 11);
            test::install_constants(b, 2, k2);
            test::submit_update(b, 1, 4, 0, 5, 2, 0x10000 + f.page_bytes, 12);
            b.submit(fw::fic::opcode::read, 1, 0b0111, 5, 2, 13, 0x20000);
            sc_core::wait(sc_core::sc_time(5, sc_core::SC_MS));
            for (std::uint8_t p = 0; p < 3; ++p) {
                std::vector<std::uint8_t> bytes(f.page_bytes);
                b.memory.contents().read(0x20000 + p * f.page_bytes, bytes.data(), bytes.size());
                for (std::size_t i = 0; i < n; ++i) {
                    got[p][i] = odp::load_f32(bytes.data() + 4 * i);
                }
            }
        });
        sc_core::sc_start();
        for (std::uint32_t tag : {10u, 11u, 12u, 13u}) {
            EXPECT_EQ(bench.completions[tag].second, fw::fic::status::ok) << tag;
        }
        for (std::uint8_t p = 0; p < 3; ++p) {
            const std::vector<float> want = reference.read_state(p, 0);
            EXPECT_EQ(0, std::memcmp(got[p].data(), want.data(), 4 * n)) << "plane " << int(p);
            EXPECT_NE(0, std::memcmp(got[p].data(), state[p].data(), 4 * n)) << int(p);
        }
        EXPECT_EQ(bench.dies[1]->behaviour().counters().lcrs, k1.loads.size() + k2.loads.size())
            << "a new generation reloads the constants";
    });
}

TEST(odp_update, refused_commands_and_missing_setup_complete_with_errors) {
    OSVP_SCENARIO({
        const flash_config f = test::small_flash(); // 2 planes: Adam's V plane does not exist
        const fw::optimizer_program adam = fw::build_program(fw::optimizer_kind::adam, 4);
        flash_bench bench(f, [&](flash_bench& b) {
            test::submit_update(b, 0, 0, 0, 1, 0, 0, 1); // no template, no constants
            test::install_template(b, adam.commands);
            test::submit_update(b, 0, 0, 0, 1, 0, 0, 2); // no constants
            test::install_constants(b, 1, test::adam_step_constants());
            test::submit_update(b, 0, 0, 0, 1, 0, 0, 3); // BPR on plane 2 refused
            hal::odp_template bad = adam.commands;
            bad.steps[0].flags = 0x80;
            test::install_template(b, bad);
            test::submit_update(b, 1, 0, 0, 1, 0, 0, 4); // structurally bad template
            test::submit_update(b, 9, 0, 0, 1, 0, 0, 5); // no die 9
        });
        sc_core::sc_start();
        EXPECT_EQ(bench.completions[1].second, fw::fic::status::bad_descriptor);
        EXPECT_EQ(bench.completions[2].second, fw::fic::status::bad_descriptor);
        EXPECT_EQ(bench.completions[3].second, fw::fic::status::refused);
        EXPECT_EQ(bench.completions[4].second, fw::fic::status::bad_descriptor);
        EXPECT_EQ(bench.completions[5].second, fw::fic::status::bad_descriptor);
        EXPECT_EQ(bench.dies[0]->behaviour().counters().programs, 0u) << "nothing programmed";
    });
}
