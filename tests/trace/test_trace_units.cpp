// The plain parts of the platform's tracing: the reordering stages (lane_merge, delta_counter),
// the ONFI phase split of channel transfers against the channel's own bus_time, legends, NVMe
// opcode names and the "trace" configuration keys with their errors.
#include "common/config.h"
#include "flash/flash_channel.h"
#include "trace_config.h"
#include "trace_flash.h"
#include "trace_signals.h"
#include "tracing.h"

#include <gtest/gtest.h>

#include <utility>
#include <vector>

using namespace osvp;
using changes = std::vector<std::pair<time_ps, std::uint64_t>>;

namespace {

trace::emit_change into(changes& out) {
    return [&out](time_ps t, std::uint64_t v) { out.emplace_back(t, v); };
}

trace_config config_of(const std::string& json) {
    config_tree tree(nlohmann::json::parse(json));
    return trace_config::from(tree.root().child("trace"));
}

} // namespace

TEST(lane_merge, lane_zero_wins_and_lane_one_shows_where_lane_zero_is_idle) {
    trace::lane_merge m(0);
    changes out;
    m.add(1, 10, 20, 7); // I/O phase
    m.add(0, 15, 40, 3); // control operation overlapping its end
    m.add(1, 30, 50, 8); // I/O under the control operation, then alone
    m.flush(100, into(out));
    EXPECT_EQ(out, (changes{{10, 7}, {15, 3}, {40, 8}, {50, 0}}));
}

TEST(lane_merge, emits_only_before_the_watermark_and_resumes_without_repeats) {
    trace::lane_merge m(0);
    changes out;
    m.add(0, 5, 25, 2);
    m.flush(10, into(out));
    EXPECT_EQ(out, (changes{{5, 2}}));
    m.add(1, 20, 30, 1); // lane 1 starts after the watermark, under lane 0
    m.add(0, 25, 26, 4); // back to back with the previous control interval
    m.flush(26, into(out));
    EXPECT_EQ(out, (changes{{5, 2}, {25, 4}}));
    m.flush(1000, into(out));
    EXPECT_EQ(out, (changes{{5, 2}, {25, 4}, {26, 1}, {30, 0}}));
}

TEST(lane_merge, rejects_overlap_bad_lane_and_intervals_before_the_watermark) {
    trace::lane_merge m(0);
    m.add(0, 10, 20, 1);
    EXPECT_THROW(m.add(0, 15, 30, 1), std::runtime_error);
    EXPECT_THROW(m.add(2, 30, 40, 1), std::invalid_argument);
    EXPECT_THROW(m.add(1, 40, 30, 1), std::invalid_argument);
    changes out;
    m.flush(50, into(out));
    EXPECT_THROW(m.add(1, 45, 60, 1), std::runtime_error);
    EXPECT_NO_THROW(m.add(1, 50, 60, 1));
}

TEST(delta_counter, replays_steps_reported_out_of_time_order) {
    trace::delta_counter q;
    changes out;
    q.add(150, 1); // a submission at a core's local time, ahead of the kernel
    q.add(120, -1);
    q.add(100, 1);
    q.add(150, 1);
    q.flush(150, into(out));
    EXPECT_EQ(out, (changes{{100, 1}, {120, 0}}));
    q.add(200, -2);
    q.flush(1000, into(out));
    EXPECT_EQ(out, (changes{{100, 1}, {120, 0}, {150, 2}, {200, 0}}));
    EXPECT_THROW(q.add(999, 1), std::runtime_error);
}

TEST(delta_counter, a_negative_count_is_an_error) {
    trace::delta_counter q;
    q.add(10, -1);
    changes out;
    EXPECT_THROW(q.flush(20, into(out)), std::runtime_error);
}

TEST(io_phases, cover_exactly_the_bus_time_of_every_operation) {
    const flash_config f;
    const flash_op ops[] = {flash_op::read, flash_op::data_out, flash_op::program, flash_op::erase,
                            flash_op::vpp,  flash_op::pcache,   flash_op::rcache,  flash_op::bpr,
                            flash_op::bpp,  flash_op::odc,      flash_op::lcr};
    for (const flash_op op : ops) {
        for (unsigned planes = 1; planes <= 4; ++planes) {
            const bool one_plane = op == flash_op::data_out || op == flash_op::vpp;
            const unsigned counted = one_plane ? 1 : planes;
            const std::uint64_t bytes = op == flash_op::lcr       ? 8
                                        : one_plane               ? f.page_bytes
                                        : op == flash_op::program ? f.page_bytes * planes
                                                                  : 0;
            const time_ps start = 1'000'003;
            const time_ps end = start + bus_time(f, onfi_cycles(op, counted, bytes));
            const std::vector<die_phase> phases = io_phases(f, {start, end, 0, op, counted, bytes});
            ASSERT_FALSE(phases.empty()) << to_string(op);
            EXPECT_EQ(phases.front().begin, start) << to_string(op);
            EXPECT_EQ(phases.back().end, end) << to_string(op) << " x" << planes;
            for (std::size_t i = 1; i < phases.size(); ++i) {
                EXPECT_EQ(phases[i].begin, phases[i - 1].end) << to_string(op);
            }
        }
    }
}

