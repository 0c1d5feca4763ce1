#include "trace_run.h"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>

extern char** environ;

namespace osvp::trace_test {

scratch_dir::scratch_dir() {
    const ::testing::TestInfo* info = ::testing::UnitTest::GetInstance()->current_test_info();
    const std::string test =
        info ? std::string(info->test_suite_name()) + "." + info->name() : "no_test";
    m_path = std::filesystem::temp_directory_path() /
             ("osvp_trace_" + std::to_string(::getpid()) + "_" + test);
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

std::string scratch_dir::write(const std::string& name, const std::string& text) const {
    std::ofstream(file(name), std::ios::binary) << text;
    return file(name);
}

std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw std::runtime_error("cannot open '" + path + "'");
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
    const std::string out = scratch.file("child.stdout");
    const std::string err = scratch.file("child.stderr");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    pid_t pid = 0;
    const int rc = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) {
        throw std::runtime_error("cannot start '" + text[0] + "': " + std::strerror(rc));
    }
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            throw std::runtime_error(std::string("waitpid: ") + std::strerror(errno));
        }
    }
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = read_text(out);
    r.err = read_text(err);
    return r;
}

run_result run_vp(const std::vector<std::string>& args, const scratch_dir& scratch) {
    std::vector<std::string> argv{OSVP_EXE};
    argv.insert(argv.end(), args.begin(), args.end());
    return run(argv, scratch);
}

std::string describe(const run_result& r) {
    return "command: " + r.command + "\nexit code: " + std::to_string(r.exit_code) +
           "\n--- stdout ---\n" + r.out + "--- stderr ---\n" + r.err;
}

std::vector<std::pair<std::uint64_t, std::uint64_t>> changes_of(const trace::test::vcd_file& vcd,
                                                                const std::string& path) {
    std::vector<std::pair<std::uint64_t, std::uint64_t>> out;
    for (const trace::test::vcd_change& c : vcd.changes) {
        if (c.path == path) {
            out.emplace_back(c.time, c.value);
        }
    }
    return out;
}

std::vector<span> read_timeline(const std::string& path) {
    const nlohmann::json doc = nlohmann::json::parse(read_text(path));
    std::map<int, std::string> processes;
    std::map<std::pair<int, int>, std::string> threads;
    for (const nlohmann::json& e : doc.at("traceEvents")) {
        if (e.at("ph") == "M" && e.at("name") == "process_name") {
            processes[e.at("pid").get<int>()] = e.at("args").at("name").get<std::string>();
        } else if (e.at("ph") == "M" && e.at("name") == "thread_name") {
            threads[{e.at("pid").get<int>(), e.at("tid").get<int>()}] =
                e.at("args").at("name").get<std::string>();
        }
    }
    std::vector<span> spans;
    for (const nlohmann::json& e : doc.at("traceEvents")) {
        if (e.at("ph") != "X") {
            continue;
        }
        const int pid = e.at("pid").get<int>();
        const int tid = e.at("tid").get<int>();
        if (processes.count(pid) == 0 || threads.count({pid, tid}) == 0) {
            throw std::runtime_error("timeline event on undeclared pid/tid: " + e.dump());
        }
        spans.push_back({processes[pid] + "." + threads[{pid, tid}], e.at("name"), e.at("cat"),
                         e.at("ts").get<double>(), e.at("dur").get<double>(),
                         e.value("args", nlohmann::json::object())});
    }
    return spans;
}

std::string one_die_config(const std::string& extra) {
    return R"({
  "flash": {"channels": 1, "packages_per_channel": 1, "dies_per_package": 1,
            "planes_per_die": 4, "blocks_per_plane": 64, "pages_per_block": 32},
  "controller": {"dram": {"size": "256 MiB"}},
  "firmware": {"max_commands": 64, "max_transfer": "256 KiB"},
  "ftl": {"over_provisioning": 0.1},
)" + extra +
           "\n}\n";
}

std::string block_read_scenario(const scratch_dir& scratch) {
    return scratch.write("block.json", one_die_config(R"("mode": "block",
  "workload": {"op": "mixed", "read_fraction": 0.5, "request_size": "8 KiB", "queue_depth": 1,
               "total_bytes": "0 B", "request_count": 2, "lba_count": 2, "seed": 6})"));
}

std::string update_scenario(const scratch_dir& scratch) {
    const std::string model = scratch.write(
        "one_page.json",
        R"({"name": "one-page", "source": "test: 2048 FP32 elements, one 8 KiB page per state",
            "tensors": [{"name": "w", "shape": [2048]}]})");
    return scratch.write("os.json", one_die_config(R"("mode": "optimstore",
  "training": {"model_file": ")" + model + R"(", "steps": 1, "request_size": "8 KiB",
               "queue_depth": 1})"));
}

} // namespace osvp::trace_test
