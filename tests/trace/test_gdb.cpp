// Firmware debugging against the models: gdb in batch mode runs the platform, stops at a
// breakpoint in the firmware's host interface when the first I/O command is dispatched, prints
// the simulated time and the command through the platform's debug functions and a die's and the
// firmware's state, continues, and the platform finishes normally.
#include "trace_run.h"

#include <gtest/gtest.h>

#include <regex>

using namespace osvp::trace_test;

TEST(gdb_session, stops_in_the_firmware_prints_time_and_command_and_continues) {
    if (!OSVP_DEBUG_INFO) {
        GTEST_SKIP() << "optimstore-vp has no debug information in a " << OSVP_BUILD_TYPE
                     << " build; build with BUILD_TYPE=Debug or RelWithDebInfo";
    }
    scratch_dir dir;
    const std::vector<std::string> commands{
        "set breakpoint pending on",
        // LeakSanitizer cannot run under ptrace; harmless without sanitizers.
        "set environment ASAN_OPTIONS=detect_leaks=0",
        "break osvp::fw::host_interface::dispatch if fetched.sqid == 1", "run", "call osvp_time()",
        "print fetched.sqid", "print fetched.sqe.cdw10", "call osvp_command(&fetched)",
        "call osvp_die(0, 0)", "call osvp_firmware()", "delete", "continue"};
    std::vector<std::string> argv{"gdb", "-batch", "-nx"};
    for (const std::string& c : commands) {
        argv.insert(argv.end(), {"-ex", c});
    }
    argv.insert(argv.end(), {"--args", OSVP_EXE, "-c", block_read_scenario(dir), "--quiet"});
    const run_result r = run(argv, dir);
    ASSERT_EQ(r.exit_code, 0) << describe(r);
    const std::string& out = r.out;
    EXPECT_NE(out.find("osvp::fw::host_interface::dispatch"), std::string::npos) << describe(r);
    // The first I/O command of the scenario: a write of LBAs 0-1 (one 8 KiB page) on SQ 1.
    EXPECT_TRUE(std::regex_search(out, std::regex(R"(\$1 = 1\b)"))) << describe(r);
    EXPECT_TRUE(std::regex_search(out, std::regex(R"(\$2 = 0\b)"))) << describe(r);
    EXPECT_NE(out.find("NVMe command: sq 1 cid 0 opcode 0x01 (write)"), std::string::npos)
        << describe(r);
    EXPECT_NE(out.find("slba 0 nlb 2"), std::string::npos) << describe(r);
    std::smatch time;
    ASSERT_TRUE(
        std::regex_search(out, time, std::regex(R"(simulated time \S+ \S+ \(([0-9]+) ps\))")))
        << describe(r);
    EXPECT_GT(std::stoull(time[1]), 0u) << "the controller was initialised first";
    EXPECT_NE(out.find("ssd.ch0.die0 at "), std::string::npos) << describe(r);
    EXPECT_NE(out.find("control: idle, no operation yet"), std::string::npos)
        << "nothing reached the flash before the first write" << describe(r);
    EXPECT_NE(out.find("hil: "), std::string::npos) << describe(r);
    EXPECT_TRUE(std::regex_search(out + r.err, std::regex(R"(exited normally)"))) << describe(r);
}
