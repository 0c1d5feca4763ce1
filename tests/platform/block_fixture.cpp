#include "block_fixture.h"

#include "quantity.h"

#include <cmath>

namespace osvp::platform_test {

user_region user_region_of(const nlohmann::json& config) {
    const nlohmann::json& f = config.at("flash");
    const nlohmann::json& ftl = config.at("ftl");
    const std::uint64_t dies = f.at("channels").get<std::uint64_t>() *
                               f.at("packages_per_channel").get<std::uint64_t>() *
                               f.at("dies_per_package").get<std::uint64_t>();
    const std::uint64_t user_blocks = f.at("blocks_per_plane").get<std::uint64_t>() -
                                      ftl.at("reservoir_blocks").get<std::uint64_t>();
    const std::uint64_t physical_pages = dies * user_blocks *
                                         f.at("planes_per_die").get<std::uint64_t>() *
                                         f.at("pages_per_block").get<std::uint64_t>();
    const auto logical_pages = static_cast<std::uint64_t>(
        std::floor(physical_pages * (1.0 - ftl.at("over_provisioning").get<double>())));
    user_region r;
    r.lba_bytes = static_cast<std::uint64_t>(bytes(config.at("firmware").at("lba_size")));
    r.lbas = logical_pages * static_cast<std::uint64_t>(bytes(f.at("page_size"))) / r.lba_bytes;
    return r;
}

std::vector<std::string> block_args(const std::string& config, const user_region& region,
                                    const std::vector<std::string>& extra) {
    std::vector<std::string> args = {
        "--config",       config,
        "--mode",         "block",
        "--request-size", block_request_size,
        "--set",          "workload.lba_count=" + std::to_string(region.lbas)};
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
}

std::uint64_t sum_over_dies(const nlohmann::json& stats, const std::string& counter) {
    std::uint64_t sum = 0;
    for (const nlohmann::json& channel : stats.at("ssd").at("channels")) {
        for (const nlohmann::json& die : channel.at("dies")) {
            sum += die.at(counter).get<std::uint64_t>();
        }
    }
    return sum;
}

std::uint64_t error_count(const nlohmann::json& workload) {
    std::uint64_t sum = 0;
    for (const auto& [status, count] : workload.at("errors").items()) {
        sum += count.get<std::uint64_t>();
    }
    return sum;
}

} // namespace osvp::platform_test
