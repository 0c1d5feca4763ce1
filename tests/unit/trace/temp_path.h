// Per-test output paths under GoogleTest's temporary directory, named after the running test so
// tests never share files.
#pragma once
#include <gtest/gtest.h>

#include <string>

namespace osvp::trace::test {

/// "<TempDir>/osvp_trace_<Suite>_<Test>_<leaf>".
inline std::string temp_path(const std::string& leaf) {
    const testing::TestInfo* info = testing::UnitTest::GetInstance()->current_test_info();
    return testing::TempDir() + "osvp_trace_" + info->test_suite_name() + "_" + info->name() + "_" +
           leaf;
}

} // namespace osvp::trace::test
