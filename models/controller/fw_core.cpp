#include "controller/fw_core.h"

#include "common/sc_time_util.h"
#include "common/units.h"

#include <sstream>
#include <stdexcept>

namespace osvp {

fw_core::fw_core(const sc_core::sc_module_name& name, unsigned id, const controller_config& config,
                 irq_controller& irqs, std::function<void(fw::hardware&)> entry,
                 fw::log_level max_level)
    : sc_module(name), bus("bus"), m_id(id), m_config(config), m_irqs(irqs),
      m_entry(std::move(entry)), m_max_level(max_level) {
    m_keeper.set_global_quantum(to_sc(config.quantum));
    m_keeper.reset();
    for (const auto severity : {sc_core::SC_INFO, sc_core::SC_WARNING, sc_core::SC_ERROR}) {
        sc_core::sc_report_handler::set_actions(log_type, severity, sc_core::SC_DISPLAY);
    }
    SC_THREAD(run);
}

void fw_core::run() {
    m_entry(*this);
}

void fw_core::access(tlm::tlm_command command, std::uint64_t address, void* data,
                     std::size_t length) {
    m_trans.set_command(command);
    m_trans.set_address(address);
    m_trans.set_data_ptr(static_cast<unsigned char*>(data));
    m_trans.set_data_length(static_cast<unsigned>(length));
    m_trans.set_streaming_width(static_cast<unsigned>(length));
    m_trans.set_byte_enable_ptr(nullptr);
    m_trans.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    sc_core::sc_time delay = m_keeper.get_local_time();
    bus->b_transport(m_trans, delay);
    m_keeper.set(delay);
    if (!m_trans.is_response_ok()) {
        std::ostringstream out;
        out << name() << ": firmware bus error (" << m_trans.get_response_string() << ") at 0x"
            << std::hex << address << " length " << std::dec << length;
        SC_REPORT_ERROR("osvp/fw_core", out.str().c_str());
    }
    if (m_keeper.need_sync()) {
        m_keeper.sync();
    }
}

std::uint32_t fw_core::read32(std::uint64_t address) {
    std::uint32_t value = 0;
    access(tlm::TLM_READ_COMMAND, address, &value, sizeof value);
    return value;
}

void fw_core::write32(std::uint64_t address, std::uint32_t value) {
    access(tlm::TLM_WRITE_COMMAND, address, &value, sizeof value);
}

void fw_core::read(std::uint64_t address, void* destination, std::size_t length) {
    access(tlm::TLM_READ_COMMAND, address, destination, length);
}

void fw_core::write(std::uint64_t address, const void* source, std::size_t length) {
    access(tlm::TLM_WRITE_COMMAND, address, const_cast<void*>(source), length);
}

std::uint64_t fw_core::wait_irq(std::uint64_t mask) {
    // The core resumes at its local time or when a line rises, whichever is later. Waiting for
    // the line before catching up with the local time costs one context switch instead of two
    // when no line is pending yet (the usual case for an idle core).
    const sc_core::sc_time resume = m_keeper.get_current_time();
    std::uint64_t pending = 0;
    while ((pending = m_irqs.pending() & mask) == 0 || kernel_time() < resume) {
        if (pending == 0) {
            m_irqs.wait_for(mask);
        } else {
            sc_core::wait(resume - kernel_time());
        }
    }
    m_keeper.reset();
    return pending;
}

void fw_core::charge(std::uint64_t cycles) {
    const time_ps t = m_config.cycles(cycles);
    m_busy += t;
    if (on_busy) {
        const time_ps begin = now_ps();
        on_busy(begin, begin + t);
    }
    m_keeper.inc(to_sc(t));
    if (m_keeper.need_sync()) {
        m_keeper.sync();
    }
}

std::uint64_t fw_core::now_ps() const {
    return to_ps(m_keeper.get_current_time());
}

const char* fw_core::level_name(fw::log_level level) {
    static const char* const names[] = {"error", "warning", "info", "debug"};
    return names[static_cast<unsigned>(level)];
}

void fw_core::log(fw::log_level level, const std::string& message) {
    if (level > m_max_level) {
        return;
    }
    const time_ps at = now_ps();
    if (on_log) {
        on_log(level, at, message);
    }
    std::ostringstream line;
    line << "[" << format_time(at) << "] core" << m_id << " " << level_name(level) << ": "
         << message;
    const auto severity = level == fw::log_level::error     ? sc_core::SC_ERROR
                          : level == fw::log_level::warning ? sc_core::SC_WARNING
                                                            : sc_core::SC_INFO;
    sc_core::sc_report_handler::report(severity, log_type, line.str().c_str(), __FILE__, __LINE__);
}

} // namespace osvp
