// Test main for tests that elaborate a SystemC kernel. libsystemc.so defines main() and calls
// sc_main(); GoogleTest runs from here. A scenario that elaborates modules must run in its own
// process: use EXPECT_EXIT(...) so that GoogleTest forks one child per scenario.
#include <gtest/gtest.h>
#include <systemc>

int sc_main(int argc, char** argv) {
    testing::InitGoogleTest(&argc, argv);
    testing::GTEST_FLAG(death_test_style) = "fast";
    return RUN_ALL_TESTS();
}
