#include "controller/isp_engine.h"

#include "common/sc_time_util.h"
#include "flash/nand_die.h"

#include <cmath>

namespace osvp {

isp_engine::isp_engine(const sc_core::sc_module_name& name, const controller_config& controller,
                       const flash_config& flash)
    : sc_module(name), regs("regs"), to_memory("to_memory"), m_controller(controller),
      m_page(flash.page_bytes), m_functional(flash.functional), m_kernel(odp_config_of(flash)),
      m_buffers(buffer_count) {
    for (unsigned i = 0; i < buffer_count; ++i) {
        m_buffers[i].states.resize(m_functional ? std::size_t{flash.planes_per_die} * m_page : 0);
        m_buffers[i].gradient.resize(m_functional ? m_page : 0);
        m_free.push_back(i);
    }
    regs.register_b_transport(this, &isp_engine::b_transport);
    regs.register_transport_dbg(this, &isp_engine::transport_dbg);
    map_registers();
    SC_THREAD(load_stage);
    SC_THREAD(compute_stage);
    SC_THREAD(store_stage);
}

time_ps isp_engine::compute_time() const {
    const double cycles = std::ceil(static_cast<double>(m_kernel.plan().element_passes) *
                                    m_controller.isp_cycles_per_element);
    return m_controller.cycles(static_cast<std::uint64_t>(cycles));
}

bool isp_engine::memory(tlm::tlm_command command, std::uint64_t address, std::uint8_t* data,
                        std::uint64_t length, sc_core::sc_time& delay) {
    tlm::tlm_generic_payload& trans = m_trans;
    trans.set_command(command);
    trans.set_address(address);
    trans.set_data_ptr(m_functional ? data : nullptr);
    trans.set_data_length(static_cast<unsigned>(length));
    trans.set_streaming_width(static_cast<unsigned>(length));
    trans.set_byte_enable_ptr(nullptr);
    trans.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    to_memory->b_transport(trans, delay);
    return trans.is_response_ok();
}

bool isp_engine::move_planes(tlm::tlm_command command, buffer& b, std::uint8_t mask,
                             sc_core::sc_time& delay) {
    bool ok = true;
    for (unsigned p = 0; mask >> p != 0; ++p) {
        if (mask >> p & 1u) {
            const std::uint64_t offset = std::uint64_t{p} * m_page;
            ok = memory(command, b.desc.states_address + offset, b.states.data() + offset, m_page,
                        delay) &&
                 ok;
        }
    }
    return ok;
}

void isp_engine::hand_over(std::deque<unsigned>& next, sc_core::sc_event& wake, unsigned index) {
    next.push_back(index);
    wake.notify(sc_core::SC_ZERO_TIME);
}

unsigned isp_engine::take_over(std::deque<unsigned>& from, sc_core::sc_event& filled) {
    while (from.empty()) {
        sc_core::wait(filled);
    }
    const unsigned index = from.front();
    from.pop_front();
    return index;
}

void isp_engine::load_stage() {
    while (true) {
        while (m_queue.empty() || m_free.empty()) {
            sc_core::wait(m_wake | m_freed);
        }
        const queued q = m_queue.front();
        m_queue.pop_front();
        const time_ps now = now_ps();
        if (q.arrival > now) {
            sc_core::wait(to_sc(q.arrival - now));
        }
        if (!m_kernel.ready()) {
            complete(q.desc.tag, fw::fic::status::bad_descriptor);
            continue;
        }
        const unsigned index = m_free.front();
        m_free.pop_front();
        buffer& b = m_buffers[index];
        b.desc = q.desc;
        const isp_work work = m_kernel.plan();
        const time_ps start = now_ps();
        sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
        bool ok = move_planes(tlm::TLM_READ_COMMAND, b, work.load_mask, delay);
        if (work.gradient) {
            ok = memory(tlm::TLM_READ_COMMAND, b.desc.gradient_address, b.gradient.data(), m_page,
                        delay) &&
                 ok;
        }
        sc_core::wait(delay);
        m_load_busy += now_ps() - start;
        if (ok) {
            hand_over(m_loaded, m_loaded_event, index);
        } else {
            complete(b.desc.tag, fw::fic::status::bad_descriptor);
            hand_over(m_free, m_freed, index);
        }
    }
}

void isp_engine::compute_stage() {
    while (true) {
        const unsigned index = take_over(m_loaded, m_loaded_event);
        buffer& b = m_buffers[index];
        b.status = m_kernel.run(m_functional ? b.states.data() : nullptr,
                                m_functional ? b.gradient.data() : nullptr);
        m_element_passes += m_kernel.plan().element_passes;
        const time_ps busy = compute_time();
        sc_core::wait(to_sc(busy));
        m_compute_busy += busy;
        hand_over(m_computed, m_computed_event, index);
    }
}

void isp_engine::store_stage() {
    while (true) {
        const unsigned index = take_over(m_computed, m_computed_event);
        buffer& b = m_buffers[index];
        const time_ps start = now_ps();
        sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
        const bool ok = move_planes(tlm::TLM_WRITE_COMMAND, b, m_kernel.plan().store_mask, delay);
        sc_core::wait(delay);
        m_store_busy += now_ps() - start;
        ++m_updates;
        complete(b.desc.tag, !ok                               ? fw::fic::status::bad_descriptor
                             : b.status == hal::odp_status::ok ? fw::fic::status::ok
                                                               : fw::fic::status::refused);
        hand_over(m_free, m_freed, index);
    }
}

void isp_engine::complete(std::uint32_t tag, fw::fic::status status) {
    m_failed += status == fw::fic::status::ok ? 0 : 1;
    m_done.push_back({tag, status, 1, 0});
    if (irq) {
        irq(true);
    }
}

void isp_engine::map_registers() {
    m_regs.add_write<fw::isp::descriptor>(
        fw::isp::reg_submit, [this](const fw::isp::descriptor& d, const sc_core::sc_time& delay) {
            m_queue.push_back({d, to_ps(kernel_time() + delay)});
            m_wake.notify(sc_core::SC_ZERO_TIME);
        });
    m_regs.add_write<hal::odp_template>(
        fw::isp::reg_template,
        [this](const hal::odp_template& t, const sc_core::sc_time&) { m_kernel.set_template(t); });
    m_regs.add_write<fw::fic::odp_constants>(
        fw::isp::reg_constants, [this](const fw::fic::odp_constants& c, const sc_core::sc_time&) {
            m_kernel.set_constants(c);
        });
    m_regs.add_read(
        fw::isp::reg_completion, [this] { return pop_completion(); },
        [this] { return m_done.empty() ? fw::fic::completion{} : m_done.front(); });
}

fw::fic::completion isp_engine::pop_completion() {
    fw::fic::completion c{};
    if (!m_done.empty()) {
        c = m_done.front();
        m_done.pop_front();
    }
    if (m_done.empty() && irq) {
        irq(false);
    }
    return c;
}

void isp_engine::b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
    m_regs.transport(trans, delay);
}

unsigned isp_engine::transport_dbg(tlm::tlm_generic_payload& trans) {
    return m_regs.debug(trans);
}

nlohmann::json isp_engine::stats() const {
    return {{"updates", m_updates},        {"element_passes", m_element_passes},
            {"failed", m_failed},          {"compute_busy_ps", m_compute_busy},
            {"load_busy_ps", m_load_busy}, {"store_busy_ps", m_store_busy}};
}

} // namespace osvp
