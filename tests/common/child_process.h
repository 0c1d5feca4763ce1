// Running a child process from a test (the optimstore-vp executable, or gdb on it) with its exit
// status, stdout and stderr captured, in a scratch directory of its own per test. Shared by the
// platform and trace tests; each test binary defines OSVP_EXE, the executable's path.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

namespace osvp::test_util {

/// Outcome of one run. exit_code is the child's exit status, or -1 when a signal killed it
/// (then `signal` names it: a crash, never an acceptable outcome).
struct run_result {
    int exit_code = -1;
    int signal = 0;
    std::string out;
    std::string err;
    /// The arguments, for failure messages.
    std::string command;
};

/// <temp>/osvp_<pid>_<suite>.<test>, created empty; removed when the test passed, kept (and its
/// path printed) when it failed.
class scratch_dir {
public:
    scratch_dir();
    ~scratch_dir();
    scratch_dir(const scratch_dir&) = delete;
    scratch_dir& operator=(const scratch_dir&) = delete;

    const std::filesystem::path& path() const { return m_path; }
    /// path() / name.
    std::filesystem::path file(const std::string& name) const { return m_path / name; }
    /// Writes `text` to file(name) and returns its path.
    std::filesystem::path write(const std::string& name, const std::string& text) const;

private:
    std::filesystem::path m_path;
};

/// Runs argv[0] (searched in PATH when it has no '/') with stdout and stderr going to files in
/// `scratch`. Throws std::runtime_error if the process cannot be started.
run_result run(const std::vector<std::string>& argv, const scratch_dir& scratch);
/// Runs the optimstore-vp executable (OSVP_EXE) with `args` (argv[1..]).
run_result run_vp(const std::vector<std::string>& args, const scratch_dir& scratch);
/// Sets an environment variable, which the children started meanwhile inherit, while it lives;
/// restores (or removes) it afterwards.
class scoped_env {
public:
    scoped_env(const char* name, const std::string& value);
    ~scoped_env();
    scoped_env(const scoped_env&) = delete;
    scoped_env& operator=(const scoped_env&) = delete;

private:
    const char* m_name;
    std::string m_old;
    bool m_had = false;
};

/// optimstore-vp (OSVP_EXE) with `args`, its stdout read by the test as it comes (through a FIFO
/// in `scratch`; stderr goes to a file there), so that the test can act on what the child has
/// said so far, e.g. signal it once it is running. A child still running at destruction is
/// killed.
class streaming_vp {
public:
    /// Which of the child's output streams read_until watches; the other goes to a file.
    enum class watched { out, err };

    streaming_vp(const std::vector<std::string>& args, const scratch_dir& scratch,
                 watched stream = watched::out);
    ~streaming_vp();
    streaming_vp(const streaming_vp&) = delete;
    streaming_vp& operator=(const streaming_vp&) = delete;

    /// Reads the watched stream until `text` has appeared in it (true) or the child closed it
    /// (false).
    bool read_until(const std::string& text);
    /// Sends `signal` to the child.
    void signal(int signal) const;
    /// Reads the rest of the watched stream and waits for the child: the whole run.
    run_result finish();

private:
    run_result m_result;
    watched m_watched;
    std::string m_streamed;       ///< what read_until has read of the watched stream
    std::filesystem::path m_file; ///< where the other stream goes
    int m_fd = -1;
    int m_pid = 0;
};

/// Reads a whole file; throws std::runtime_error naming it when it cannot be opened.
std::string read_text(const std::filesystem::path& file);
/// gtest-friendly description of a run: command, exit status and both streams.
std::string describe(const run_result& r);

} // namespace osvp::test_util
