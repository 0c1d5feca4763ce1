// Runs a SystemC scenario in a forked child (one elaboration per process). The body may use
// EXPECT_*/ASSERT_*; the child prints every failure to stderr and exits non-zero when any
// occurred, which fails the test and shows the failures. A warning reported through
// sc_report_handler fails the scenario too, unless the scenario announced it with
// expect_warnings: the count must match exactly.
#pragma once
#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>
#include <systemc>

#include <cstdio>
#include <cstdlib>

namespace osvp::test {

/// Warnings the running scenario provokes on purpose.
inline int& expected_warnings() {
    static int count = 0;
    return count;
}

/// Announces `count` more warnings that the running scenario provokes on purpose.
inline void expect_warnings(int count) {
    expected_warnings() += count;
}

template <typename Body>
[[noreturn]] void run_scenario(Body&& body) {
    ::testing::TestPartResultArray results;
    {
        ::testing::ScopedFakeTestPartResultReporter reporter(
            ::testing::ScopedFakeTestPartResultReporter::INTERCEPT_ONLY_CURRENT_THREAD, &results);
        body();
    }
    bool failed = false;
    for (int i = 0; i < results.size(); ++i) {
        const auto& r = results.GetTestPartResult(i);
        if (r.failed()) {
            failed = true;
            std::fprintf(stderr, "%s:%d: %s\n", r.file_name() ? r.file_name() : "?",
                         r.line_number(), r.message());
        }
    }
    const int warnings = sc_core::sc_report_handler::get_count(sc_core::SC_WARNING);
    if (warnings != expected_warnings()) {
        failed = true;
        std::fprintf(stderr, "%d warnings reported, %d expected (test::expect_warnings)\n",
                     warnings, expected_warnings());
    }
    std::fflush(stdout);
    std::fflush(stderr);
    std::_Exit(failed ? 1 : 0);
}

} // namespace osvp::test

#define OSVP_SCENARIO(...)                                                                         \
    EXPECT_EXIT(::osvp::test::run_scenario([&] { __VA_ARGS__; }), ::testing::ExitedWithCode(0), "")
