// Helpers shared by the osvp::train unit tests.
#pragma once
#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <string>
#include <unistd.h>
#include <vector>

namespace osvp::train::test {

// Expects `f` to throw an E whose message contains every string in `parts`.
template <typename E>
void expect_error(const std::function<void()>& f, const std::vector<std::string>& parts) {
    try {
        f();
        ADD_FAILURE() << "no exception thrown; expected one mentioning " << parts.front();
    } catch (const E& e) {
        const std::string message = e.what();
        for (const std::string& p : parts) {
            EXPECT_NE(message.find(p), std::string::npos)
                << "message \"" << message << "\" lacks \"" << p << "\"";
        }
    }
}

// A fresh directory for one test, removed when the fixture ends.
class temp_dir_test : public ::testing::Test {
protected:
    void SetUp() override {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        m_dir = std::filesystem::temp_directory_path() /
                (std::string("osvp_train_") + info->test_suite_name() + "_" + info->name() + "_" +
                 std::to_string(::getpid()));
        std::filesystem::remove_all(m_dir);
        std::filesystem::create_directories(m_dir);
    }
    void TearDown() override { std::filesystem::remove_all(m_dir); }
    const std::filesystem::path& dir() const { return m_dir; }

private:
    std::filesystem::path m_dir;
};

} // namespace osvp::train::test
