// Ctrl-C (SIGINT) during a run: the simulation stops at its next slice boundary, the summary and
// the statistics cover the time simulated so far and say so, trace files are closed whole, and
// the exit code is the shell's code for the signal (128 + 2).
#include "vp_runner.h"

#include <gtest/gtest.h>

#include <csignal>
#include <cstdlib>

namespace osvp::platform_test {
namespace {

TEST(Interrupt, StopsTheRunWithItsStatisticsAndWholeTraces) {
    const scratch_dir scratch;
    // An interrupted run leaves the SystemC threads suspended mid-operation, and the kernel frees
    // their stacks without unwinding them: what they hold is never destroyed, which a sanitizer
    // build's leak check would report at exit. Not a leak of the running simulation; off here.
    const char* asan = std::getenv("ASAN_OPTIONS");
    const scoped_env no_leak_check("ASAN_OPTIONS", std::string(asan ? asan : "") +
                                                       (asan && *asan ? ":" : "") +
                                                       "detect_leaks=0");
    const std::string stats = scratch.file("stats.json").string();
    const std::string timeline = scratch.file("timeline.json").string();
    // The paper's drive and GPT-2 2.6B: seconds of simulated time, so the signal, sent once the
    // firmware has logged its start (on stderr), arrives long before the step ends.
    streaming_vp vp({"--fw-log", "info", "--stats", stats, "--timeline", timeline, "--trace-scope",
                     "ssd.ch0.die0*"},
                    scratch, streaming_vp::watched::err);
    ASSERT_TRUE(vp.read_until("core 0 started"));
    vp.signal(SIGINT);
    const run_result r = vp.finish();
    ASSERT_EQ(r.exit_code, 128 + SIGINT) << describe(r);
    EXPECT_NE(r.err.find("interrupted by signal " + std::to_string(SIGINT)), std::string::npos)
        << describe(r);
    EXPECT_NE(r.out.find("(interrupted by signal " + std::to_string(SIGINT)), std::string::npos)
        << "the summary says it is partial\n"
        << describe(r);
    const nlohmann::json s = nlohmann::json::parse(read_text(stats));
    EXPECT_EQ(s.at("interrupted_by_signal"), SIGINT);
    EXPECT_FALSE(s.contains("step_bound")) << "no bound for an unfinished step";
    EXPECT_TRUE(nlohmann::json::accept(read_text(timeline)))
        << "the timeline is closed as a whole JSON document";
}

} // namespace
} // namespace osvp::platform_test
