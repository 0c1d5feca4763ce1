// Runs a SystemC scenario in a forked child (one elaboration per process). The body may use
// EXPECT_*/ASSERT_*; the child prints every failure to stderr and exits non-zero when any
// occurred, which fails the test and shows the failures.
#pragma once
#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>

namespace osvp::test {

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
    std::fflush(stdout);
    std::fflush(stderr);
    std::_Exit(failed ? 1 : 0);
}

} // namespace osvp::test

#define OSVP_SCENARIO(...)                                                                         \
    EXPECT_EXIT(::osvp::test::run_scenario([&] { __VA_ARGS__; }), ::testing::ExitedWithCode(0), "")
