// VCD traces of two small scenarios on a one-channel, one-die drive, checked transition by
// transition against closed forms written from the flash configuration (ONFI cycle counts,
// tR, tPROG, register copy, data and PE pass times): one page program and read in block mode,
// and one Adam super-page update in optimstore mode (optimstore.md "One super-page update").
// One rounding rule holds in the model and in these closed forms: a data or PE pass time is
// rounded up to whole picoseconds once per transfer (flash_config::data_time/pe_time through
// transfer_time); every other time is an integer sum of configured picoseconds.
#include "controller/controller_config.h"
#include "flash/flash_config.h"
#include "flash/flash_die.h"
#include "trace_run.h"

#include "common/units.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace osvp;
using namespace osvp::trace_test;
using changes = std::vector<std::pair<std::uint64_t, std::uint64_t>>;

namespace {

constexpr auto idle = static_cast<std::uint64_t>(die_state::idle);
constexpr auto cmd_addr = static_cast<std::uint64_t>(die_state::cmd_addr);
constexpr auto array_read = static_cast<std::uint64_t>(die_state::array_read);
constexpr auto program = static_cast<std::uint64_t>(die_state::program);
constexpr auto copy = static_cast<std::uint64_t>(die_state::register_copy);
constexpr auto pe_compute = static_cast<std::uint64_t>(die_state::pe_compute);
constexpr auto data_in = static_cast<std::uint64_t>(die_state::data_in);
constexpr auto data_out = static_cast<std::uint64_t>(die_state::data_out);

/// The changes of `path` in [from, to] that are not the $dumpvars initial values.
changes between(const trace::test::vcd_file& vcd, const std::string& path, std::uint64_t from,
                std::uint64_t to) {
    changes out;
    for (const trace::test::vcd_change& c : vcd.changes) {
        if (c.path == path && !c.dumpvars && c.time >= from && c.time <= to) {
            out.emplace_back(c.time, c.value);
        }
    }
    return out;
}

/// The value of `path` at time `t` (its last change at or before t).
std::uint64_t value_at(const trace::test::vcd_file& vcd, const std::string& path, std::uint64_t t) {
    std::uint64_t value = 0;
    for (const trace::test::vcd_change& c : vcd.changes) {
        if (c.path == path && c.time <= t) {
            value = c.value;
        }
    }
    return value;
}

std::uint64_t ps_of(double us) {
    return static_cast<std::uint64_t>(std::llround(us * 1e6));
}

std::string text(const changes& c) {
    std::string out;
    for (const auto& [t, v] : c) {
        out += "  " + format_time(t) + " (" + std::to_string(t) + " ps) -> " + std::to_string(v) +
               "\n";
    }
    return out;
}

#define EXPECT_CHANGES(got, want)                                                                  \
    EXPECT_EQ(got, want) << "got:\n" << text(got) << "want:\n" << text(want)

} // namespace

