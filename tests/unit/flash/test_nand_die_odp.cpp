// nand_die ODP commands: time of each command from the configuration, refusals that change
// nothing and cost no time, and the results of a short sequence against plain odp_unit arithmetic.
#include <gtest/gtest.h>

#include <vector>

#include "flash/nand_die.h"
#include "flash/odp/odp_unit.h"

namespace osvp {
namespace {

using hal::odp_opcode;

constexpr unsigned w = 0, m = 1, v = 2;

flash_config die_config(bool functional = true) {
    flash_config f;
    f.channels = 1;
    f.packages_per_channel = 1;
    f.dies_per_package = 1;
    f.blocks_per_plane = 4;
    f.pages_per_block = 4;
    f.page_bytes = 1024;
    f.functional = functional;
    return f;
}

std::vector<std::uint8_t> page_of(const flash_config& f, float first, float step) {
    std::vector<std::uint8_t> page(f.page_bytes);
    for (std::size_t i = 0; i < f.page_bytes / 4; ++i) {
        odp::store_f32(page.data() + 4 * i, first + step * static_cast<float>(i % 97));
    }
    return page;
}

// Programs page `data` on `plane` at (block, page) through the normal data-in + program path.
void store(nand_die& die, unsigned plane, std::uint32_t block, std::uint32_t page,
           const std::vector<std::uint8_t>& data) {
    ASSERT_EQ(flash_status::ok,
              die.data_in(plane, 0, data.data(), static_cast<std::uint32_t>(data.size())));
    ASSERT_EQ(flash_status::ok, die.program(0, 1u << plane, block, page).status);
}

odc_op odc(odp_opcode op, unsigned v1, unsigned v2, unsigned creg) {
    return {op,
            {0, static_cast<std::uint8_t>(v1), static_cast<std::uint8_t>(v2),
             static_cast<std::uint8_t>(creg)}};
}

TEST(nand_die_odp, each_command_takes_its_configured_time) {
    flash_config f = die_config();
    f.isqrt.newton_iterations = 2;
    nand_die die(f);
    const time_ps t0 = 1'000'000;
    const time_ps pass = f.pe_time(f.page_bytes);
    ASSERT_GT(pass, 0u);

    const die_result bpr = die.buffered_read(t0, 0b0111, 1, 2);
    EXPECT_EQ(bpr.ready, t0 + f.t_read) << "BPR is tR only, no register copy";
    const die_result vpp = die.vpp(t0 + 10, w, 0, page_of(f, 1, 0).data(), f.page_bytes);
    EXPECT_EQ(vpp.status, flash_status::ok);
    EXPECT_EQ(vpp.cache_ready, t0 + 10) << "VPP uses the cache register path during tR";
    EXPECT_EQ(vpp.ready, bpr.ready) << "VPP does not occupy the die control";

    const die_result rc = die.rcache(t0, (1u << m) | (1u << v));
    EXPECT_EQ(rc.ready, bpr.ready + f.t_reg_copy) << "waits for the die, one copy for 2 planes";

    EXPECT_EQ(flash_status::ok, die.load_const(rc.ready, 0, 0.5f, 0.25f).status);
    EXPECT_EQ(flash_status::ok, die.load_const(rc.ready, 1, 0.5f, 0.25f).status);
    EXPECT_EQ(flash_status::ok, die.load_const(rc.ready, 2, 1.0f, 0.0f).status);
    const odc_op group[] = {odc(odp_opcode::lvs, m, w, 0), odc(odp_opcode::qvs, v, w, 1)};
    const die_result g = die.odc(rc.ready, group, 2);
    EXPECT_EQ(g.ready, rc.ready + pass) << "a concurrent group runs in one pass";

    const odc_op isqrt[] = {odc(odp_opcode::isqrt, v, v, 2)};
    const die_result is = die.odc(g.ready + 5, isqrt, 1);
    EXPECT_EQ(is.ready, g.ready + 5 + 2 * pass) << "ISQRT with 2 Newton steps takes 2 passes";

    const die_result pc = die.pcache(0, 0b0111);
    EXPECT_EQ(pc.ready, is.ready + f.t_reg_copy);
    const die_result bpp = die.buffered_program(0, 0b0111, 3, 0);
    EXPECT_EQ(bpp.status, flash_status::ok);
    EXPECT_EQ(bpp.ready, pc.ready + f.t_prog) << "BPP is tPROG only";
    EXPECT_EQ(bpp.cache_ready, pc.ready) << "BPP leaves the cache registers free";

    const die_counters& k = die.counters();
    EXPECT_EQ(k.reads, 1u);
    EXPECT_EQ(k.programs, 1u);
    EXPECT_EQ(k.plane_programs, 3u);
    EXPECT_EQ(k.copies, 2u);
    EXPECT_EQ(k.plane_copies, 5u);
    EXPECT_EQ(k.copy_busy, 2 * f.t_reg_copy);
    EXPECT_EQ(k.array_busy, f.t_read + f.t_prog);
    EXPECT_EQ(k.odc_commands, 3u);
    EXPECT_EQ(k.odc_groups, 2u);
    EXPECT_EQ(k.odc_elements, 3u * f.page_bytes / 4);
    EXPECT_EQ(k.odc_passes, 4u * f.page_bytes / 4);
    EXPECT_EQ(k.odc_busy, 3 * pass);
    EXPECT_EQ(k.pe_busy[m], pass);
    EXPECT_EQ(k.pe_busy[v], 3 * pass);
    EXPECT_EQ(k.pe_busy[w], 0u);
    EXPECT_EQ(k.vpps, 1u);
    EXPECT_EQ(k.lcrs, 3u);
}

TEST(nand_die_odp, an_odc_from_a_column_runs_to_the_end_of_the_page) {
    const flash_config f = die_config();
    nand_die die(f);
    ASSERT_EQ(flash_status::ok, die.data_in(0, 0, page_of(f, 4, 1).data(), f.page_bytes));
    ASSERT_EQ(flash_status::ok, die.data_in(1, 0, page_of(f, 2, 0).data(), f.page_bytes));
    const odc_op half{odp_opcode::vmul, {static_cast<std::uint16_t>(f.page_bytes / 2), 0, 1, 0}};
    const die_result r = die.odc(0, &half, 1);
    EXPECT_EQ(r.ready, f.pe_time(f.page_bytes / 2));
    EXPECT_EQ(die.counters().odc_elements, f.page_bytes / 8);
}

TEST(nand_die_odp, refusals_change_nothing_and_take_no_time) {
    const flash_config f = die_config();
    nand_die die(f);
    const odc_op no_const[] = {odc(odp_opcode::lvs, m, w, 0)};
    ASSERT_EQ(flash_status::ok, die.data_in(w, 0, page_of(f, 1, 0).data(), f.page_bytes));
    ASSERT_EQ(flash_status::ok, die.data_in(m, 0, page_of(f, 2, 0).data(), f.page_bytes));
    EXPECT_EQ(die.odc(0, no_const, 1).status, flash_status::refused) << "constant not loaded";
    ASSERT_EQ(flash_status::ok, die.load_const(0, 0, 1.0f, 1.0f).status);
    EXPECT_EQ(die.load_const(0, 8, 1.0f, 1.0f).status, flash_status::refused);

    const odc_op plane4[] = {odc(odp_opcode::lvs, 4, w, 0)};
    const odc_op same_v1[] = {odc(odp_opcode::lvs, m, w, 0), odc(odp_opcode::lvs, m, w, 0)};
    const odc_op two_buses[] = {odc(odp_opcode::lvs, m, w, 0), odc(odp_opcode::vmul, v, m, 0)};
    const odc_op writes_bus[] = {odc(odp_opcode::lvs, m, w, 0), odc(odp_opcode::lvs, w, 3, 0)};
    const odc_op invalid_v[] = {odc(odp_opcode::vmul, v, w, 0)};
    EXPECT_EQ(die.odc(0, plane4, 1).status, flash_status::refused) << "no plane 4";
    EXPECT_EQ(die.odc(0, same_v1, 2).status, flash_status::refused);
    EXPECT_EQ(die.odc(0, two_buses, 2).status, flash_status::refused);
    EXPECT_EQ(die.odc(0, writes_bus, 2).status, flash_status::refused);
    EXPECT_EQ(die.odc(0, invalid_v, 1).status, flash_status::refused) << "V cache register empty";
    EXPECT_EQ(die.odc(0, no_const, 0).status, flash_status::refused);

    EXPECT_EQ(die.pcache(0, 1u << v).status, flash_status::refused) << "V cache register empty";
    EXPECT_EQ(die.rcache(0, 1u << w).status, flash_status::refused) << "W data register empty";
    EXPECT_EQ(die.pcache(0, 1u << 4).status, flash_status::refused);
    EXPECT_EQ(die.buffered_program(0, 1u << w, 0, 0).status, flash_status::refused);
    EXPECT_EQ(die.buffered_read(0, 1u << 4, 0, 0).status, flash_status::refused);
    EXPECT_EQ(die.buffered_read(0, 1, f.blocks_per_plane, 0).status, flash_status::refused);
    EXPECT_EQ(die.vpp(0, 4, 0, page_of(f, 1, 0).data(), f.page_bytes).status,
              flash_status::refused);
    EXPECT_EQ(die.vpp(0, w, 4, page_of(f, 1, 0).data(), f.page_bytes).status, flash_status::refused)
        << "beyond the page";

    EXPECT_EQ(die.odp().plane(m).cache_reg, page_of(f, 2, 0)) << "refusals change no register";
    const die_counters& k = die.counters();
    EXPECT_EQ(k.odc_commands + k.copies + k.reads + k.programs + k.vpps, 0u);
    EXPECT_EQ(die.pcache(7, 1u << w).ready, 7 + f.t_reg_copy) << "refusals took no die time";
}

TEST(nand_die_odp, bpp_refuses_a_programmed_page_like_program) {
    const flash_config f = die_config();
    nand_die die(f);
    store(die, w, 1, 1, page_of(f, 1, 1));
    ASSERT_EQ(flash_status::ok, die.buffered_read(0, 1u << w, 1, 1).status);
    EXPECT_EQ(die.buffered_program(0, 1u << w, 1, 1).status, flash_status::program_fail);
    EXPECT_EQ(die.buffered_program(0, 1u << w, 1, 2).status, flash_status::ok);
    ASSERT_NE(die.stored_page(w, 1, 2), nullptr);
    EXPECT_EQ(std::vector<std::uint8_t>(die.stored_page(w, 1, 2),
                                        die.stored_page(w, 1, 2) + f.page_bytes),
              page_of(f, 1, 1));
}

TEST(nand_die_odp, normal_io_and_odp_share_the_plane_registers) {
    const flash_config f = die_config();
    nand_die die(f);
    store(die, m, 0, 0, page_of(f, 3, 0.5f));
    ASSERT_EQ(flash_status::ok, die.buffered_read(0, 1u << m, 0, 0).status);
    ASSERT_EQ(flash_status::ok, die.rcache(0, 1u << m).status);
    std::vector<std::uint8_t> out(f.page_bytes);
    ASSERT_EQ(flash_status::ok, die.data_out(m, 0, out.data(), f.page_bytes));
    EXPECT_EQ(out, page_of(f, 3, 0.5f)) << "data-out reads what RCACHE put in the cache register";
    ASSERT_EQ(flash_status::ok, die.read(0, 1u << w, 3, 3).status);
    EXPECT_EQ(die.odp().plane(w).cache_reg, std::vector<std::uint8_t>(f.page_bytes, 0xFF))
        << "a normal read of an erased page fills the ODP cache register";
}

TEST(nand_die_odp, adam_sequence_matches_plain_odp_unit_arithmetic) {
    const flash_config f = die_config();
    nand_die die(f);
    const auto wp = page_of(f, 0.5f, 0.01f), mp = page_of(f, 0.02f, -0.001f),
               vp = page_of(f, 0.04f, 0.002f), gp = page_of(f, -0.3f, 0.007f);
    store(die, w, 2, 1, wp);
    store(die, m, 2, 1, mp);
    store(die, v, 2, 1, vp);
    const float consts[4][2] = {{0.9f, 0.1f}, {0.999f, 0.001f}, {1.0f, 0.0f}, {1.0f, -1.0f}};

    odp::odp_config rc;
    rc.plane_count = f.planes_per_die;
    rc.page_bytes = f.page_bytes;
    odp::odp_unit ref(rc);
    for (std::uint8_t r = 0; r < 4; ++r) {
        ASSERT_EQ(flash_status::ok, die.load_const(0, r, consts[r][0], consts[r][1]).status);
        ASSERT_EQ(hal::odp_status::ok, ref.load_const(r, consts[r][0], consts[r][1]));
    }
    ref.plane(w).data_reg = wp;
    ref.plane(m).data_reg = mp;
    ref.plane(v).data_reg = vp;
    for (unsigned p : {w, m, v}) {
        ref.plane(p).data_valid = true;
    }
    const auto full = [&](odp_opcode op, unsigned v1, unsigned v2, unsigned c) {
        return ref.execute(op,
                           {0, static_cast<std::uint8_t>(v1), static_cast<std::uint8_t>(v2),
                            static_cast<std::uint8_t>(c)},
                           f.page_bytes);
    };
    ASSERT_EQ(hal::odp_status::ok, ref.vpp(w, 0, gp.data(), f.page_bytes));
    ASSERT_EQ(hal::odp_status::ok, ref.rcache(0b110));
    ASSERT_EQ(hal::odp_status::ok, full(odp_opcode::lvs, m, w, 0));
    ASSERT_EQ(hal::odp_status::ok, full(odp_opcode::qvs, v, w, 1));
    ASSERT_EQ(hal::odp_status::ok, ref.pcache(0b110));
    ASSERT_EQ(hal::odp_status::ok, ref.rcache(0b001));
    ASSERT_EQ(hal::odp_status::ok, full(odp_opcode::isqrt, v, v, 2));
    ASSERT_EQ(hal::odp_status::ok, full(odp_opcode::vmul, m, v, 0));
    ASSERT_EQ(hal::odp_status::ok, full(odp_opcode::lvs, w, m, 3));
    ASSERT_EQ(hal::odp_status::ok, ref.pcache(0b001));

    ASSERT_EQ(flash_status::ok, die.vpp(0, w, 0, gp.data(), f.page_bytes).status);
    ASSERT_EQ(flash_status::ok, die.buffered_read(0, 0b111, 2, 1).status);
    ASSERT_EQ(flash_status::ok, die.rcache(0, 0b110).status);
    const odc_op group[] = {odc(odp_opcode::lvs, m, w, 0), odc(odp_opcode::qvs, v, w, 1)};
    ASSERT_EQ(flash_status::ok, die.odc(0, group, 2).status);
    ASSERT_EQ(flash_status::ok, die.pcache(0, 0b110).status);
    ASSERT_EQ(flash_status::ok, die.rcache(0, 0b001).status);
    for (const odc_op& op : {odc(odp_opcode::isqrt, v, v, 2), odc(odp_opcode::vmul, m, v, 0),
                             odc(odp_opcode::lvs, w, m, 3)}) {
        ASSERT_EQ(flash_status::ok, die.odc(0, &op, 1).status);
    }
    ASSERT_EQ(flash_status::ok, die.pcache(0, 0b001).status);
    ASSERT_EQ(flash_status::ok, die.buffered_program(0, 0b111, 3, 2).status);
    for (unsigned p : {w, m, v}) {
        ASSERT_NE(die.stored_page(p, 3, 2), nullptr);
        EXPECT_EQ(std::vector<std::uint8_t>(die.stored_page(p, 3, 2),
                                            die.stored_page(p, 3, 2) + f.page_bytes),
                  ref.plane(p).data_reg)
            << "plane " << p;
    }
    EXPECT_NE(ref.plane(w).data_reg, wp) << "the update changed W";
    EXPECT_NE(ref.plane(w).data_reg, gp) << "the gradient is not what was programmed";
}

TEST(nand_die_odp, timing_mode_keeps_no_register_bytes_and_times_the_same) {
    const flash_config timed = die_config(false), functional = die_config(true);
    nand_die a(timed), b(functional);
    for (nand_die* die : {&a, &b}) {
        ASSERT_EQ(flash_status::ok, die->load_const(0, 0, 1.0f, 1.0f).status);
        ASSERT_EQ(flash_status::ok, die->buffered_read(0, 0b11, 0, 0).status);
        ASSERT_EQ(flash_status::ok, die->rcache(0, 0b11).status);
        const odc_op op = odc(odp_opcode::lvs, 0, 1, 0);
        ASSERT_EQ(flash_status::ok, die->odc(0, &op, 1).status);
        EXPECT_EQ(die->odc(0, &op, 1).status, flash_status::ok);
        EXPECT_EQ(die->pcache(0, 0b100).status, flash_status::refused)
            << "register valid flags are kept in timing mode too";
    }
    EXPECT_EQ(a.pcache(0, 1).ready, b.pcache(0, 1).ready);
    EXPECT_EQ(a.counters().odc_busy, b.counters().odc_busy);
    for (unsigned p = 0; p < timed.planes_per_die; ++p) {
        EXPECT_TRUE(a.odp().plane(p).cache_reg.empty());
        EXPECT_TRUE(a.odp().plane(p).data_reg.empty());
    }
}

} // namespace
} // namespace osvp
