#include "trace_run.h"

#include <map>
#include <stdexcept>

namespace osvp::trace_test {

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
        const bool instant = e.at("ph") == "i";
        if (e.at("ph") != "X" && !instant) {
            continue;
        }
        const int pid = e.at("pid").get<int>();
        const int tid = e.at("tid").get<int>();
        if (processes.count(pid) == 0 || threads.count({pid, tid}) == 0) {
            throw std::runtime_error("timeline event on undeclared pid/tid: " + e.dump());
        }
        spans.push_back({processes[pid] + "." + threads[{pid, tid}], e.at("name"), e.at("cat"),
                         e.at("ts").get<double>(), instant ? 0.0 : e.at("dur").get<double>(),
                         e.value("args", nlohmann::json::object()), instant});
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