TEST(vcd_closed_form, page_program_then_read_in_block_mode) {
    scratch_dir dir;
    const std::string config = block_read_scenario(dir);
    const run_result r = run_vp(
        {"-c", config, "--vcd", dir.file("t.vcd"), "--quiet", "--stats", dir.file("stats.json")},
        dir);
    ASSERT_EQ(r.exit_code, 0) << describe(r);
    const nlohmann::json stats = nlohmann::json::parse(read_text(dir.file("stats.json")));
    const nlohmann::json& die_stats = stats["ssd"]["channels"][0]["dies"][0];
    ASSERT_EQ(die_stats["programs"], 1) << "scenario premise: one page programmed";
    ASSERT_EQ(die_stats["reads"], 1) << "scenario premise: then read back from the array";

    const flash_config f;
    const controller_config k;
    const time_ps c = f.t_cmd_cycle;
    const time_ps page = f.data_time(f.page_bytes);
    const auto vcd = trace::test::read_vcd(dir.file("t.vcd"));
    const changes busy = changes_of(vcd, "ssd.ch0.bus.busy");
    ASSERT_EQ(busy.size(), 7u) << "dumpvars + program + read command + data out\n" << text(busy);
    const std::uint64_t p0 = busy[1].first;
    const std::uint64_t r0 = busy[3].first;
    // Program: 80h + 5 address cycles + tADL, data in, 10h; then the cache->data copy and tPROG.
    const time_ps p_data = p0 + 6 * c + f.t_adl;
    const time_ps p_bus_end = p_data + page + c;
    const time_ps p_ready = p_bus_end + f.t_reg_copy + f.t_prog;
    // Read: 00h + 5 address cycles + 30h, tR, data->cache copy; 06h-E0h, tWHR, data out.
    const time_ps r_array = r0 + 7 * c;
    const time_ps r_out = r_array + f.t_read + f.t_reg_copy;
    const time_ps r_data = r_out + 7 * c + f.t_whr;
    const time_ps r_end = r_data + page;
    EXPECT_CHANGES(
        busy,
        (changes{{0, 0}, {p0, 1}, {p_bus_end, 0}, {r0, 1}, {r_array, 0}, {r_out, 1}, {r_end, 0}}));
    EXPECT_CHANGES(
        changes_of(vcd, "ssd.ch0.bus.owner"),
        (changes{{0, 0}, {p0, 1}, {p_bus_end, 0}, {r0, 1}, {r_array, 0}, {r_out, 1}, {r_end, 0}}));
    EXPECT_CHANGES(changes_of(vcd, "ssd.ch0.die0.state"),
                   (changes{{0, idle},
                            {p0, cmd_addr},
                            {p_data, data_in},
                            {p_data + page, cmd_addr},
                            {p_bus_end, copy},
                            {p_bus_end + f.t_reg_copy, program},
                            {p_ready, idle},
                            {r0, cmd_addr},
                            {r_array, array_read},
                            {r_array + f.t_read, copy},
                            {r_out, cmd_addr},
                            {r_data, data_out},
                            {r_end, idle}}));
    EXPECT_CHANGES(changes_of(vcd, "ssd.ch0.die0.io"), (changes{{0, idle},
                                                                {p0, cmd_addr},
                                                                {p_data, data_in},
                                                                {p_data + page, cmd_addr},
                                                                {p_bus_end, idle},
                                                                {r0, cmd_addr},
                                                                {r_array, idle},
                                                                {r_out, cmd_addr},
                                                                {r_data, data_out},
                                                                {r_end, idle}}));
    // The controller queue holds each descriptor from its submission (before the bus starts)
    // until its completion: the program's at tPROG's end, the read's once the page has also been
    // written to SSD DRAM (interconnect hop, DRAM latency, page at the DRAM bandwidth).
    const changes queue = changes_of(vcd, "ssd.ch0.fic.queue");
    ASSERT_EQ(queue.size(), 5u) << text(queue);
    EXPECT_LE(queue[1].first, p0);
    EXPECT_EQ(queue[1].second, 1u);
    EXPECT_EQ(queue[2], std::make_pair(std::uint64_t{p_ready}, std::uint64_t{0}));
    EXPECT_LE(queue[3].first, r0);
    EXPECT_GT(queue[3].first, p_ready);
    EXPECT_EQ(queue[4].first, r_end + k.interconnect_latency + k.dram_latency +
                                  transfer_time(f.page_bytes, k.dram_bandwidth()));
    for (unsigned p = 0; p < 4; ++p) {
        EXPECT_EQ(changes_of(vcd, "ssd.ch0.die0.pe" + std::to_string(p)), (changes{{0, 0}}))
            << "no PE works in block mode";
    }
    EXPECT_EQ(vcd.timescale, "1ps");
}

