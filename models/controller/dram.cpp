#include "controller/dram.h"

#include "common/sc_time_util.h"
#include "common/units.h"

namespace osvp {

dram::dram(const sc_core::sc_module_name& name, const controller_config& config)
    : sc_module(name), socket("socket"), m_config(config), m_memory(config.dram_bytes),
      m_transfer_time(config.dram_bandwidth()) {
    socket.register_b_transport(this, &dram::b_transport);
    socket.register_transport_dbg(this, &dram::transport_dbg);
}

bool dram::access(tlm::tlm_generic_payload& trans) {
    const std::uint64_t address = trans.get_address();
    const std::uint64_t length = trans.get_data_length();
    if (!m_memory.contains(address, length)) {
        return false;
    }
    if (trans.get_data_ptr() == nullptr) {
        return true;
    }
    if (trans.is_write()) {
        m_memory.write(address, trans.get_data_ptr(), length);
    } else {
        m_memory.read(address, trans.get_data_ptr(), length);
    }
    return true;
}

void dram::b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
    if (!access(trans)) {
        trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
        return;
    }
    const std::uint64_t length = trans.get_data_length();
    (trans.is_write() ? m_bytes_written : m_bytes_read) += length;
    const time_ps now = now_ps();
    const time_ps duration = m_transfer_time(length);
    const time_ps start = m_port.reserve(now, now + to_ps(delay) + m_config.dram_latency, duration);
    delay = to_sc(start + duration - now);
    trans.set_response_status(tlm::TLM_OK_RESPONSE);
}

unsigned dram::transport_dbg(tlm::tlm_generic_payload& trans) {
    return access(trans) ? trans.get_data_length() : 0;
}

nlohmann::json dram::stats() const {
    return {{"busy_ps", m_port.busy_total()},
            {"bytes_read", m_bytes_read},
            {"bytes_written", m_bytes_written}};
}

} // namespace osvp
