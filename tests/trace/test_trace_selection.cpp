// What the trace options select and how the files hang together: scope patterns and time
// windows keep exactly their part of a full trace, the timeline is valid JSON whose spans agree
// with the VCD, the "trace" config keys equal the command-line options, bad options are errors
// naming the key, and firmware log lines carry simulated time, core and level and appear on the
// timeline as instants at that time.
#include "trace_run.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <regex>

using namespace osvp::trace_test;
namespace tt = osvp::trace::test;

namespace {

std::uint64_t ps_of(double us) {
    return static_cast<std::uint64_t>(std::llround(us * 1e6));
}

/// Runs the block scenario with `options` and fails the test unless it exits with 0.
void run_block(const scratch_dir& dir, std::vector<std::string> options) {
    options.insert(options.begin(), {"-c", block_read_scenario(dir), "--quiet"});
    const run_result r = run_vp(options, dir);
    ASSERT_EQ(r.exit_code, 0) << describe(r);
}

bool starts_with(const std::string& s, const std::string& prefix) {
    return s.compare(0, prefix.size(), prefix) == 0;
}

} // namespace

TEST(trace_scope, keeps_only_the_selected_signals_and_tracks) {
    scratch_dir dir;
    run_block(dir, {"--vcd", dir.file("all.vcd")});
    run_block(dir, {"--vcd", dir.file("s.vcd"), "--timeline", dir.file("s.json"), "--trace-scope",
                    "ssd.ch0.die0.*, link.up*"});
    const tt::vcd_file all = tt::read_vcd(dir.file("all.vcd"));
    const tt::vcd_file scoped = tt::read_vcd(dir.file("s.vcd"));
    std::vector<std::string> names;
    for (const tt::vcd_var& v : scoped.vars) {
        names.push_back(v.path);
        EXPECT_TRUE(starts_with(v.path, "ssd.ch0.die0.") || v.path == "link.upstream.busy")
            << v.path;
    }
    std::sort(names.begin(), names.end());
    EXPECT_EQ(names,
              (std::vector<std::string>{"link.upstream.busy", "ssd.ch0.die0.io", "ssd.ch0.die0.pe0",
                                        "ssd.ch0.die0.pe1", "ssd.ch0.die0.pe2", "ssd.ch0.die0.pe3",
                                        "ssd.ch0.die0.state"}));
    EXPECT_GT(all.vars.size(), 20u) << "the unscoped trace has the whole platform";
    for (const std::string& name : names) {
        EXPECT_EQ(changes_of(scoped, name), changes_of(all, name)) << name;
    }
    const std::vector<span> spans = read_timeline(dir.file("s.json"));
    ASSERT_FALSE(spans.empty());
    for (const span& s : spans) {
        EXPECT_TRUE(starts_with(s.track, "ssd.ch0.die0.")) << s.track;
    }
}

TEST(trace_window, keeps_the_selected_time_with_the_state_at_its_start) {
    scratch_dir dir;
    run_block(dir, {"--vcd", dir.file("all.vcd"), "--timeline", dir.file("all.json")});
    const tt::vcd_file all = tt::read_vcd(dir.file("all.vcd"));
    const auto busy = changes_of(all, "ssd.ch0.bus.busy");
    ASSERT_EQ(busy.size(), 7u);
    // From the middle of the read's tR to the middle of its data-out transfer.
    const std::uint64_t start = busy[4].first + 1'000'000;
    const std::uint64_t end = busy[6].first - 1'000'000;
    const std::string window = std::to_string(start) + "ps:" + std::to_string(end) + "ps";
    run_block(dir, {"--vcd", dir.file("w.vcd"), "--timeline", dir.file("w.json"), "--trace-window",
                    window});
    const tt::vcd_file windowed = tt::read_vcd(dir.file("w.vcd"));
    ASSERT_FALSE(windowed.timestamps.empty());
    EXPECT_EQ(windowed.timestamps.front(), start);
    EXPECT_LE(windowed.timestamps.back(), end);
    for (const tt::vcd_var& v : windowed.vars) {
        std::uint64_t at_start = 0;
        std::vector<std::pair<std::uint64_t, std::uint64_t>> inside;
        for (const auto& [t, value] : changes_of(all, v.path)) {
            if (t <= start) {
                at_start = value;
            } else if (t < end) {
                inside.emplace_back(t, value);
            }
        }
        inside.insert(inside.begin(), {start, at_start});
        EXPECT_EQ(changes_of(windowed, v.path), inside) << v.path;
    }
    std::size_t overlapping = 0;
    for (const span& s : read_timeline(dir.file("all.json"))) {
        overlapping += ps_of(s.ts_us) < end && ps_of(s.ts_us + s.dur_us) > start ? 1 : 0;
    }
    const std::vector<span> kept = read_timeline(dir.file("w.json"));
    EXPECT_EQ(kept.size(), overlapping);
    for (const span& s : kept) {
        EXPECT_LT(ps_of(s.ts_us), end) << s.track << " " << s.name;
        EXPECT_GT(ps_of(s.ts_us + s.dur_us), start) << s.track << " " << s.name;
    }
}

