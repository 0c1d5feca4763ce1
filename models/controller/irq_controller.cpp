#include "controller/irq_controller.h"

#include "common/sc_time_util.h"
#include "hal/memory_map.h"

#include <algorithm>
#include <string>

namespace osvp {

irq_controller::irq_controller(const sc_core::sc_module_name& name)
    : sc_module(name), regs("regs") {
    regs.register_b_transport(this, &irq_controller::b_transport);
    regs.register_transport_dbg(this, &irq_controller::transport_dbg);
    map_registers();
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

void irq_controller::map_registers() {
    m_regs.add_write<std::uint32_t>(fw::irq::reg_raise,
                                    [this](std::uint32_t core, const sc_core::sc_time& delay) {
                                        if (known_core(core, "reg_raise")) {
                                            raise(fw::irq::ipi_first + core, delay);
                                        }
                                    });
    m_regs.add_write<std::uint32_t>(fw::irq::reg_ack,
                                    [this](std::uint32_t core, const sc_core::sc_time&) {
                                        if (known_core(core, "reg_ack")) {
                                            set_line(fw::irq::ipi_first + core, false);
                                        }
                                    });
    const auto pending = [this] { return m_pending; };
    m_regs.add_read(fw::irq::reg_pending, pending, pending);
}

bool irq_controller::known_core(std::uint32_t core, const char* reg) const {
    if (core < fw::irq::max_cores) {
        return true;
    }
    SC_REPORT_ERROR(name(), (std::string(reg) + " written with core " + std::to_string(core) +
                             "; allowed 0.." + std::to_string(fw::irq::max_cores - 1))
                                .c_str());
    return false;
}

void irq_controller::raise(unsigned line, const sc_core::sc_time& delay) {
    if (delay == sc_core::SC_ZERO_TIME) {
        set_line(line, true);
    } else {
        m_raises.push({kernel_time() + delay, m_raise_sequence++, line});
        m_raise_due.notify(delay);
    }
}

void irq_controller::b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
    m_regs.transport(trans, delay);
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
    return m_regs.debug(trans);
}

} // namespace osvp
