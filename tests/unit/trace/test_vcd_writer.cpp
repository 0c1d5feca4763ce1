// vcd_writer: exact transitions at exact times for a scripted scenario (out-of-order arrival
// across signals, window start and end, scope selection, equal-value suppression), the GTKWave
// companion files, streaming volume, and error paths.
#include "common/trace/vcd_writer.h"
#include "unit/trace/temp_path.h"
#include "unit/trace/vcd_reader.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

namespace osvp::trace {
namespace {

using test::read_vcd;
using test::temp_path;
using test::vcd_change;

const enum_legend die_states{"die_state", {"idle", "read", "odc", "program"}};

std::vector<std::string> lines_of(const std::string& path) {
    std::ifstream in(path);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);)
        lines.push_back(line);
    return lines;
}

const test::vcd_var* find_var(const test::vcd_file& f, const std::string& path) {
    for (const test::vcd_var& v : f.vars)
        if (v.path == path)
            return &v;
    return nullptr;
}

class scripted_scenario : public testing::Test {
protected:
    void SetUp() override {
        vcd_writer w(path, scope_filter("ssd.ch0.*"), time_window{100, 1000});
        const signal_handle busy = w.add_wire("ssd.ch0.busy");
        const signal_handle state = w.add_enum("ssd.ch0.die0.state", die_states);
        const signal_handle depth = w.add_vector("ssd.ch0.queue_depth", 4);
        const signal_handle other = w.add_wire("ssd.ch1.busy");
        EXPECT_TRUE(busy.selected() && state.selected() && depth.selected());
        EXPECT_FALSE(other.selected());

        w.change(state, 50, 1);
        w.change(state, 80, 2);
        w.change(depth, 90, 3);
        w.change(busy, 100, 1);
        w.change(other, 120, 1);
        w.change(depth, 150, 3);
        w.change(state, 400, 3);
        w.change(busy, 300, 0);
        w.advance(350);
        pending_after_first_advance = w.stats().pending_changes;
        w.advance(500);
        EXPECT_THROW(w.change(busy, 499, 1), std::runtime_error);
        w.change(busy, 500, 1);
        w.change(depth, 600, 7);
        w.change(depth, 600, 5);
        w.change(depth, 700, 9);
        w.change(depth, 700, 5);
        w.change(depth, 800, 6);
        EXPECT_THROW(w.change(depth, 750, 1), std::runtime_error);
        w.change(busy, 1000, 0);
        w.change(busy, 1200, 1);
        w.close();
        stats = w.stats();
    }

    const std::string path = temp_path("scenario.vcd");
    std::uint64_t pending_after_first_advance = 0;
    vcd_stats stats;
};

TEST_F(scripted_scenario, header_has_ps_timescale_no_date_and_the_selected_module_tree) {
    const test::vcd_file f = read_vcd(path);
    EXPECT_EQ(f.timescale, "1ps");
    EXPECT_FALSE(f.has_date);
    EXPECT_NE(f.version.find("OptimStore-VP"), std::string::npos);
    ASSERT_EQ(f.vars.size(), 3u);
    const test::vcd_var* busy = find_var(f, "ssd.ch0.busy");
    const test::vcd_var* state = find_var(f, "ssd.ch0.die0.state");
    const test::vcd_var* depth = find_var(f, "ssd.ch0.queue_depth");
    ASSERT_TRUE(busy && state && depth);
    EXPECT_EQ(busy->type, "wire");
    EXPECT_EQ(busy->width, 1u);
    EXPECT_EQ(busy->range, "");
    EXPECT_EQ(state->type, "reg");
    EXPECT_EQ(state->width, 2u);
    EXPECT_EQ(state->range, "[1:0]");
    EXPECT_EQ(depth->width, 4u);
    EXPECT_EQ(depth->range, "[3:0]");
    EXPECT_EQ(find_var(f, "ssd.ch1.busy"), nullptr);
}

TEST_F(scripted_scenario, transitions_are_exact_and_in_time_order) {
    const test::vcd_file f = read_vcd(path);
    const std::vector<vcd_change> expected = {
        {100, "ssd.ch0.busy", 1, true},         {100, "ssd.ch0.die0.state", 2, true},
        {100, "ssd.ch0.queue_depth", 3, true},  {300, "ssd.ch0.busy", 0, false},
        {400, "ssd.ch0.die0.state", 3, false},  {500, "ssd.ch0.busy", 1, false},
        {600, "ssd.ch0.queue_depth", 5, false}, {800, "ssd.ch0.queue_depth", 6, false}};
    EXPECT_EQ(f.changes, expected);
    EXPECT_EQ(f.timestamps, (std::vector<std::uint64_t>{100, 300, 400, 500, 600, 800, 1000}));
    EXPECT_EQ(pending_after_first_advance, 1u);
    EXPECT_EQ(stats.changes_written, 5u);
    EXPECT_EQ(stats.pending_changes, 0u);
    EXPECT_EQ(stats.bytes_written, std::filesystem::file_size(path));
}

