// Runs the real optimstore-vp executable as a child process for platform tests and captures its
// exit status, stdout and stderr. Each test gets its own scratch directory for configurations,
// .npy files and --stats output; it is removed when the test passes and kept (path printed) when
// it fails.
#pragma once
#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace osvp::platform_test {

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

/// Path of configs/<name> in the source tree (e.g. "small.json").
std::filesystem::path source_config(const std::string& name);

/// A per-test scratch directory below the system temp directory, named after the running test.
class scratch_dir {
public:
    scratch_dir();
    ~scratch_dir();
    scratch_dir(const scratch_dir&) = delete;
    scratch_dir& operator=(const scratch_dir&) = delete;

    const std::filesystem::path& path() const { return m_path; }
    /// path() / name.
    std::filesystem::path file(const std::string& name) const { return m_path / name; }
    /// Writes `text` to path() / name and returns the path.
    std::filesystem::path write(const std::string& name, const std::string& text) const;

private:
    std::filesystem::path m_path;
};

/// Runs optimstore-vp with `args` (argv[1..]); stdout and stderr go to files in `scratch`.
/// Throws std::runtime_error if the process cannot be started.
run_result run_vp(const std::vector<std::string>& args, const scratch_dir& scratch);

/// Runs with `args` plus "--quiet --stats FILE" and returns the parsed statistics; the run must
/// exit with 0 (a failed run is reported as a test failure and yields null).
nlohmann::json run_vp_stats(std::vector<std::string> args, const scratch_dir& scratch,
                            const std::string& stats_name = "stats.json");

/// The effective configuration of `args` (--dump-config), parsed; the run must exit with 0.
nlohmann::json dump_config(std::vector<std::string> args, const scratch_dir& scratch);

/// Reads a whole file; throws std::runtime_error naming it when it cannot be opened.
std::string read_text(const std::filesystem::path& file);

/// gtest-friendly description of a run: command, exit status and both streams.
std::string describe(const run_result& r);

} // namespace osvp::platform_test
