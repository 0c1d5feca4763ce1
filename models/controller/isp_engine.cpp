#include "controller/isp_engine.h"

#include "common/sc_time_util.h"
#include "flash/nand_die.h"

#include <cmath>
#include <cstring>

namespace osvp {

isp_engine::isp_engine(const sc_core::sc_module_name& name, const controller_config& controller,
                       const flash_config& flash)
    : sc_module(name), regs("regs"), to_memory("to_memory"), m_controller(controller),
      m_page(flash.page_bytes), m_planes(flash.planes_per_die), m_functional(flash.functional),
      m_kernel(odp_config_of(flash)),
      m_states(flash.functional ? std::size_t{flash.planes_per_die} * flash.page_bytes : 0),
      m_gradient(flash.functional ? flash.page_bytes : 0) {
    regs.register_b_transport(this, &isp_engine::b_transport);
    regs.register_transport_dbg(this, &isp_engine::transport_dbg);
    SC_THREAD(run);
}

time_ps isp_engine::compute_time() const {
    const double cycles = std::ceil(static_cast<double>(m_kernel.plan().element_passes) *
                                    m_controller.isp_cycles_per_element);
    return m_controller.cycles(static_cast<std::uint64_t>(cycles));
}

bool isp_engine::memory(tlm::tlm_command command, std::uint64_t address, std::uint8_t* data,
                        std::uint64_t length, sc_core::sc_time& delay) {
    m_trans.set_command(command);
    m_trans.set_address(address);
    m_trans.set_data_ptr(data);
    m_trans.set_data_length(static_cast<unsigned>(length));
    m_trans.set_streaming_width(static_cast<unsigned>(length));
    m_trans.set_byte_enable_ptr(nullptr);
    m_trans.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    to_memory->b_transport(m_trans, delay);
    return m_trans.is_response_ok();
}

void isp_engine::run() {
    while (true) {
        while (m_queue.empty()) {
            sc_core::wait(m_wake);
        }
        const queued q = m_queue.front();
        m_queue.pop_front();
        const time_ps now = to_ps(sc_core::sc_time_stamp());
        if (q.arrival > now) {
            sc_core::wait(to_sc(q.arrival - now));
        }
        const time_ps start = to_ps(sc_core::sc_time_stamp());
        if (!m_kernel.ready()) {
            complete(q.desc.tag, fw::fic::status::bad_descriptor);
            continue;
        }
        const std::uint64_t states_bytes = std::uint64_t{m_planes} * m_page;
        sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
        bool ok = memory(tlm::TLM_READ_COMMAND, q.desc.states_address,
                         m_functional ? m_states.data() : nullptr, states_bytes, delay);
        ok = ok && memory(tlm::TLM_READ_COMMAND, q.desc.gradient_address,
                          m_functional ? m_gradient.data() : nullptr, m_page, delay);
        sc_core::wait(delay);
        if (!ok) {
            complete(q.desc.tag, fw::fic::status::bad_descriptor);
            continue;
        }
        const hal::odp_status status = m_kernel.run(m_functional ? m_states.data() : nullptr,
                                                    m_functional ? m_gradient.data() : nullptr);
        m_element_passes += m_kernel.plan().element_passes;
        sc_core::wait(to_sc(compute_time()));
        delay = sc_core::SC_ZERO_TIME;
        ok = memory(tlm::TLM_WRITE_COMMAND, q.desc.states_address,
                    m_functional ? m_states.data() : nullptr, states_bytes, delay);
        sc_core::wait(delay);
        ++m_updates;
        m_busy += to_ps(sc_core::sc_time_stamp()) - start;
        complete(q.desc.tag, !ok                             ? fw::fic::status::bad_descriptor
                             : status == hal::odp_status::ok ? fw::fic::status::ok
                                                             : fw::fic::status::refused);
    }
}

void isp_engine::complete(std::uint32_t tag, fw::fic::status status) {
    m_failed += status == fw::fic::status::ok ? 0 : 1;
    m_done.push_back({tag, status, 1, 0});
    if (irq) {
        irq(true);
    }
}

void isp_engine::b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
    const std::uint64_t address = trans.get_address();
    const unsigned length = trans.get_data_length();
    unsigned char* data = trans.get_data_ptr();
    trans.set_response_status(tlm::TLM_OK_RESPONSE);
    if (trans.is_write() && address == fw::isp::reg_submit &&
        length == sizeof(fw::isp::descriptor)) {
        fw::isp::descriptor d;
        std::memcpy(&d, data, sizeof d);
        m_queue.push_back({d, to_ps(sc_core::sc_time_stamp() + delay)});
        m_wake.notify(sc_core::SC_ZERO_TIME);
    } else if (trans.is_write() && address == fw::isp::reg_template &&
               length == sizeof(hal::odp_template)) {
        hal::odp_template t;
        std::memcpy(&t, data, sizeof t);
        m_kernel.set_template(t);
    } else if (trans.is_write() && address == fw::isp::reg_constants &&
               length == sizeof(fw::fic::odp_constants)) {
        fw::fic::odp_constants c;
        std::memcpy(&c, data, sizeof c);
        m_kernel.set_constants(c);
    } else if (trans.is_read() && address == fw::isp::reg_completion &&
               length == sizeof(fw::fic::completion)) {
        fw::fic::completion c{0, fw::fic::status::ok, 0, 0};
        if (!m_done.empty()) {
            c = m_done.front();
            m_done.pop_front();
        }
        if (m_done.empty() && irq) {
            irq(false);
        }
        std::memcpy(data, &c, sizeof c);
    } else {
        trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    }
}

unsigned isp_engine::transport_dbg(tlm::tlm_generic_payload& trans) {
    if (!trans.is_read() || trans.get_data_length() != 4 ||
        trans.get_address() != fw::isp::reg_completion) {
        return 0;
    }
    const auto pending = static_cast<std::uint32_t>(m_done.size());
    std::memcpy(trans.get_data_ptr(), &pending, 4);
    return 4;
}

nlohmann::json isp_engine::stats() const {
    return {{"updates", m_updates},
            {"element_passes", m_element_passes},
            {"failed", m_failed},
            {"busy_ps", m_busy}};
}

} // namespace osvp