TEST_F(scripted_scenario, gtkwave_save_file_lists_signals_and_attaches_the_enum_filter) {
    const std::string stem = path.substr(0, path.size() - 4);
    const std::string filter = std::filesystem::absolute(stem + ".die_state.filter").string();
    const std::vector<std::string> gtkw = lines_of(stem + ".gtkw");
    const std::vector<std::string> expected = {"[dumpfile] \"" +
                                                   std::filesystem::absolute(path).string() + "\"",
                                               "[timestart] 100",
                                               "@28",
                                               "ssd.ch0.busy",
                                               "@2024",
                                               "^1 " + filter,
                                               "ssd.ch0.die0.state[1:0]",
                                               "@24",
                                               "ssd.ch0.queue_depth[3:0]"};
    ASSERT_EQ(gtkw.size(), expected.size() + 1);
    EXPECT_EQ(gtkw[0].rfind("[*]", 0), 0u);
    EXPECT_EQ(std::vector<std::string>(gtkw.begin() + 1, gtkw.end()), expected);
    const std::vector<std::string> legend = lines_of(filter);
    ASSERT_EQ(legend.size(), 5u);
    EXPECT_EQ(legend[0].rfind("#", 0), 0u);
    EXPECT_EQ(std::vector<std::string>(legend.begin() + 1, legend.end()),
              (std::vector<std::string>{"0 idle", "1 read", "2 odc", "3 program"}));
}

TEST(vcd_writer, change_at_window_start_goes_into_dumpvars_and_unset_signals_dump_zero) {
    const std::string path = temp_path("start.vcd");
    {
        vcd_writer w(path);
        const signal_handle a = w.add_wire("top.a");
        w.add_vector("top.b", 8);
        const signal_handle c = w.add_vector("c", 64);
        w.change(a, 0, 1);
        w.change(c, 5, ~std::uint64_t{0});
        w.change(c, 5, 0);
        w.change(c, 9, 2);
    }
    const test::vcd_file f = read_vcd(path);
    const std::vector<vcd_change> expected = {
        {0, "top.a", 1, true}, {0, "top.b", 0, true}, {0, "c", 0, true}, {9, "c", 2, false}};
    EXPECT_EQ(f.changes, expected);
    EXPECT_EQ(f.timestamps, (std::vector<std::uint64_t>{0, 9}));
}

TEST(vcd_writer, same_time_revert_after_flush_is_suppressed) {
    const std::string path = temp_path("revert.vcd");
    vcd_writer w(path);
    const signal_handle d = w.add_vector("q.depth", 3);
    w.change(d, 10, 4);
    w.advance(20);
    w.change(d, 20, 5);
    w.change(d, 20, 4);
    w.change(d, 30, 4);
    w.close();
    const test::vcd_file f = read_vcd(path);
    EXPECT_EQ(f.changes,
              (std::vector<vcd_change>{{0, "q.depth", 0, true}, {10, "q.depth", 4, false}}));
    EXPECT_EQ(f.timestamps, (std::vector<std::uint64_t>{0, 10, 30}));
}

