// The on-die-processing side of flash_if_ctrl: super-page updates expanded from the installed
// template (optimstore.md section 3, "One super-page update"), constant loads and the template
// and constants registers.
#include "controller/flash_if_ctrl.h"

#include "common/sc_time_util.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <string>

namespace osvp {

void flash_if_ctrl::execute_update(lane& l, const fw::fic::descriptor& op, const odp_setup& setup) {
    fw::fic::odp_update_descriptor u;
    std::memcpy(&u, &op, sizeof u);
    const time_ps start = now_ps();
    if (!setup.template_ok || !setup.constants_ok) {
        complete_at(now_ps(), u.tag, fw::fic::status::bad_descriptor);
        return;
    }
    const time_ps fetched =
        u.read_out_mask != 0
            ? now_ps()
            : now_ps() + to_ps(memory(l, tlm::TLM_READ_COMMAND, u.gradient_address, page_data(l, 0),
                                      m_config.page_bytes, sc_core::SC_ZERO_TIME));
    if (u.read_out_mask == 0 && !l.memory_trans.is_response_ok()) {
        complete_at(now_ps(), u.tag, fw::fic::status::bad_descriptor);
        return;
    }
    flash_status status = flash_status::ok;
    if (!l.constants_loaded || l.constants_generation != setup.constants.generation) {
        status = load_constants(l, u.die, setup.constants);
    }
    fw::fic::descriptor source = op;
    fw::fic::descriptor destination = op;
    destination.block = u.dst_block;
    destination.page = u.dst_page;
    const std::vector<die_step>& steps = setup.steps;
    for (std::size_t i = 0; i < steps.size() && status == flash_status::ok; ++i) {
        const bool hoist_read = steps[i].op == hal::odp_opcode::vpp && i + 1 < steps.size() &&
                                steps[i + 1].op == hal::odp_opcode::bpr &&
                                l.ready <= std::max(now_ps(), l.bus_done);
        if (hoist_read) {
            status = issue_step(l, steps[i + 1], source, fetched);
            if (status != flash_status::ok) {
                break;
            }
        }
        const bool programs = steps[i].op == hal::odp_opcode::bpp;
        status = issue_step(l, steps[i], programs ? destination : source, fetched);
        i += hoist_read ? 1 : 0;
    }
    wait_until(l, l.bus_done);
    fw::fic::status result = to_fic(status);
    time_ps end = std::max(now_ps(), l.ready);
    if (u.read_out_mask != 0 && status == flash_status::ok) {
        end = read_out(l, source, u.read_out_mask, u.gradient_address, result);
    }
    complete_at(end, u.tag, result);
    if (on_update && result == fw::fic::status::ok) {
        on_update(start, end);
    }
}

time_ps flash_if_ctrl::read_out(lane& l, const fw::fic::descriptor& at, std::uint8_t mask,
                                std::uint64_t dram_address, fw::fic::status& status) {
    const die_step copy{hal::odp_opcode::rcache, mask, {}, 0};
    const flash_status copied = issue_step(l, copy, at, 0);
    wait_until(l, std::max(l.ready, l.bus_done));
    if (copied != flash_status::ok) {
        status = to_fic(copied);
        return l.ready;
    }
    l.parts.clear();
    for (unsigned plane = 0; plane < m_config.planes_per_die; ++plane) {
        if ((mask >> plane & 1u) != 0) {
            l.parts.push_back({plane, dram_address + std::uint64_t{plane} * m_config.page_bytes});
        }
    }
    return pages_to_dram(l, at, l.parts, status);
}

flash_status flash_if_ctrl::load_constants(lane& l, unsigned die, const fw::fic::odp_constants& c) {
    l.constants_loaded = false;
    for (std::uint32_t i = 0; i < c.count; ++i) {
        auto bytes = hal::encode_lcr_data(c.entries[i].a, c.entries[i].b);
        l.command.const_reg = c.entries[i].reg;
        const sc_core::sc_time bus =
            flash(l, flash_op::lcr, die, 0, {}, bytes.data(), static_cast<unsigned>(bytes.size()),
                  sc_core::SC_ZERO_TIME);
        ++m_lcrs;
        wait_until(l, to_ps(kernel_time() + bus));
        if (l.command.result.status != flash_status::ok) {
            return l.command.result.status;
        }
    }
    l.constants_loaded = true;
    l.constants_generation = c.generation;
    return flash_status::ok;
}

flash_status flash_if_ctrl::issue_step(lane& l, const die_step& step, const fw::fic::descriptor& at,
                                       time_ps data_ready) {
    const flash_op op = to_flash_op(step.op);
    const bool vpp = op == flash_op::vpp;
    wait_until(l, std::max(l.bus_done, vpp ? std::max(l.cache_ready, data_ready) : l.ready));
    l.command.odcs = step.odcs;
    l.command.odc_count = step.odc_count;
    const sc_core::sc_time bus =
        flash(l, op, at.die, step.plane_mask, at, vpp ? page_data(l, 0) : nullptr,
              vpp ? m_config.page_bytes : 0, sc_core::SC_ZERO_TIME);
    const die_result result = l.command.result;
    if (result.status == flash_status::ok) {
        l.ready = std::max(l.ready, result.ready);
        l.cache_ready = result.cache_ready;
    }
    l.bus_done = to_ps(kernel_time() + bus);
    return result.status;
}

void flash_if_ctrl::install(const hal::odp_template& t) {
    auto setup = std::make_shared<odp_setup>(*m_setup);
    try {
        setup->steps = expand_template(t);
        setup->template_ok = true;
    } catch (const std::invalid_argument& e) {
        SC_REPORT_INFO(
            name(), (std::string("invalid ODP template, updates will fail: ") + e.what()).c_str());
        setup->steps.clear();
        setup->template_ok = false;
    }
    m_setup = std::move(setup);
}

void flash_if_ctrl::install(const fw::fic::odp_constants& c) {
    auto setup = std::make_shared<odp_setup>(*m_setup);
    setup->constants = c;
    setup->constants_ok = c.count <= hal::odp_const_reg_count;
    m_setup = std::move(setup);
}

} // namespace osvp
