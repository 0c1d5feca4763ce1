#include "vp_top.h"

#include "common/sc_time_util.h"

namespace osvp {

vp_top::vp_top(const platform_config& config)
    : host("host", config), link("link", config.pcie), ssd("ssd", config.ssd), m_config(config) {
    host.driver.mmio.bind(link.host_side);
    link.to_device.bind(ssd.frontend.bar0);
    ssd.frontend.to_host.bind(link.device_side);
    link.to_host.bind(host.memory.socket);
    const auto observe = [this](std::uint64_t step, bool end) {
        if (end) {
            m_steps.back().end = read_activity(activity_counters());
            m_steps.back().ended = true;
        } else {
            m_steps.push_back({step, read_activity(activity_counters()), {}, false});
        }
    };
    if (host.training) {
        host.training->step_observer = observe;
    } else if (host.baseline) {
        host.baseline->step_observer = observe;
    } else if (host.cpu) {
        host.cpu->step_observer = observe;
    }
}

nlohmann::json vp_top::activity_counters() const {
    nlohmann::json h = nlohmann::json::object();
    if (const offload_stats* offload = host.offload()) {
        h["cpu_busy_ps"] = offload->compute_busy();
    }
    return {{"simulated_ps", now_ps()}, {"host", h}, {"link", link.stats()}, {"ssd", ssd.stats()}};
}

nlohmann::json vp_top::counters() const {
    nlohmann::json out = activity_counters();
    nlohmann::json& h = out["host"];
    h["memory"] = host.memory.stats();
    h["driver"] = host.driver.stats();
    if (host.training) {
        h["training"] = host.training->stats().to_json();
        h["training_summary"] = host.training->stats().summary();
    } else if (const offload_stats* offload = host.offload()) {
        h["offload"] = offload->to_json();
    } else {
        h["workload"] = host.block_summary().to_json();
        if (host.replay) {
            h["replay"] = host.replay->stats();
        }
    }
    return out;
}

nlohmann::json vp_top::stats() const {
    nlohmann::json out = counters();
    out["energy"] = energy_stats(m_config, out, m_steps);
    return out;
}

} // namespace osvp
