// Child processes: exit codes, signals and output files come back as the child left them, a
// program that does not exist is an error naming it, and a termination signal caught while
// waiting ends the wait (and only while it is being caught).
#include "subprocess.h"
#include "termination_signals.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <csignal>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace osvp {
namespace {

namespace fs = std::filesystem;

class Subprocess : public ::testing::Test {
protected:
    void SetUp() override {
        dir = fs::temp_directory_path() /
              ("osvp_subprocess_" + std::to_string(::getpid()) + "_" +
               ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::create_directories(dir);
    }
    void TearDown() override { fs::remove_all(dir); }
    std::string path(const char* name) const { return (dir / name).string(); }
    std::string text(const char* name) const {
        std::ifstream in(path(name));
        std::ostringstream s;
        s << in.rdbuf();
        return s.str();
    }
    exit_status run_shell(const std::string& script) const {
        return wait_process(start_process({"sh", "-c", script}, path("out"), path("err")));
    }
    fs::path dir;
};

TEST_F(Subprocess, ExitCodeAndBothStreamsComeBack) {
    const exit_status s = run_shell("echo to-out; echo to-err >&2; exit 3");
    EXPECT_EQ(s.code, 3);
    EXPECT_EQ(s.signal, 0);
    EXPECT_EQ(text("out"), "to-out\n");
    EXPECT_EQ(text("err"), "to-err\n");
    EXPECT_EQ(describe(s), "exit code 3");
}

TEST_F(Subprocess, ASignalIsReportedAsSuchNotAsAnExitCode) {
    const exit_status s = run_shell("kill -SEGV $$");
    EXPECT_EQ(s.code, -1);
    EXPECT_EQ(s.signal, SIGSEGV);
    EXPECT_NE(describe(s).find("killed by signal " + std::to_string(SIGSEGV)), std::string::npos)
        << describe(s);
}

TEST_F(Subprocess, ChildrenRunSideBySideAndAreWaitedForSeparately) {
    const pid_t slow = start_process({"sh", "-c", "exec sleep 600"}, path("slow"), path("e1"));
    const pid_t fast = start_process({"sh", "-c", "exit 5"}, path("fast"), path("e2"));
    const auto [first, status] = wait_any_process();
    EXPECT_EQ(first, fast) << "the child that ended comes back first";
    EXPECT_EQ(status.code, 5);
    ::kill(slow, SIGTERM);
    EXPECT_EQ(wait_process(slow).signal, SIGTERM);
    EXPECT_THROW(wait_any_process(), std::runtime_error) << "no child left";
}

TEST_F(Subprocess, AMissingProgramIsAnErrorNamingIt) {
    try {
        start_process({"/nonexistent/osvp-no-such-program"}, path("out"), path("err"));
        FAIL() << "expected std::runtime_error";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("/nonexistent/osvp-no-such-program"),
                  std::string::npos)
            << e.what();
    }
    EXPECT_THROW(start_process({}, path("out"), path("err")), std::invalid_argument);
}

TEST_F(Subprocess, ACaughtTerminationSignalEndsTheWaitAndStopProcessEndsTheChild) {
    const pid_t child = start_process({"sh", "-c", "exec sleep 600"}, path("out"), path("err"));
    {
        const termination_signals signals;
        EXPECT_EQ(termination_signals::caught(), 0);
        ASSERT_EQ(std::raise(SIGTERM), 0) << "caught, so this process goes on";
        EXPECT_EQ(termination_signals::caught(), SIGTERM);
        const auto [pid, status] = wait_any_process();
        EXPECT_EQ(pid, 0) << "the wait ends for the signal, not for the child";
        EXPECT_EQ(status.code, -1);
        stop_process(child);
        EXPECT_THROW(termination_signals{}, std::logic_error) << "one at a time";
    }
    EXPECT_EQ(termination_signals::caught(), 0);
    EXPECT_THROW(wait_any_process(), std::runtime_error) << "the child was waited for";
    struct sigaction now {};
    ASSERT_EQ(::sigaction(SIGTERM, nullptr, &now), 0);
    EXPECT_EQ(now.sa_handler, SIG_DFL) << "the previous handler is back";
}

} // namespace
} // namespace osvp