TEST(trace_timeline, is_valid_json_with_spans_that_agree_with_the_vcd) {
    scratch_dir dir;
    run_block(dir, {"--vcd", dir.file("t.vcd"), "--timeline", dir.file("t.json")});
    const std::vector<span> spans = read_timeline(dir.file("t.json"));
    std::map<std::string, std::vector<const span*>> tracks;
    for (const span& s : spans) {
        EXPECT_GE(s.dur_us, 0.0) << s.track << " " << s.name;
        tracks[s.track].push_back(&s);
    }
    for (auto& [track, list] : tracks) {
        std::sort(list.begin(), list.end(),
                  [](const span* a, const span* b) { return a->ts_us < b->ts_us; });
        for (std::size_t i = 1; i < list.size(); ++i) {
            EXPECT_LE(ps_of(list[i - 1]->ts_us + list[i - 1]->dur_us), ps_of(list[i]->ts_us))
                << "overlapping spans on " << track << ": " << list[i - 1]->name << ", "
                << list[i]->name;
        }
    }
    const tt::vcd_file vcd = tt::read_vcd(dir.file("t.vcd"));
    const auto state = changes_of(vcd, "ssd.ch0.die0.state");
    const auto& commands = tracks["ssd.ch0.die0.commands"];
    ASSERT_EQ(commands.size(), 2u);
    EXPECT_EQ(commands[0]->name, "program");
    EXPECT_EQ(commands[1]->name, "read");
    for (const span* s : commands) {
        // The die-control span starts where the state leaves the bus phases and ends where the
        // last control phase ends.
        const std::uint64_t begin = ps_of(s->ts_us);
        const std::uint64_t end = ps_of(s->ts_us + s->dur_us);
        const auto first = std::find_if(state.begin(), state.end(),
                                        [&](const auto& c) { return c.first == begin; });
        ASSERT_NE(first, state.end()) << s->name << " begins at no state change";
        EXPECT_EQ(first->second, s->name == "program" ? 5u : 2u) << "register_copy / array_read";
        EXPECT_TRUE(
            std::any_of(state.begin(), state.end(), [&](const auto& c) { return c.first == end; }))
            << s->name << " ends at no state change";
    }
    const auto& bus = tracks["ssd.ch0.bus.transfers"];
    ASSERT_EQ(bus.size(), 3u);
    EXPECT_EQ(bus[0]->name, "program");
    EXPECT_EQ(bus[0]->args.at("data_bytes"), 8192);
    EXPECT_EQ(bus[2]->name, "data_out");
    const auto& io = tracks["ssd.frontend.sq1.cmd0"];
    ASSERT_EQ(io.size(), 2u) << "queue depth 1: both commands in one row";
    EXPECT_EQ(io[0]->name, "write");
    EXPECT_EQ(io[1]->name, "read");
    EXPECT_LE(io[1]->ts_us, commands[1]->ts_us) << "the NVMe read contains its flash read";
    EXPECT_GE(io[1]->ts_us + io[1]->dur_us, commands[1]->ts_us + commands[1]->dur_us);
    EXPECT_FALSE(tracks["ssd.core0.tasks"].empty());
    EXPECT_EQ(tracks["ssd.ch0.die0.pe0"].size(), 0u);
}

