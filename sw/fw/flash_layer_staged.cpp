// Super-page updates staged through SSD DRAM (flash_layer.h): the controller engine (C-ISP)
// reads W, M, V with one multi-plane read into a staging buffer, the ISP engine updates them with
// the gradient page held in DRAM, and one multi-plane program writes them to the destination
// super-page; the read-path engine (DeepStore) runs the read-path template in the die, which
// leaves the new states in the buffer, and programs them the same way. Buffers are the limit of
// super-pages in flight: with two per die, a die's next read overlaps the current compute.
#include "fw/flash_layer.h"

#include "hal/isp_if.h"

namespace osvp::fw {

bool flash_layer::dispatch_staged(hardware& h, const page_request& request) {
    if (m_free_staging.empty()) {
        return false;
    }
    const std::optional<update_route> route = route_update(h, request.page);
    if (!route) {
        return false;
    }
    const std::uint32_t index = m_free_staging.back();
    m_free_staging.pop_back();
    m_staged[index] = {request, route->to};
    const auto tag = static_cast<std::uint32_t>(
        (static_cast<std::uint32_t>(tag_kind::staged_read) << kind_shift) | index);
    const std::uint8_t mask = m_optimizer.program().layout.plane_mask;
    const std::uint64_t buffer = m_layout.staging(index);
    if (m_config.engine == update_engine::controller) {
        const super_page& source = route->source;
        const fic::descriptor d{fic::opcode::read,
                                static_cast<std::uint8_t>(source.die),
                                mask,
                                0,
                                source.block,
                                source.page,
                                tag,
                                buffer,
                                0};
        h.write(memory_map::fic(source.channel) + fic::reg_submit, &d, sizeof d);
    } else {
        submit_update(h, *route, mask, tag, buffer);
    }
    count_update(h);
    return true;
}

void flash_layer::start_step(hardware& h, const page_request& request) {
    m_step_command = request.command;
    m_step_remaining = m_optimizer.map().super_pages();
    m_step_ok = true;
    for (std::uint64_t p = 0; p < m_step_remaining; ++p) {
        m_step_pending.push_back(p);
    }
    pump_step(h);
}

void flash_layer::pump_step(hardware& h) {
    while (!m_step_pending.empty()) {
        const page_request update{page_request::kind::step, 0, m_step_command,
                                  m_step_pending.front(), 0};
        if (!dispatch_staged(h, update)) {
            return;
        }
        m_step_pending.pop_front();
    }
}

void flash_layer::staged_read_done(hardware& h, std::uint32_t index, bool ok) {
    if (!ok) {
        staged_done(h, index, false);
    } else if (m_config.engine == update_engine::controller) {
        const isp::descriptor d{m_layout.staging(index), m_staged[index].request.dram_address,
                                index, 0};
        h.write(memory_map::isp_base + isp::reg_submit, &d, sizeof d);
    } else {
        staged_program(h, index);
    }
}

void flash_layer::on_isp(hardware& h) {
    while (true) {
        fic::completion c{};
        h.read(memory_map::isp_base + isp::reg_completion, &c, sizeof c);
        if (c.valid == 0) {
            return;
        }
        h.charge(m_config.costs.flash_completion);
        if (c.result == fic::status::ok) {
            staged_program(h, c.tag);
        } else {
            h.log(log_level::error, "ISP engine update failed, status " +
                                        std::to_string(static_cast<unsigned>(c.result)));
            staged_done(h, c.tag, false);
        }
    }
}

void flash_layer::staged_program(hardware& h, std::uint32_t index) {
    const super_page& to = m_staged[index].to;
    const fic::descriptor d{
        fic::opcode::program,
        static_cast<std::uint8_t>(to.die),
        m_optimizer.program().layout.plane_mask,
        0,
        to.block,
        to.page,
        static_cast<std::uint32_t>(
            (static_cast<std::uint32_t>(tag_kind::staged_program) << kind_shift) | index),
        m_layout.staging(index),
        0};
    h.write(memory_map::fic(to.channel) + fic::reg_submit, &d, sizeof d);
}

void flash_layer::staged_done(hardware& h, std::uint32_t index, bool ok) {
    const page_request request = m_staged[index].request;
    m_free_staging.push_back(index);
    if (request.op == page_request::kind::update) {
        m_to_host.post(h, {request.command, ok});
    } else {
        m_step_ok = m_step_ok && ok;
        if (--m_step_remaining == 0) {
            m_to_host.post(h, {m_step_command, m_step_ok});
        }
    }
    retry_stalled(h);
}

} // namespace osvp::fw
