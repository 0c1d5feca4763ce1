#include "host/host_memory.h"

#include <cstring>
#include <string>

namespace osvp {

host_memory::host_memory(const sc_core::sc_module_name& name, const host_memory_config& config)
    : sc_core::sc_module(name), socket("socket"), m_config(config),
      m_latency(sc_core::sc_time::from_value(config.latency)), m_memory(config.size) {
    m_config.validate();
    socket.register_b_transport(this, &host_memory::b_transport);
    socket.register_transport_dbg(this, &host_memory::transport_dbg);
    socket.register_get_direct_mem_ptr(this, &host_memory::get_direct_mem_ptr);
}

bool host_memory::touches_msi_window(std::uint64_t address, std::uint64_t length) const {
    const std::uint64_t end = address + (length == 0 ? 1 : length);
    return address < m_config.msi_base + msi_window_bytes && end > m_config.msi_base;
}

bool host_memory::access(tlm::tlm_generic_payload& trans) {
    const std::uint64_t address = trans.get_address();
    const std::uint64_t length = trans.get_data_length();
    if (!m_memory.contains(address, length) || touches_msi_window(address, length)) {
        trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
        return false;
    }
    if (trans.get_byte_enable_ptr() != nullptr) {
        trans.set_response_status(tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE);
        return false;
    }
    if (trans.get_streaming_width() < length) {
        trans.set_response_status(tlm::TLM_BURST_ERROR_RESPONSE);
        return false;
    }
    if (trans.get_data_ptr() == nullptr) {
        trans.set_response_status(tlm::TLM_OK_RESPONSE);
        return true;
    }
    if (trans.is_read()) {
        m_memory.read(address, trans.get_data_ptr(), length);
    } else if (trans.is_write()) {
        m_memory.write(address, trans.get_data_ptr(), length);
    }
    trans.set_response_status(tlm::TLM_OK_RESPONSE);
    return true;
}

void host_memory::deliver_interrupt(tlm::tlm_generic_payload& trans,
                                    const sc_core::sc_time& delay) {
    const std::uint64_t offset = trans.get_address() - m_config.msi_base;
    if (!trans.is_write() || offset % msi_vector_stride != 0) {
        trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
        return;
    }
    if (trans.get_data_length() != 4 || trans.get_byte_enable_ptr() != nullptr) {
        trans.set_response_status(tlm::TLM_BURST_ERROR_RESPONSE);
        return;
    }
    std::uint32_t data = 0;
    std::memcpy(&data, trans.get_data_ptr(), sizeof data);
    const auto vector = static_cast<std::uint32_t>(offset / msi_vector_stride);
    ++m_interrupts[vector];
    trans.set_response_status(tlm::TLM_OK_RESPONSE);
    if (m_handler) {
        m_handler(vector, data, delay);
    } else {
        ++m_dropped_interrupts;
        SC_REPORT_WARNING(name(), ("MSI-X vector " + std::to_string(vector) +
                                   " raised but no interrupt handler is installed")
                                      .c_str());
    }
}

void host_memory::b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
    delay += m_latency;
    const std::uint64_t address = trans.get_address();
    const std::uint64_t window_end = m_config.msi_base + msi_window_bytes;
    if (address >= m_config.msi_base && address < window_end &&
        trans.get_data_length() <= window_end - address) {
        deliver_interrupt(trans, delay);
    } else if (access(trans)) {
        trans.set_dmi_allowed(true);
        if (trans.is_read()) {
            ++m_reads;
            m_read_bytes += trans.get_data_length();
        } else if (trans.is_write()) {
            ++m_writes;
            m_write_bytes += trans.get_data_length();
        }
    }
    if (trans.is_response_error()) {
        ++m_error_responses;
    }
}

unsigned host_memory::transport_dbg(tlm::tlm_generic_payload& trans) {
    return access(trans) ? trans.get_data_length() : 0;
}

bool host_memory::get_direct_mem_ptr(tlm::tlm_generic_payload& trans, tlm::tlm_dmi& dmi) {
    const std::uint64_t base =
        trans.get_address() / sparse_memory::page_bytes * sparse_memory::page_bytes;
    if (!m_memory.contains(base, sparse_memory::page_bytes) ||
        touches_msi_window(base, sparse_memory::page_bytes)) {
        dmi.allow_none();
        return false;
    }
    dmi.set_dmi_ptr(m_memory.page(base));
    dmi.set_start_address(base);
    dmi.set_end_address(base + sparse_memory::page_bytes - 1);
    dmi.allow_read_write();
    dmi.set_read_latency(m_latency);
    dmi.set_write_latency(m_latency);
    return true;
}

nlohmann::json host_memory::stats() const {
    nlohmann::json interrupts = nlohmann::json::object();
    for (const auto& [vector, count] : m_interrupts) {
        interrupts[std::to_string(vector)] = count;
    }
    return {{"reads", m_reads},
            {"writes", m_writes},
            {"read_bytes", m_read_bytes},
            {"write_bytes", m_write_bytes},
            {"interrupts", interrupts},
            {"dropped_interrupts", m_dropped_interrupts},
            {"error_responses", m_error_responses},
            {"allocated_pages", m_memory.allocated_pages()}};
}

} // namespace osvp
