#include "common/child_process.h"

#include "subprocess.h"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <cstring>

#include <algorithm>
#include <cerrno>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>

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
    for (const std::string& a : args) {
        r.command += (r.command.empty() ? "" : " ") + a;
    }
    const std::string out_file = scratch.file("child.stdout").string();
    const std::string err_file = scratch.file("child.stderr").string();
    const exit_status status = wait_process(start_process(args, out_file, err_file));
    r.exit_code = status.code;
    r.signal = status.signal;
    r.out = read_text(out_file);
    r.err = read_text(err_file);
    return r;
}

run_result run_vp(const std::vector<std::string>& args, const scratch_dir& scratch) {
    std::vector<std::string> argv{OSVP_EXE};
    argv.insert(argv.end(), args.begin(), args.end());
    return run(argv, scratch);
}

scoped_env::scoped_env(const char* name, const std::string& value) : m_name(name) {
    if (const char* old = std::getenv(name)) {
        m_old = old;
        m_had = true;
    }
    ::setenv(name, value.c_str(), 1);
}

scoped_env::~scoped_env() {
    if (m_had) {
        ::setenv(m_name, m_old.c_str(), 1);
    } else {
        ::unsetenv(m_name);
    }
}

streaming_vp::streaming_vp(const std::vector<std::string>& args, const scratch_dir& scratch,
                           watched stream)
    : m_watched(stream), m_file(scratch.file("child.output")) {
    std::vector<std::string> argv{OSVP_EXE};
    argv.insert(argv.end(), args.begin(), args.end());
    for (const std::string& a : argv) {
        m_result.command += (m_result.command.empty() ? "" : " ") + a;
    }
    const std::string fifo = scratch.file("child.stream").string();
    if (::mkfifo(fifo.c_str(), 0600) != 0) {
        throw std::runtime_error("mkfifo " + fifo + ": " + std::strerror(errno));
    }
    // Opened for reading before the child opens it for writing, without blocking, so that
    // neither open waits for the other; reads block from then on.
    m_fd = ::open(fifo.c_str(), O_RDONLY | O_NONBLOCK);
    if (m_fd < 0) {
        throw std::runtime_error("open " + fifo + ": " + std::strerror(errno));
    }
    const bool out = stream == watched::out;
    m_pid = start_process(argv, out ? fifo : m_file.string(), out ? m_file.string() : fifo);
    ::fcntl(m_fd, F_SETFL, 0);
}

streaming_vp::~streaming_vp() {
    if (m_fd >= 0) {
        ::close(m_fd);
    }
    if (m_pid != 0) {
        stop_process(m_pid);
    }
}

bool streaming_vp::read_until(const std::string& text) {
    char buffer[4096];
    while (text.empty() || m_streamed.find(text) == std::string::npos) {
        const ssize_t n = ::read(m_fd, buffer, sizeof buffer);
        if (n <= 0) {
            return false;
        }
        m_streamed.append(buffer, static_cast<std::size_t>(n));
    }
    return true;
}

void streaming_vp::signal(int signal) const {
    ::kill(m_pid, signal);
}

run_result streaming_vp::finish() {
    read_until("");
    ::close(m_fd);
    m_fd = -1;
    const exit_status status = wait_process(m_pid);
    m_pid = 0;
    m_result.exit_code = status.code;
    m_result.signal = status.signal;
    const bool out = m_watched == watched::out;
    m_result.out = out ? m_streamed : read_text(m_file);
    m_result.err = out ? read_text(m_file) : m_streamed;
    return m_result;
}

std::string describe(const run_result& r) {
    std::ostringstream text;
    text << "command: " << r.command << "\n"
         << osvp::describe(exit_status{r.exit_code, r.signal}) << "\n--- stdout ---\n"
         << r.out << "--- stderr ---\n"
         << r.err;
    return text.str();
}

} // namespace osvp::test_util
