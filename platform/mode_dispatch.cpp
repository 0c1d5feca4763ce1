#include "mode_dispatch.h"

#include "common/config.h"

namespace osvp {
namespace {

constexpr platform_mode all_modes[] = {platform_mode::block,      platform_mode::replay,
                                       platform_mode::optimstore, platform_mode::baseline,
                                       platform_mode::cisp,       platform_mode::deepstore,
                                       platform_mode::cpu};

} // namespace

std::vector<platform_mode> training_modes() {
    std::vector<platform_mode> modes;
    for (platform_mode m : all_modes) {
        if (runs_training(m)) {
            modes.push_back(m);
        }
    }
    return modes;
}

std::vector<std::string> mode_names() {
    std::vector<std::string> names;
    for (platform_mode m : all_modes) {
        names.emplace_back(to_string(m));
    }
    return names;
}

platform_mode parse_platform_mode(const std::string& name, const std::string& key) {
    std::string allowed;
    for (platform_mode m : all_modes) {
        if (name == to_string(m)) {
            return m;
        }
        allowed += std::string(allowed.empty() ? "" : ", ") + to_string(m);
    }
    throw config_error(key + ": '" + name + "' is not a mode; allowed: " + allowed);
}

bool runs_training(platform_mode mode) {
    const host_flow flow = flow_of(mode);
    return flow != host_flow::block && flow != host_flow::replay;
}

const char* to_string(platform_mode mode) {
    switch (mode) {
    case platform_mode::block:
        return "block";
    case platform_mode::replay:
        return "replay";
    case platform_mode::optimstore:
        return "optimstore";
    case platform_mode::baseline:
        return "baseline";
    case platform_mode::cisp:
        return "cisp";
    case platform_mode::deepstore:
        return "deepstore";
    case platform_mode::cpu:
        return "cpu";
    }
    return "?";
}

const char* describe(platform_mode mode) {
    switch (mode) {
    case platform_mode::block:
        return "block I/O";
    case platform_mode::replay:
        return "block I/O trace replay";
    case platform_mode::optimstore:
        return "in-storage, OptimStore: update in the dies' plane PEs";
    case platform_mode::baseline:
        return "host CPU, DeepSpeed NVMe offload";
    case platform_mode::cisp:
        return "in-storage, C-ISP: update on a controller core";
    case platform_mode::deepstore:
        return "in-storage, DeepStore: update in the dies' read-path units";
    case platform_mode::cpu:
        return "host CPU, ZeRO-Offload in host memory";
    }
    return "?";
}

host_flow flow_of(platform_mode mode) {
    switch (mode) {
    case platform_mode::block:
        return host_flow::block;
    case platform_mode::replay:
        return host_flow::replay;
    case platform_mode::baseline:
        return host_flow::baseline;
    case platform_mode::cpu:
        return host_flow::host_memory;
    case platform_mode::optimstore:
    case platform_mode::cisp:
    case platform_mode::deepstore:
        break;
    }
    return host_flow::in_storage;
}

std::optional<step_mode> step_mode_of(platform_mode mode) {
    if (!runs_training(mode)) {
        return std::nullopt;
    }
    return parse_step_mode(to_string(mode));
}

fw::update_engine update_engine_of(platform_mode mode) {
    switch (mode) {
    case platform_mode::cisp:
        return fw::update_engine::controller;
    case platform_mode::deepstore:
        return fw::update_engine::read_path;
    default:
        return fw::update_engine::die;
    }
}

} // namespace osvp