TEST(vcd_writer, streams_with_bounded_pending_and_reports_bytes_per_change) {
    const std::string path = temp_path("volume.vcd");
    vcd_writer w(path, scope_filter("ssd.*"));
    const enum_legend legend{
        "die_state",
        {"idle", "tR", "xfer", "lvs", "qvs", "isqrt", "vmul", "pcache", "rcache", "tPROG"}};
    std::vector<signal_handle> dies;
    std::vector<signal_handle> channels;
    for (int ch = 0; ch < 8; ++ch) {
        channels.push_back(w.add_wire("ssd.ch" + std::to_string(ch) + ".busy"));
        for (int die = 0; die < 8; ++die)
            dies.push_back(w.add_enum(
                "ssd.ch" + std::to_string(ch) + ".die" + std::to_string(die) + ".state", legend));
    }
    std::uint64_t max_pending = 0;
    std::uint64_t bytes_before_close = 0;
    const time_ps quantum = 10 * ps_per_us;
    for (std::uint64_t q = 0; q < 400; ++q) {
        for (std::size_t d = 0; d < dies.size(); ++d)
            for (std::uint64_t k = 0; k < 10; ++k)
                w.change(dies[d], q * quantum + k * ps_per_us + d * 1'000, (k + d) % 10);
        for (std::size_t c = 0; c < channels.size(); ++c)
            for (std::uint64_t k = 0; k < 8; ++k)
                w.change(channels[c], q * quantum + k * 1'250'000 + c * 3'000, k % 2 == 0);
        max_pending = std::max(max_pending, w.stats().pending_changes);
        w.advance((q + 1) * quantum);
        bytes_before_close = w.stats().bytes_written;
    }
    w.close();
    const vcd_stats& s = w.stats();
    // Suppressed: dies 10, 20, ..., 60 start at their reset value 0; die 0 and channel 0 change at
    // t = 0, which is the dumpvars instant.
    EXPECT_EQ(s.changes_written, 400u * (64 * 10 + 8 * 8) - 6 - 2);
    EXPECT_LE(max_pending, 64u * 10 + 8 * 8);
    EXPECT_GT(bytes_before_close, s.bytes_written / 2);
    const double per_change = static_cast<double>(s.bytes_written) / s.changes_written;
    std::cout << "[ vcd size ] " << s.changes_written << " changes, " << s.bytes_written
              << " bytes, " << per_change << " bytes/change\n";
    testing::Test::RecordProperty("bytes_per_change", std::to_string(per_change));
    // Nearly every change here has its own timestamp ("#<11 digits>\n", 12 B) besides its value
    // line ("b1001 !\n", at most 8 B with one-character identifiers).
    EXPECT_LT(per_change, 20.0);
}

TEST(vcd_writer, bad_input_names_the_problem) {
    const std::string path = temp_path("errors.vcd");
    vcd_writer w(path);
    EXPECT_THROW(w.add_vector("a.zero", 0), std::invalid_argument);
    EXPECT_THROW(w.add_vector("a.wide", 65), std::invalid_argument);
    EXPECT_THROW(w.add_wire(""), std::invalid_argument);
    EXPECT_THROW(w.add_wire("a..b"), std::invalid_argument);
    EXPECT_THROW(w.add_wire("a.b c"), std::invalid_argument);
    EXPECT_THROW(w.add_wire("a.b[0]"), std::invalid_argument);
    EXPECT_THROW(w.add_enum("a.e", enum_legend{"bad name", {"x"}}), std::invalid_argument);
    EXPECT_THROW(w.add_enum("a.e", enum_legend{"empty", {}}), std::invalid_argument);
    EXPECT_THROW(w.add_enum("a.e", enum_legend{"blank", {"ok", "not ok"}}), std::invalid_argument);
    const signal_handle wire = w.add_wire("a.b");
    const signal_handle vec = w.add_vector("a.v", 3);
    const signal_handle en = w.add_enum("a.s", die_states);
    EXPECT_THROW(w.add_enum("a.t", enum_legend{"die_state", {"idle"}}), std::invalid_argument);
    try {
        w.add_wire("a.b");
        ADD_FAILURE() << "duplicate accepted";
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("\"a.b\": already registered"), std::string::npos);
    }
    EXPECT_THROW(w.add_enum("bad name", enum_legend{"fresh", {"a"}}), std::invalid_argument);
    EXPECT_NO_THROW(w.add_enum("a.f", enum_legend{"fresh", {"x", "y"}}));
    EXPECT_THROW(w.add_wire("a"), std::invalid_argument);
    EXPECT_THROW(w.add_wire("a.b.c"), std::invalid_argument);
    try {
        w.change(vec, 1, 8);
        ADD_FAILURE() << "too wide value accepted";
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("value 8 of \"a.v\" does not fit in 3 bits; "
                                             "allowed 0..7"),
                  std::string::npos)
            << e.what();
    }
    EXPECT_THROW(w.change(wire, 1, 2), std::invalid_argument);
    try {
        w.change(en, 1, 4);
        ADD_FAILURE() << "value outside the legend accepted";
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("allowed 0..3"), std::string::npos) << e.what();
    }
    w.change(wire, 10, 1);
    EXPECT_THROW(w.add_wire("a.late"), std::runtime_error);
    EXPECT_THROW(w.change(wire, 9, 0), std::runtime_error);
    w.advance(20);
    EXPECT_THROW(w.advance(19), std::runtime_error);
    EXPECT_THROW(w.change(vec, 19, 1), std::runtime_error);
    EXPECT_THROW(w.change(signal_handle{99}, 30, 1), std::invalid_argument);
    w.close();
    EXPECT_THROW(w.change(wire, 30, 0), std::runtime_error);
    EXPECT_THROW(w.advance(40), std::runtime_error);
    EXPECT_NO_THROW(w.close());
}

TEST(vcd_writer, unwritable_path_is_reported) {
    try {
        vcd_writer w("/nonexistent-dir/x.vcd");
        ADD_FAILURE() << "opened an impossible path";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("\"/nonexistent-dir/x.vcd\""), std::string::npos);
    }
}

} // namespace
} // namespace osvp::trace
