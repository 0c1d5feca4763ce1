#include "eval/step_bounds.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace osvp {
namespace {

/// Whole picoseconds of `amount / rate` seconds, rounded up.
time_ps time_of(long double amount, double rate) {
    return static_cast<time_ps>(std::ceil(amount * 1e12L / static_cast<long double>(rate)));
}

void require(bool ok, const char* field, double value, const char* mode) {
    if (!ok) {
        throw std::invalid_argument(std::string("step bound (") + mode + "): system_rates." +
                                    field + " must be positive, got " + std::to_string(value));
    }
}

class bound_builder {
public:
    bound_builder(step_mode mode, const system_rates& rates, const step_workload& w)
        : m_rates(rates), m_mode(to_string(mode)), m_n(static_cast<long double>(w.parameters)) {
        m_result.mode = mode;
        m_result.parameters = w.parameters;
        if (mode != step_mode::cpu) {
            require(rates.page_bytes > 0, "page_bytes", rates.page_bytes, m_mode);
        }
        m_result.traffic =
            traffic_per_parameter(mode, w.traffic, mode == step_mode::cpu ? 1 : rates.page_bytes);
    }

    void add(const char* resource, time_ps t) { m_result.resources.push_back({resource, t}); }

    /// Bytes per parameter over a resource of `rate` bytes per second.
    void add_bytes(const char* resource, double bytes, double rate, const char* field) {
        if (bytes > 0) {
            require(rate > 0, field, rate, m_mode);
        }
        add(resource, bytes > 0 ? time_of(m_n * bytes, rate) : 0);
    }

    void add_pcie() {
        const step_traffic& t = m_result.traffic;
        if (m_rates.pcie_full_duplex) {
            add_bytes("pcie_to_device", t.pcie_to_device, m_rates.pcie_bytes_per_s,
                      "pcie_bytes_per_s");
            add_bytes("pcie_to_host", t.pcie_to_host, m_rates.pcie_bytes_per_s, "pcie_bytes_per_s");
        } else {
            add_bytes("pcie", t.pcie_to_device + t.pcie_to_host, m_rates.pcie_bytes_per_s,
                      "pcie_bytes_per_s");
        }
    }

    void add_channels() {
        require(m_rates.channels > 0, "channels", m_rates.channels, m_mode);
        add_bytes("channels", m_result.traffic.channel,
                  m_rates.channels * m_rates.channel_bytes_per_s, "channel_bytes_per_s");
    }

    void add_dram() {
        add_bytes("ssd_dram", m_result.traffic.ssd_dram, m_rates.ssd_dram_bytes_per_s,
                  "ssd_dram_bytes_per_s");
    }

    long double planes_total() const {
        require(m_rates.dies > 0, "dies", m_rates.dies, m_mode);
        require(m_rates.planes_per_die > 0, "planes_per_die", m_rates.planes_per_die, m_mode);
        return static_cast<long double>(m_rates.dies) * m_rates.planes_per_die;
    }

    void add_die_array() {
        const step_traffic& t = m_result.traffic;
        const long double work =
            t.pages_read * m_n * m_rates.t_read + t.pages_programmed * m_n * m_rates.t_prog;
        add("die_array", static_cast<time_ps>(std::ceil(work / planes_total())));
    }

    void add_die_compute(unsigned element_ops) {
        require(m_rates.pe_elements_per_s > 0, "pe_elements_per_s", m_rates.pe_elements_per_s,
                m_mode);
        add("die_compute", time_of(m_n * element_ops / planes_total(), m_rates.pe_elements_per_s));
    }

    void add_die_sequence(const step_workload& w) {
        require(m_rates.dies > 0, "dies", m_rates.dies, m_mode);
        time_ps super_page = w.optimstore_super_page_time;
        if (super_page == 0) {
            require(m_rates.pe_elements_per_s > 0, "pe_elements_per_s", m_rates.pe_elements_per_s,
                    m_mode);
            const odp_sequence seq =
                default_odp_sequence(w.traffic.optimizer, m_rates.isqrt_passes);
            const time_ps pass = time_of(m_rates.page_bytes / 4, m_rates.pe_elements_per_s);
            super_page = m_rates.t_read + seq.reg_copies * m_rates.t_reg_copy +
                         seq.pe_passes * pass + m_rates.t_prog;
        }
        const std::uint64_t per_page = m_rates.page_bytes / 4;
        const std::uint64_t super_pages = (m_result.parameters + per_page - 1) / per_page;
        const std::uint64_t busiest = (super_pages + m_rates.dies - 1) / m_rates.dies;
        add("die_sequence", busiest * (super_page + m_rates.t_read));
    }

