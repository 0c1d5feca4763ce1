#include "common/child_process.h"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>

extern char** environ;

namespace osvp::test_util {

scratch_dir::scratch_dir() {
    const ::testing::TestInfo* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string test = info ? std::string(info->test_suite_name()) + "." + info->name() : "no_test";
    std::replace(test.begin(), test.end(), '/', '_');
    m_path = std::filesystem::temp_directory_path() /
             ("osvp_" + std::to_string(::getpid()) + "_" + test);
    std::filesystem::remove_all(m_path);
    std::filesystem::create_directories(m_path);
}

scratch_dir::~scratch_dir() {
    const ::testing::TestInfo* info = ::testing::UnitTest::GetInstance()->current_test_info();
    if (info && info->result()->Failed()) {
        std::cerr << "kept scratch directory " << m_path << "\n";
        return;
    }
    std::error_code ec;
    std::filesystem::remove_all(m_path, ec);
}

std::filesystem::path scratch_dir::write(const std::string& name, const std::string& text) const {
    const std::filesystem::path p = file(name);
    std::ofstream(p, std::ios::binary) << text;
    return p;
}

std::string read_text(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        throw std::runtime_error("cannot open '" + file.string() + "'");
    }
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

run_result run(const std::vector<std::string>& args, const scratch_dir& scratch) {
    run_result r;
    std::vector<std::string> text = args;
    std::vector<char*> argv;
    for (std::string& a : text) {
        r.command += (r.command.empty() ? "" : " ") + a;
        argv.push_back(a.data());
    }
    argv.push_back(nullptr);
    const std::string out_file = scratch.file("child.stdout").string();
    const std::string err_file = scratch.file("child.stderr").string();
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0644);
    posix_spawn_file_actions_addopen(&actions, 2, err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0644);
    pid_t pid = 0;
    const int rc = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) {
        throw std::runtime_error("cannot start '" + text[0] + "': " + std::strerror(rc));
    }
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            throw std::runtime_error(std::string("waitpid failed: ") + std::strerror(errno));
        }
    }
    if (WIFEXITED(status)) {
        r.exit_code = WEXITSTATUS(status);
    } else if (WIFSIGNALED(status)) {
        r.signal = WTERMSIG(status);
    }
    r.out = read_text(out_file);
    r.err = read_text(err_file);
    return r;
}

run_result run_vp(const std::vector<std::string>& args, const scratch_dir& scratch) {
    std::vector<std::string> argv{OSVP_EXE};
    argv.insert(argv.end(), args.begin(), args.end());
    return run(argv, scratch);
}

std::string describe(const run_result& r) {
    std::ostringstream text;
    text << "command: " << r.command << "\nexit code: " << r.exit_code;
    if (r.signal != 0) {
        text << " (killed by signal " << r.signal << ": " << ::strsignal(r.signal) << ")";
    }
    text << "\n--- stdout ---\n" << r.out << "--- stderr ---\n" << r.err;
    return text.str();
}

} // namespace osvp::test_util
