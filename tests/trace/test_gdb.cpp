// Firmware debugging against the models: gdb in batch mode runs the platform, stops at a
// breakpoint in the firmware's host interface when the block scenario's read is dispatched,
// prints the simulated time, the command, the die's latest operation, the channel's flash
// interface controller and the firmware's state through the platform's debug functions, continues,
// and the platform finishes normally. What it prints is checked against closed forms (the program's
// register copy and tPROG) and against the timeline of the same scenario run without the debugger.
#include "flash/flash_config.h"
#include "trace_run.h"

#include <gtest/gtest.h>

#include <regex>

using namespace osvp;
using namespace osvp::trace_test;

namespace {

std::uint64_t ps_of(double us) {
    return static_cast<std::uint64_t>(std::llround(us * 1e6));
}

/// The first span of `track` named `name` (a failed test if there is none).
span first_span(const std::vector<span>& spans, const std::string& track, const std::string& name) {
    for (const span& s : spans) {
        if (s.track == track && s.name == name) {
            return s;
        }
    }
    ADD_FAILURE() << "no span '" << name << "' on " << track;
    return {};
}

} // namespace

TEST(gdb_session, stops_in_the_firmware_prints_time_and_command_and_continues) {
    scratch_dir dir;
    const std::string config = block_read_scenario(dir);
    // cdw0 2: opcode 02h (read), command identifier 0.
    const std::vector<std::string> commands{
        "set breakpoint pending on",
        // LeakSanitizer cannot run under ptrace; harmless without sanitizers.
        "set environment ASAN_OPTIONS=detect_leaks=0",
        "break osvp::fw::host_interface::dispatch if fetched.sqid == 1 && fetched.sqe.cdw0 == 2",
        "run", "call osvp_time()", "print fetched.sqid", "print fetched.sqe.cdw10",
        "call osvp_command(&fetched)", "call osvp_die(0, 0)", "call osvp_channel(0)",
        "call osvp_firmware()", "delete", "continue"};
    std::vector<std::string> argv{"gdb", "-batch", "-nx"};
    for (const std::string& c : commands) {
        argv.insert(argv.end(), {"-ex", c});
    }
    argv.insert(argv.end(), {"--args", OSVP_EXE, "-c", config, "--quiet"});
    const run_result r = run(argv, dir);
    ASSERT_EQ(r.exit_code, 0) << describe(r);
    const std::string& out = r.out;
    EXPECT_NE(out.find("Breakpoint 1, osvp::fw::host_interface::dispatch"), std::string::npos)
        << describe(r);
    EXPECT_TRUE(std::regex_search(out, std::regex(R"(\$1 = 1\b)"))) << describe(r);
    EXPECT_TRUE(std::regex_search(out, std::regex(R"(\$2 = 0\b)"))) << describe(r);
    EXPECT_NE(out.find("NVMe command: sq 1 cid 0 opcode 0x02 (read)"), std::string::npos)
        << describe(r);
    EXPECT_NE(out.find("slba 0 nlb 2"), std::string::npos) << describe(r);
    EXPECT_NE(out.find("hil: "), std::string::npos) << describe(r);
    EXPECT_TRUE(std::regex_search(out + r.err, std::regex(R"(exited normally)"))) << describe(r);

    std::smatch m;
    ASSERT_TRUE(std::regex_search(out, m, std::regex(R"(simulated time \S+ \S+ \(([0-9]+) ps\))")))
        << describe(r);
    const std::uint64_t now = std::stoull(m[1]);
    ASSERT_TRUE(std::regex_search(out, m,
                                  std::regex(R"(ssd\.ch0\.die0 at [^\n]*\n)"
                                             R"(  program done: register_copy [^=]*= )"
                                             R"(\[([0-9]+), ([0-9]+)\) ps\n)"
                                             R"(  program done: program [^=]*= )"
                                             R"(\[([0-9]+), ([0-9]+)\) ps)")))
        << "the die's latest operation is the scenario's program\n"
        << describe(r);
    const std::uint64_t copy_begin = std::stoull(m[1]);
    const std::uint64_t copy_end = std::stoull(m[2]);
    const std::uint64_t prog_begin = std::stoull(m[3]);
    const std::uint64_t prog_end = std::stoull(m[4]);
    const flash_config f;
    EXPECT_EQ(copy_end - copy_begin, f.t_reg_copy);
    EXPECT_EQ(prog_begin, copy_end);
    EXPECT_EQ(prog_end - prog_begin, f.t_prog);
    EXPECT_LT(prog_end, now) << "at queue depth 1 the read follows the written page's program";
    ASSERT_TRUE(std::regex_search(out, m,
                                  std::regex(R"(ssd\.ch0\.fic at [^:]*: descriptors in flight 0, )"
                                             R"(completions to read 0, [^\n]*\n)"
                                             R"(  die 0: sequencer idle, die ready at [^(]*)"
                                             R"(\(([0-9]+) ps\), 0 queued)")))
        << "the read is being dispatched: nothing is queued on the channel yet\n"
        << describe(r);
    EXPECT_EQ(std::stoull(m[1]), prog_end) << "die 0 is ready when the program ends";

    // The same scenario without the debugger: its timeline has the same program, and the read
    // is dispatched during its NVMe command, before its first flash transfer.
    const run_result plain =
        run_vp({"-c", config, "--quiet", "--timeline", dir.file("t.json")}, dir);
    ASSERT_EQ(plain.exit_code, 0) << describe(plain);
    const std::vector<span> spans = read_timeline(dir.file("t.json"));
    const span program = first_span(spans, "ssd.ch0.die0.commands", "program");
    EXPECT_EQ(ps_of(program.ts_us), copy_begin);
    EXPECT_EQ(ps_of(program.ts_us + program.dur_us), prog_end);
    const span read = first_span(spans, "ssd.frontend.sq1.cmd0", "read");
    EXPECT_LE(ps_of(read.ts_us), now);
    EXPECT_LT(now, ps_of(read.ts_us + read.dur_us));
    const span transfer = first_span(spans, "ssd.ch0.bus.transfers", "read");
    EXPECT_LT(now, ps_of(transfer.ts_us)) << "the firmware dispatches before the flash reads";
}
