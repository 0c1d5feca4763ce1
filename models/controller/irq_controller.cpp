#include "controller/irq_controller.h"

#include "common/sc_time_util.h"
#include "hal/memory_map.h"

#include <algorithm>
#include <cstring>

namespace osvp {

irq_controller::irq_controller(const sc_core::sc_module_name& name)
    : sc_module(name), regs("regs") {
    regs.register_b_transport(this, &irq_controller::b_transport);
    regs.register_transport_dbg(this, &irq_controller::transport_dbg);
    SC_METHOD(raise_due);
    sensitive << m_raise_due;
    dont_initialize();
}

void irq_controller::set_line(unsigned line, bool level) {
    const std::uint64_t bit = fw::irq::bit(line);
    if (!level) {
        m_pending &= ~bit;
        return;
    }
    if ((m_pending & bit) != 0) {
        return;
    }
    m_pending |= bit;
    for (const auto& w : m_waiters) {
        if ((w->mask & bit) != 0) {
            w->rose.notify(sc_core::SC_ZERO_TIME);
        }
    }
}

std::uint64_t irq_controller::wait_for(std::uint64_t mask) {
    if ((m_pending & mask) != 0) {
        return m_pending & mask;
    }
    auto slot = std::find_if(m_waiters.begin(), m_waiters.end(),
                             [](const auto& w) { return w->mask == 0; });
    if (slot == m_waiters.end()) {
        slot = m_waiters.insert(slot, std::make_unique<waiter>());
    }
    waiter& w = **slot;
    w.mask = mask;
    while ((m_pending & mask) == 0) {
        sc_core::wait(w.rose);
    }
    w.mask = 0;
    return m_pending & mask;
}

void irq_controller::b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
    std::uint32_t core = 0;
    if (trans.get_command() != tlm::TLM_WRITE_COMMAND || trans.get_data_length() != 4) {
        trans.set_response_status(tlm::TLM_COMMAND_ERROR_RESPONSE);
        return;
    }
    std::memcpy(&core, trans.get_data_ptr(), 4);
    if (core >= fw::irq::max_cores ||
        (trans.get_address() != fw::irq::reg_raise && trans.get_address() != fw::irq::reg_ack)) {
        trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
        return;
    }
    const unsigned line = fw::irq::ipi_first + core;
    if (trans.get_address() == fw::irq::reg_ack) {
        set_line(line, false);
    } else if (delay == sc_core::SC_ZERO_TIME) {
        set_line(line, true);
    } else {
        m_raises.push({kernel_time() + delay, m_raise_sequence++, line});
        m_raise_due.notify(delay);
    }
    trans.set_response_status(tlm::TLM_OK_RESPONSE);
}

void irq_controller::raise_due() {
    const sc_core::sc_time now = kernel_time();
    while (!m_raises.empty() && m_raises.top().due <= now) {
        set_line(m_raises.top().line, true);
        m_raises.pop();
    }
    if (!m_raises.empty()) {
        m_raise_due.notify(m_raises.top().due - now);
    }
}

unsigned irq_controller::transport_dbg(tlm::tlm_generic_payload& trans) {
    if (trans.get_command() != tlm::TLM_READ_COMMAND) {
        return 0;
    }
    const unsigned length = std::min<unsigned>(trans.get_data_length(), sizeof m_pending);
    std::memcpy(trans.get_data_ptr(), &m_pending, length);
    return length;
}

} // namespace osvp
