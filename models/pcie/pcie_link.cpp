#include "pcie/pcie_link.h"

#include "common/sc_time_util.h"

#include <stdexcept>

namespace osvp {
namespace {

std::size_t index(pcie_direction d) {
    return d == pcie_direction::downstream ? 0 : 1;
}

pcie_direction opposite(pcie_direction d) {
    return d == pcie_direction::downstream ? pcie_direction::upstream : pcie_direction::downstream;
}

} // namespace

const char* to_string(pcie_direction d) {
    return d == pcie_direction::downstream ? "downstream" : "upstream";
}

pcie_link::pcie_link(const sc_core::sc_module_name& name, const pcie_config& config)
    : sc_core::sc_module(name), host_side("host_side"), to_device("to_device"),
      device_side("device_side"), to_host("to_host"), m_math(config) {
    if (sc_core::sc_get_time_resolution() != sc_core::sc_time(1, sc_core::SC_PS)) {
        throw std::runtime_error(std::string(this->name()) +
                                 ": the SystemC time resolution must be 1 ps, got " +
                                 sc_core::sc_get_time_resolution().to_string());
    }
    host_side.register_b_transport(this, &pcie_link::host_transport);
    host_side.register_transport_dbg(this, &pcie_link::host_debug);
    host_side.register_get_direct_mem_ptr(this, &pcie_link::deny_dmi);
    device_side.register_b_transport(this, &pcie_link::device_transport);
    device_side.register_transport_dbg(this, &pcie_link::device_debug);
    device_side.register_get_direct_mem_ptr(this, &pcie_link::deny_dmi);
}

void pcie_link::host_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
    transfer(trans, delay, pcie_direction::downstream, to_device);
}

void pcie_link::device_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
    transfer(trans, delay, pcie_direction::upstream, to_host);
}

unsigned pcie_link::host_debug(tlm::tlm_generic_payload& trans) {
    return to_device->transport_dbg(trans);
}

unsigned pcie_link::device_debug(tlm::tlm_generic_payload& trans) {
    return to_host->transport_dbg(trans);
}

bool pcie_link::deny_dmi(tlm::tlm_generic_payload& trans, tlm::tlm_dmi& dmi) {
    dmi.allow_none();
    return false;
}

time_ps pcie_link::occupy(pcie_direction d, time_ps earliest, std::uint64_t wire_bytes,
                          std::uint64_t payload_bytes) {
    const time_ps duration = m_math.wire_time(wire_bytes);
    const time_ps start = m_timeline[index(d)].reserve(earliest, duration);
    direction_stats& s = m_stats[index(d)];
    ++s.transactions;
    s.payload_bytes += payload_bytes;
    s.wire_bytes += wire_bytes;
    if (m_observer) {
        m_observer(d, start, start + duration);
    }
    return start;
}

void pcie_link::transfer(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay,
                         pcie_direction forward,
                         tlm_utils::simple_initiator_socket<pcie_link>& target) {
    const time_ps now = now_ps();
    const time_ps issued = now + delay.value();
    const std::uint64_t bytes = trans.get_data_length();
    const time_ps latency = m_math.config().latency;
    time_ps end = 0;
    if (trans.is_read()) {
        const time_ps requests_start =
            occupy(forward, issued, m_math.read_request_wire_bytes(bytes), 0);
        const time_ps arrival =
            requests_start + m_math.wire_time(m_math.config().tlp_overhead) + latency;
        sc_core::sc_time target_delay = sc_core::sc_time::from_value(arrival - now);
        target->b_transport(trans, target_delay);
        const std::uint64_t completion = m_math.completion_wire_bytes(bytes);
        end = occupy(opposite(forward), now + target_delay.value(), completion, bytes) +
              m_math.wire_time(completion) + latency;
    } else {
        const std::uint64_t wire = m_math.write_wire_bytes(bytes);
        const time_ps arrival =
            occupy(forward, issued, wire, bytes) + m_math.wire_time(wire) + latency;
        sc_core::sc_time target_delay = sc_core::sc_time::from_value(arrival - now);
        target->b_transport(trans, target_delay);
        end = now + target_delay.value();
    }
    if (trans.is_response_error()) {
        ++m_error_responses;
    }
    delay = sc_core::sc_time::from_value(end - now);
}

nlohmann::json pcie_link::stats() const {
    const time_ps elapsed = now_ps();
    nlohmann::json out;
    for (pcie_direction d : {pcie_direction::downstream, pcie_direction::upstream}) {
        const direction_stats& s = m_stats[index(d)];
        const time_ps busy = m_timeline[index(d)].busy_total();
        out[to_string(d)] = {
            {"transactions", s.transactions},
            {"payload_bytes", s.payload_bytes},
            {"wire_bytes", s.wire_bytes},
            {"busy_ps", busy},
            {"utilisation", elapsed == 0 ? 0.0 : static_cast<double>(busy) / elapsed}};
    }
    out["error_responses"] = m_error_responses;
    return out;
}

} // namespace osvp