TEST(io_phases, program_interleaves_address_data_and_confirm_cycles_per_plane) {
    const flash_config f;
    const time_ps c = f.t_cmd_cycle;
    const std::uint64_t bytes = 2ull * f.page_bytes;
    const time_ps end = bus_time(f, onfi_cycles(flash_op::program, 2, bytes));
    const auto p = io_phases(f, {0, end, 0, flash_op::program, 2, bytes});
    const time_ps data = f.data_time(f.page_bytes);
    ASSERT_EQ(p.size(), 6u);
    EXPECT_EQ(p[0].state, die_state::cmd_addr); // 80h, 5 address cycles, tADL
    EXPECT_EQ(p[0].end, 6 * c + f.t_adl);
    EXPECT_EQ(p[1].state, die_state::data_in);
    EXPECT_EQ(p[1].end, 6 * c + f.t_adl + data);
    EXPECT_EQ(p[2].state, die_state::cmd_addr); // 11h
    EXPECT_EQ(p[2].end - p[2].begin, c);
    EXPECT_EQ(p[4].state, die_state::data_in);
    EXPECT_EQ(p[5].state, die_state::cmd_addr); // 10h
    const auto out =
        io_phases(f, {0, 7 * c + f.t_whr + data, 0, flash_op::data_out, 1, f.page_bytes});
    ASSERT_EQ(out.size(), 2u);
    EXPECT_EQ(out[0].end, 7 * c + f.t_whr); // 06h, 5 address cycles, E0h, tWHR
    EXPECT_EQ(out[1].state, die_state::data_out);
}

TEST(io_phases, a_transfer_that_does_not_add_up_is_reported) {
    const flash_config f;
    EXPECT_THROW(io_phases(f, {0, 1, 0, flash_op::vpp, 1, f.page_bytes}), std::logic_error);
}

TEST(trace_legends, name_every_die_state_and_bus_owner) {
    const trace::enum_legend states = die_state_legend();
    ASSERT_EQ(states.states.size(), die_state_count);
    EXPECT_EQ(states.states[0], "idle");
    EXPECT_EQ(states.states[static_cast<unsigned>(die_state::pe_compute)], "pe_compute");
    EXPECT_EQ(states.states[static_cast<unsigned>(die_state::data_out)], "data_out");
    const trace::enum_legend owner = bus_owner_legend(3);
    EXPECT_EQ(owner.states, (std::vector<std::string>{"none", "die0", "die1", "die2"}));
}

TEST(trace_names, nvme_opcodes_by_queue) {
    EXPECT_EQ(nvme_command_name(0, 0x06), "identify");
    EXPECT_EQ(nvme_command_name(1, 0x01), "write");
    EXPECT_EQ(nvme_command_name(3, 0x02), "read");
    EXPECT_EQ(nvme_command_name(0, 0xC1), "vendor 0xc1");
    EXPECT_EQ(nvme_command_name(1, 0x7F), "opcode 0x7f");
}

TEST(trace_config, reads_files_scope_and_window) {
    const trace_config c = config_of(
        R"({"trace": {"vcd": "a.vcd", "timeline": "a.json", "scope": "ssd.ch0.*, link.*",
                      "window": "10ms:12ms"}})");
    EXPECT_TRUE(c.enabled());
    EXPECT_EQ(c.vcd_path, "a.vcd");
    EXPECT_EQ(c.timeline_path, "a.json");
    EXPECT_TRUE(c.filter().matches("ssd.ch0.die3.state"));
    EXPECT_FALSE(c.filter().matches("ssd.ch1.die3.state"));
    EXPECT_EQ(c.window.start, 10 * ps_per_ms);
    EXPECT_EQ(c.window.end, 12 * ps_per_ms);
    EXPECT_FALSE(config_of("{}").enabled());
}

TEST(trace_config, bad_values_name_the_key_and_the_value) {
    const auto message = [](const std::string& json) {
        try {
            config_of(json);
        } catch (const config_error& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    EXPECT_NE(message(R"({"trace": {"window": "12ms:10ms"}})").find("trace.window"),
              std::string::npos);
    EXPECT_NE(message(R"({"trace": {"window": "12ms:10ms"}})").find("12ms:10ms"),
              std::string::npos);
    EXPECT_NE(message(R"({"trace": {"scope": "ssd.ch[0"}})").find("trace.scope"),
              std::string::npos);
    EXPECT_NE(message(R"({"trace": {"vcd": "x", "timeline": "x"}})").find("trace.timeline"),
              std::string::npos);
}
