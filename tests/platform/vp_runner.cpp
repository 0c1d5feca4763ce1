#include "vp_runner.h"

#include <gtest/gtest.h>

namespace osvp::platform_test {

std::filesystem::path source_config(const std::string& name) {
    return std::filesystem::path(OSVP_SOURCE_DIR) / "configs" / name;
}

bool reports_warning(const run_result& r) {
    // SystemC prints a model's warning as "Warning: ..." on stdout (sc_report_handler's default
    // handler); the firmware logs "[time] coreN warning: ..." on stderr.
    for (const std::string* text : {&r.out, &r.err}) {
        if (text->rfind("Warning: ", 0) == 0 || text->find("\nWarning: ") != std::string::npos ||
            text->find(" warning: ") != std::string::npos) {
            return true;
        }
    }
    return false;
}

nlohmann::json run_vp_stats(std::vector<std::string> args, const scratch_dir& scratch,
                            const std::string& stats_name) {
    const std::filesystem::path stats = scratch.file(stats_name);
    args.insert(args.end(), {"--quiet", "--stats", stats.string()});
    const run_result r = run_vp(args, scratch);
    if (r.exit_code != 0) {
        ADD_FAILURE() << "run failed\n" << describe(r);
        return nullptr;
    }
    if (reports_warning(r)) {
        ADD_FAILURE() << "the run reported a warning\n" << describe(r);
    }
    return nlohmann::json::parse(read_text(stats));
}

nlohmann::json dump_config(std::vector<std::string> args, const scratch_dir& scratch) {
    args.push_back("--dump-config");
    const run_result r = run_vp(args, scratch);
    if (r.exit_code != 0) {
        ADD_FAILURE() << "--dump-config failed\n" << describe(r);
        return nullptr;
    }
    return nlohmann::json::parse(r.out);
}

} // namespace osvp::platform_test