    void add_rate(const char* resource, double rate, const char* field) {
        require(rate > 0, field, rate, m_mode);
        add(resource, time_of(m_n, rate));
    }

    step_bound finish() {
        for (const resource_time& r : m_result.resources) {
            if (m_result.bottleneck.empty() || r.time > m_result.bound) {
                m_result.bound = r.time;
                m_result.bottleneck = r.resource;
            }
        }
        return m_result;
    }

private:
    const system_rates& m_rates;
    const char* m_mode;
    long double m_n;
    step_bound m_result;
};

} // namespace

system_rates system_rates::from_flash(const flash_config& flash) {
    system_rates r;
    r.channels = flash.channels;
    r.channel_bytes_per_s = flash.transfer_rate;
    r.dies = flash.total_dies();
    r.planes_per_die = flash.planes_per_die;
    r.page_bytes = flash.page_bytes;
    r.t_read = flash.t_read;
    r.t_prog = flash.t_prog;
    r.t_reg_copy = flash.t_reg_copy;
    r.pe_elements_per_s = flash.transfer_rate / flash.pe_beats_per_element;
    r.isqrt_passes = flash.isqrt.passes();
    return r;
}

odp_sequence default_odp_sequence(optimizer_kind kind, unsigned isqrt_passes) {
    const auto with_isqrt = [isqrt_passes](odp_sequence s) {
        const unsigned extra = s.isqrt_commands * (std::max(isqrt_passes, 1u) - 1);
        s.pe_passes += extra;
        s.element_ops += extra;
        return s;
    };
    switch (kind) {
    case optimizer_kind::adam:
        return with_isqrt({4, 3, 5, 1});
    case optimizer_kind::momentum:
        return with_isqrt({2, 3, 2, 0});
    case optimizer_kind::adagrad:
        return with_isqrt({4, 4, 4, 1});
    }
    throw std::invalid_argument("optimizer_kind out of range");
}

nlohmann::json step_bound::to_json() const {
    nlohmann::json resources_json = nlohmann::json::object();
    for (const resource_time& r : resources) {
        resources_json[r.resource] = {{"ps", r.time},
                                      {"s", static_cast<double>(r.time) / ps_per_s}};
    }
    return nlohmann::json{{"mode", to_string(mode)},
                          {"parameters", parameters},
                          {"bound_ps", bound},
                          {"bound_s", static_cast<double>(bound) / ps_per_s},
                          {"bottleneck", bottleneck},
                          {"resources", resources_json},
                          {"traffic_per_parameter", traffic.to_json()}};
}

step_bound compute_step_bound(step_mode mode, const system_rates& rates,
                              const step_workload& workload) {
    bound_builder b(mode, rates, workload);
    switch (mode) {
    case step_mode::baseline:
        b.add_pcie();
        b.add_channels();
        b.add_die_array();
        b.add_dram();
        b.add_rate("host_cpu", rates.host_cpu_params_per_s, "host_cpu_params_per_s");
        break;
    case step_mode::cisp:
        b.add_pcie();
        b.add_channels();
        b.add_die_array();
        b.add_dram();
        b.add_rate("controller", rates.controller_params_per_s, "controller_params_per_s");
        break;
    case step_mode::deepstore:
        b.add_pcie();
        b.add_channels();
        b.add_die_array();
        b.add_die_compute(
            default_odp_sequence(workload.traffic.optimizer, rates.isqrt_passes).element_ops);
        b.add_dram();
        break;
    case step_mode::optimstore:
        b.add_pcie();
        b.add_channels();
        b.add_die_sequence(workload);
        b.add_dram();
        break;
    case step_mode::cpu:
        b.add_rate("host_cpu", rates.host_cpu_params_per_s, "host_cpu_params_per_s");
        break;
    }
    return b.finish();
}

} // namespace osvp