TEST(vcd_closed_form, one_adam_super_page_update_in_optimstore_mode) {
    scratch_dir dir;
    const std::string config = update_scenario(dir);
    const run_result r = run_vp({"-c", config, "--vcd", dir.file("t.vcd"), "--timeline",
                                 dir.file("t.json"), "--quiet", "--stats", dir.file("stats.json")},
                                dir);
    ASSERT_EQ(r.exit_code, 0) << describe(r);
    const nlohmann::json stats = nlohmann::json::parse(read_text(dir.file("stats.json")));
    ASSERT_EQ(stats["ssd"]["ftl"]["super_page_updates"], 1) << "scenario premise";

    // The update's first die command is its BPR (the constants' LCRs come before it).
    std::uint64_t t0 = 0;
    std::uint64_t lcr_end = 0;
    unsigned lcrs = 0;
    const flash_config f;
    const time_ps c = f.t_cmd_cycle;
    for (const span& s : read_timeline(dir.file("t.json"))) {
        if (s.track == "ssd.ch0.bus.transfers" && s.name == "lcr") {
            EXPECT_EQ(ps_of(s.dur_us), 2 * c + f.t_adl + f.data_time(8)) << "LCR: 1Bh, address, "
                                                                         << "tADL, 8 data bytes";
            EXPECT_TRUE(lcrs == 0 || ps_of(s.ts_us) == lcr_end) << "LCRs back to back";
            lcr_end = ps_of(s.ts_us + s.dur_us);
            ++lcrs;
        }
        if (s.track == "ssd.ch0.bus.transfers" && s.name == "bpr" && t0 == 0) {
            t0 = ps_of(s.ts_us);
        }
    }
    ASSERT_GT(t0, 0u) << "no BPR transfer in the timeline";
    ASSERT_GT(lcrs, 0u) << "the first update loads the step's constants";
    EXPECT_EQ(t0, lcr_end) << "the BPR follows the last LCR";

    const time_ps page = f.data_time(f.page_bytes);
    const time_ps pass = f.pe_time(f.page_bytes);  // one element per 4 beats, one pass (fast ISQRT)
    const time_ps t1 = t0 + 21 * c;                // BPR on W, M, V: 3 x (19h, 5 addr, 30h/32h)
    const time_ps vpp_data = t1 + 6 * c + f.t_adl; // VPP of the gradient during tR
    const time_ps vpp_end = vpp_data + page;
    struct step {
        std::uint64_t control;
        time_ps command;
        time_ps duration;
        unsigned pe_mask; ///< PEs busy: W plane 0, M plane 1, V plane 2
    };
    const step steps[] = {{copy, 5 * c, f.t_reg_copy, 0},  // 2: RCACHE M, V
                          {pe_compute, 10 * c, pass, 6},   // 3: LVS on M || QVS on V, G broadcast
                          {copy, 5 * c, f.t_reg_copy, 0},  // 4: PCACHE M, V
                          {copy, 5 * c, f.t_reg_copy, 0},  //    RCACHE W
                          {pe_compute, 5 * c, pass, 4},    // 5: ISQRT on V
                          {pe_compute, 5 * c, pass, 2},    // 6: VMUL on M
                          {pe_compute, 5 * c, pass, 1},    // 7: LVS on W
                          {copy, 5 * c, f.t_reg_copy, 0},  // 8: PCACHE W
                          {program, 21 * c, f.t_prog, 0}}; // 9: BPP of W, M, V
    changes state{{t0, cmd_addr}, {t1, array_read}};
    changes io{{t0, cmd_addr}, {vpp_data, data_in}, {vpp_end, idle}};
    changes busy{{vpp_end, 0}}; // busy since the first LCR: LCRs, BPR and VPP back to back
    changes pe[4];
    time_ps s = t1 + f.t_read;
    for (const step& st : steps) {
        state.insert(state.end(), {{s, cmd_addr}, {s + st.command, st.control}});
        io.insert(io.end(), {{s, cmd_addr}, {s + st.command, idle}});
        busy.insert(busy.end(), {{s, 1}, {s + st.command, 0}});
        for (unsigned p = 0; p < 3; ++p) {
            if ((st.pe_mask >> p) & 1u) {
                pe[p].insert(pe[p].end(), {{s + st.command, 1}, {s + st.command + st.duration, 0}});
            }
        }
        s += st.command + st.duration;
    }
    state.emplace_back(s, idle);
    const auto vcd = trace::test::read_vcd(dir.file("t.vcd"));
    EXPECT_CHANGES(between(vcd, "ssd.ch0.die0.state", t0, s), state);
    EXPECT_CHANGES(between(vcd, "ssd.ch0.die0.io", t0, s), io);
    EXPECT_CHANGES(between(vcd, "ssd.ch0.bus.busy", t0, s), busy);
    for (unsigned p = 0; p < 4; ++p) {
        EXPECT_CHANGES(between(vcd, "ssd.ch0.die0.pe" + std::to_string(p), 0, s), pe[p])
            << "pe" << p;
    }
    EXPECT_EQ(value_at(vcd, "ssd.ch0.bus.busy", t0), 1u);
}