TEST(trace_options, config_keys_equal_the_command_line_and_output_is_deterministic) {
    scratch_dir dir;
    run_block(dir, {"--vcd", dir.file("cli.vcd"), "--trace-scope", "ssd.*"});
    const std::string with_keys = dir.write("keys.json", one_die_config(R"("mode": "block",
  "workload": {"op": "mixed", "read_fraction": 0.5, "request_size": "8 KiB", "queue_depth": 1,
               "total_bytes": "0 B", "request_count": 2, "lba_count": 2, "seed": 6},
  "trace": {"vcd": ")" + dir.file("cfg.vcd").string() + R"(", "scope": "ssd.*"})"));
    const run_result r = run_vp({"-c", with_keys, "--quiet"}, dir);
    ASSERT_EQ(r.exit_code, 0) << describe(r);
    EXPECT_EQ(read_text(dir.file("cfg.vcd")), read_text(dir.file("cli.vcd")));
    EXPECT_NE(read_text(dir.file("cfg.gtkw")).find(dir.file("cfg.vcd").string()),
              std::string::npos);
    const std::string filter = read_text(dir.file("cli.die_state.filter"));
    EXPECT_NE(filter.find("6 pe_compute"), std::string::npos) << filter;
    const run_result dump =
        run_vp({"-c", block_read_scenario(dir), "--vcd", "x.vcd", "--dump-config"}, dir);
    ASSERT_EQ(dump.exit_code, 0) << describe(dump);
    const nlohmann::json effective = nlohmann::json::parse(dump.out);
    EXPECT_EQ(effective["trace"]["vcd"], "x.vcd");
    EXPECT_EQ(effective["trace"]["window"], "");
}

TEST(trace_options, bad_values_are_errors_naming_the_option) {
    scratch_dir dir;
    const std::string config = block_read_scenario(dir);
    const struct {
        std::vector<std::string> args;
        int exit_code;
        std::string names;
    } cases[] = {
        {{"--vcd", "a.vcd", "--trace-window", "12ms:10ms"}, 2, "trace.window"},
        {{"--vcd", "a.vcd", "--trace-window", "10 parsecs:"}, 2, "trace.window"},
        {{"--vcd", "a.vcd", "--trace-scope", "ssd.ch[0"}, 2, "trace.scope"},
        {{"--vcd", "a.vcd", "--trace-scope", "ssd.chan0.*"}, 2, "'ssd.chan0.*' selects nothing"},
        {{"--vcd", "a.vcd", "--trace-scope", "ssd.frontend.sq1.cmd*"}, 2, "selects nothing"},
        {{"--vcd", "same", "--timeline", "same"}, 2, "trace.timeline"},
        {{"--fw-log", "loud"}, 2, "firmware.log_level"},
        {{"--vcd", dir.file("no/such/dir/a.vcd")}, 2, "trace.vcd"},
        {{"--timeline", dir.file("no/such/dir/a.json")}, 2, "trace.timeline"},
    };
    for (const auto& c : cases) {
        std::vector<std::string> args{"-c", config, "--quiet"};
        args.insert(args.end(), c.args.begin(), c.args.end());
        const run_result r = run_vp(args, dir);
        EXPECT_EQ(r.exit_code, c.exit_code) << describe(r);
        EXPECT_NE(r.err.find(c.names), std::string::npos) << describe(r);
    }
    // NVMe command tracks appear as commands complete; a scope of them alone is fine for a
    // timeline.
    const run_result commands = run_vp({"-c", config, "--quiet", "--timeline", dir.file("c.json"),
                                        "--trace-scope", "ssd.frontend.sq1.cmd*"},
                                       dir);
    EXPECT_EQ(commands.exit_code, 0) << describe(commands);
}

TEST(firmware_log, lines_carry_simulated_time_core_and_level_and_mark_the_timeline) {
    scratch_dir dir;
    const std::string config = update_scenario(dir);
    const run_result info = run_vp(
        {"-c", config, "--quiet", "--fw-log", "info", "--timeline", dir.file("log.json")}, dir);
    ASSERT_EQ(info.exit_code, 0) << describe(info);
    EXPECT_EQ(info.out.find(" info: "), std::string::npos) << "log lines go to stderr";
    const std::regex line(R"(\[([0-9.]+) (ps|ns|us|ms|s)\] core0 info: step 1 begins)");
    std::smatch found;
    ASSERT_TRUE(std::regex_search(info.err, found, line)) << describe(info);
    const std::vector<span> events = read_timeline(dir.file("log.json"));
    const auto mark = std::find_if(events.begin(), events.end(), [](const span& s) {
        return s.instant && s.track == "ssd.core0.log" && s.name.rfind("step 1 begins", 0) == 0;
    });
    ASSERT_NE(mark, events.end()) << "the log line is an instant on the core's log track";
    EXPECT_EQ(mark->category, "info");
    const std::map<std::string, double> us_per_unit = {
        {"ps", 1e-6}, {"ns", 1e-3}, {"us", 1.0}, {"ms", 1e3}, {"s", 1e6}};
    EXPECT_NEAR(mark->ts_us, std::stod(found[1]) * us_per_unit.at(found[2]), 1e-5 * mark->ts_us)
        << "the instant is at the time the log line prints (6 significant digits)";
    const run_result quiet = run_vp({"-c", config, "--quiet", "--fw-log", "error"}, dir);
    ASSERT_EQ(quiet.exit_code, 0) << describe(quiet);
    EXPECT_EQ((quiet.out + quiet.err).find(" info: "), std::string::npos) << describe(quiet);
}
