#include "controller/flash_if_ctrl.h"

#include "common/sc_time_util.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <string>

namespace osvp {
namespace {

fw::fic::status to_fic(flash_status status) {
    switch (status) {
    case flash_status::ok:
        return fw::fic::status::ok;
    case flash_status::program_fail:
        return fw::fic::status::program_fail;
    case flash_status::refused:
        break;
    }
    return fw::fic::status::refused;
}

} // namespace

flash_if_ctrl::flash_if_ctrl(const sc_core::sc_module_name& name, const flash_config& config)
    : sc_module(name), regs("regs"), to_channel("to_channel"), to_memory("to_memory"),
      m_config(config) {
    regs.register_b_transport(this, &flash_if_ctrl::b_transport);
    regs.register_transport_dbg(this, &flash_if_ctrl::transport_dbg);
    for (unsigned die = 0; die < config.dies_per_channel(); ++die) {
        auto l = std::make_unique<lane>();
        l->buffer.resize(std::size_t{config.planes_per_die} * config.page_bytes);
        l->flash_trans.set_extension(&l->command);
        m_lanes.push_back(std::move(l));
        sc_core::sc_spawn([this, die] { run_lane(die); }, sc_core::sc_gen_unique_name("lane"));
    }
    SC_METHOD(deliver);
    sensitive << m_due;
    dont_initialize();
}

flash_if_ctrl::~flash_if_ctrl() {
    for (auto& l : m_lanes) {
        l->flash_trans.clear_extension(&l->command);
    }
}

bool flash_if_ctrl::valid(const fw::fic::descriptor& d) const {
    if (d.op == fw::fic::opcode::odp_update) {
        fw::fic::odp_update_descriptor u;
        std::memcpy(&u, &d, sizeof u);
        return u.die < m_lanes.size() && u.src_block < m_config.blocks_per_plane &&
               u.dst_block < m_config.blocks_per_plane && u.src_page < m_config.pages_per_block &&
               u.dst_page < m_config.pages_per_block;
    }
    const bool op_ok = d.op == fw::fic::opcode::read || d.op == fw::fic::opcode::program ||
                       d.op == fw::fic::opcode::erase;
    return op_ok && d.die < m_lanes.size() && d.plane_mask != 0 &&
           (d.plane_mask >> m_config.planes_per_die) == 0 && d.block < m_config.blocks_per_plane &&
           d.page < m_config.pages_per_block;
}

void flash_if_ctrl::submit(const fw::fic::descriptor& desc, time_ps arrival) {
    ++m_queued;
    if (on_queue_change) {
        on_queue_change(arrival, 1);
    }
    if (!valid(desc)) {
        ++m_rejected;
        complete_at(arrival, desc.tag, fw::fic::status::bad_descriptor);
        return;
    }
    lane& l = *m_lanes[desc.die];
    l.queue.push_back({desc, arrival, desc.op == fw::fic::opcode::odp_update ? m_setup : nullptr});
    l.wake.notify(sc_core::SC_ZERO_TIME);
}

void flash_if_ctrl::wait_until(time_ps t) {
    const time_ps now = to_ps(sc_core::sc_time_stamp());
    if (t > now) {
        sc_core::wait(to_sc(t - now));
    }
}

std::vector<flash_if_ctrl::part> flash_if_ctrl::gather(lane& l, fw::fic::descriptor& head,
                                                       std::vector<std::uint32_t>& tags) {
    std::vector<part> parts;
    tags.clear();
    const auto add = [&](const fw::fic::descriptor& d) {
        tags.push_back(d.tag);
        unsigned index = 0;
        for (unsigned plane = 0; plane < m_config.planes_per_die; ++plane) {
            if ((d.plane_mask >> plane) & 1u) {
                parts.push_back(
                    {plane, d.dram_address + std::uint64_t{index++} * m_config.page_bytes});
            }
        }
    };
    add(head);
    if (head.op == fw::fic::opcode::erase) {
        return parts;
    }
    const time_ps now = to_ps(sc_core::sc_time_stamp());
    for (auto it = l.queue.begin(); it != l.queue.end();) {
        const auto& d = it->desc;
        if (it->arrival <= now && d.op == head.op && d.block == head.block && d.page == head.page &&
            (d.plane_mask & head.plane_mask) == 0) {
            head.plane_mask |= d.plane_mask;
            add(d);
            m_merged_planes += static_cast<unsigned>(__builtin_popcount(d.plane_mask));
            it = l.queue.erase(it);
        } else {
            ++it;
        }
    }
    std::sort(parts.begin(), parts.end(),
              [](const part& a, const part& b) { return a.plane < b.plane; });
    return parts;
}

void flash_if_ctrl::run_lane(unsigned die) {
    lane& l = *m_lanes[die];
    while (true) {
        while (l.queue.empty()) {
            sc_core::wait(l.wake);
        }
        const time_ps arrival = l.queue.front().arrival;
        wait_until(arrival);
        fw::fic::descriptor op = l.queue.front().desc;
        if (op.op == fw::fic::opcode::odp_update) {
            const std::shared_ptr<const odp_setup> setup = l.queue.front().setup;
            l.queue.pop_front();
            ++m_ops[static_cast<unsigned>(op.op)];
            execute_update(l, op, *setup);
            continue;
        }
        l.queue.pop_front();
        const std::vector<part> parts = gather(l, op, l.tags);
        ++m_ops[static_cast<unsigned>(op.op)];
        switch (op.op) {
        case fw::fic::opcode::read:
            execute_read(l, op, parts);
            break;
        case fw::fic::opcode::program:
            execute_program(l, op, parts);
            break;
        case fw::fic::opcode::erase:
            execute_erase(l, op);
            break;
        case fw::fic::opcode::odp_update:
            break;
        }
    }
}

sc_core::sc_time flash_if_ctrl::flash(lane& l, flash_op op, unsigned die, unsigned plane_mask,
                                      const fw::fic::descriptor& at, std::uint8_t* data,
                                      unsigned length, sc_core::sc_time delay) {
    l.command.op = op;
    l.command.die = die;
    l.command.plane_mask = plane_mask;
    l.command.block = at.block;
    l.command.page = at.page;
    l.command.column = 0;
    l.flash_trans.set_command(op == flash_op::data_out ? tlm::TLM_READ_COMMAND
                                                       : tlm::TLM_WRITE_COMMAND);
    l.flash_trans.set_address(0);
    l.flash_trans.set_data_ptr(data);
    l.flash_trans.set_data_length(length);
    l.flash_trans.set_streaming_width(length);
    l.flash_trans.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    to_channel->b_transport(l.flash_trans, delay);
    if (!l.flash_trans.is_response_ok()) {
        l.command.result.status = flash_status::refused;
    }
    return delay;
}

sc_core::sc_time flash_if_ctrl::memory(lane& l, tlm::tlm_command command, std::uint64_t address,
                                       std::uint8_t* data, unsigned length,
                                       sc_core::sc_time delay) {
    l.memory_trans.set_command(command);
    l.memory_trans.set_address(address);
    l.memory_trans.set_data_ptr(data);
    l.memory_trans.set_data_length(length);
    l.memory_trans.set_streaming_width(length);
    l.memory_trans.set_byte_enable_ptr(nullptr);
    l.memory_trans.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    to_memory->b_transport(l.memory_trans, delay);
    return delay;
}

void flash_if_ctrl::execute_read(lane& l, const fw::fic::descriptor& op,
                                 const std::vector<part>& parts) {
    wait_until(l.ready);
    flash(l, flash_op::read, op.die, op.plane_mask, op, nullptr, 0, sc_core::SC_ZERO_TIME);
    const die_result result = l.command.result;
    wait_until(result.ready);
    fw::fic::status status = to_fic(result.status);
    sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
    sc_core::sc_time memory_done = sc_core::SC_ZERO_TIME;
    for (const part& p : parts) {
        std::uint8_t* data = l.buffer.data() + std::size_t{p.plane} * m_config.page_bytes;
        delay = flash(l, flash_op::data_out, op.die, 1u << p.plane, op, data, m_config.page_bytes,
                      delay);
        if (l.command.result.status != flash_status::ok) {
            status = to_fic(l.command.result.status);
        }
        memory_done =
            memory(l, tlm::TLM_WRITE_COMMAND, p.dram_address, data, m_config.page_bytes, delay);
        if (!l.memory_trans.is_response_ok()) {
            status = fw::fic::status::bad_descriptor;
        }
    }
    const time_ps end = to_ps(sc_core::sc_time_stamp() + std::max(delay, memory_done));
    l.ready = to_ps(sc_core::sc_time_stamp() + delay);
    for (const std::uint32_t tag : l.tags) {
        complete_at(end, tag, status);
    }
    wait_until(l.ready);
}

void flash_if_ctrl::execute_program(lane& l, const fw::fic::descriptor& op,
                                    const std::vector<part>& parts) {
    wait_until(std::max(l.cache_ready, to_ps(sc_core::sc_time_stamp())));
    fw::fic::status status = fw::fic::status::ok;
    sc_core::sc_time fetched = sc_core::SC_ZERO_TIME;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        std::uint8_t* data = l.buffer.data() + i * m_config.page_bytes;
        fetched = std::max(fetched, memory(l, tlm::TLM_READ_COMMAND, parts[i].dram_address, data,
                                           m_config.page_bytes, sc_core::SC_ZERO_TIME));
        if (!l.memory_trans.is_response_ok()) {
            status = fw::fic::status::bad_descriptor;
        }
    }
    const unsigned length = static_cast<unsigned>(parts.size()) * m_config.page_bytes;
    const time_ps bus_done =
        to_ps(sc_core::sc_time_stamp() + flash(l, flash_op::program, op.die, op.plane_mask, op,
                                               l.buffer.data(), length, fetched));
    const die_result result = l.command.result;
    if (status == fw::fic::status::ok) {
        status = to_fic(result.status);
    }
    l.ready = result.ready;
    l.cache_ready = std::max(result.cache_ready, bus_done);
    for (const std::uint32_t tag : l.tags) {
        complete_at(result.ready, tag, status);
    }
}

void flash_if_ctrl::execute_erase(lane& l, const fw::fic::descriptor& op) {
    wait_until(l.ready);
    flash(l, flash_op::erase, op.die, op.plane_mask, op, nullptr, 0, sc_core::SC_ZERO_TIME);
    const die_result result = l.command.result;
    l.ready = result.ready;
    complete_at(result.ready, op.tag, to_fic(result.status));
}

void flash_if_ctrl::execute_update(lane& l, const fw::fic::descriptor& op, const odp_setup& setup) {
    fw::fic::odp_update_descriptor u;
    std::memcpy(&u, &op, sizeof u);
    const auto now = [] { return to_ps(sc_core::sc_time_stamp()); };
    const time_ps start = now();
    if (!setup.template_ok || !setup.constants_ok) {
        complete_at(now(), u.tag, fw::fic::status::bad_descriptor);
        return;
    }
    const time_ps fetched =
        now() + to_ps(memory(l, tlm::TLM_READ_COMMAND, u.gradient_address, l.buffer.data(),
                             m_config.page_bytes, sc_core::SC_ZERO_TIME));
    if (!l.memory_trans.is_response_ok()) {
        complete_at(now(), u.tag, fw::fic::status::bad_descriptor);
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
                                steps[i + 1].op == hal::odp_opcode::bpr && l.ready <= now();
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
    complete_at(std::max(now(), l.ready), u.tag, to_fic(status));
    if (on_update && status == flash_status::ok) {
        on_update(start, std::max(now(), l.ready));
    }
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
        wait(bus);
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
    wait_until(vpp ? std::max({to_ps(sc_core::sc_time_stamp()), l.cache_ready, data_ready})
                   : l.ready);
    l.command.odcs = step.odcs;
    l.command.odc_count = step.odc_count;
    const sc_core::sc_time bus =
        flash(l, op, at.die, step.plane_mask, at, vpp ? l.buffer.data() : nullptr,
              vpp ? m_config.page_bytes : 0, sc_core::SC_ZERO_TIME);
    const die_result result = l.command.result;
    if (result.status == flash_status::ok) {
        l.ready = std::max(l.ready, result.ready);
        l.cache_ready = result.cache_ready;
    }
    wait(bus);
    return result.status;
}

void flash_if_ctrl::install(std::uint64_t address, const unsigned char* data) {
    auto setup = std::make_shared<odp_setup>(*m_setup);
    if (address == fw::fic::reg_template) {
        hal::odp_template t;
        std::memcpy(&t, data, sizeof t);
        try {
            setup->steps = expand_template(t);
            setup->template_ok = true;
        } catch (const std::invalid_argument& e) {
            SC_REPORT_INFO(
                name(),
                (std::string("invalid ODP template, updates will fail: ") + e.what()).c_str());
            setup->steps.clear();
            setup->template_ok = false;
        }
    } else {
        std::memcpy(&setup->constants, data, sizeof setup->constants);
        setup->constants_ok = setup->constants.count <= hal::odp_const_reg_count;
    }
    m_setup = std::move(setup);
}

void flash_if_ctrl::complete_at(time_ps at, std::uint32_t tag, fw::fic::status status) {
    m_future.push({at, m_sequence++, {tag, status, 1, 0}});
    const time_ps now = to_ps(sc_core::sc_time_stamp());
    m_due.notify(to_sc(m_future.top().at > now ? m_future.top().at - now : 0));
}

void flash_if_ctrl::deliver() {
    const time_ps now = to_ps(sc_core::sc_time_stamp());
    int delivered = 0;
    while (!m_future.empty() && m_future.top().at <= now) {
        m_done.push_back(m_future.top().entry);
        m_future.pop();
        --m_queued;
        ++delivered;
    }
    if (on_queue_change && delivered != 0) {
        on_queue_change(now, -delivered);
    }
    if (!m_future.empty()) {
        m_due.notify(to_sc(m_future.top().at - now));
    }
    if (!m_done.empty() && irq) {
        irq(true);
    }
}

fw::fic::completion flash_if_ctrl::pop_completion() {
    if (m_done.empty()) {
        return {0, fw::fic::status::ok, 0, 0};
    }
    const fw::fic::completion c = m_done.front();
    m_done.pop_front();
    if (m_done.empty() && irq) {
        irq(false);
    }
    return c;
}

void flash_if_ctrl::b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
    const std::uint64_t address = trans.get_address();
    const unsigned length = trans.get_data_length();
    unsigned char* data = trans.get_data_ptr();
    trans.set_response_status(tlm::TLM_OK_RESPONSE);
    if (trans.is_write() && address == fw::fic::reg_submit &&
        length == sizeof(fw::fic::descriptor)) {
        fw::fic::descriptor desc;
        std::memcpy(&desc, data, sizeof desc);
        submit(desc, to_ps(sc_core::sc_time_stamp() + delay));
    } else if (trans.is_write() &&
               ((address == fw::fic::reg_template && length == sizeof(hal::odp_template)) ||
                (address == fw::fic::reg_constants && length == sizeof(fw::fic::odp_constants)))) {
        install(address, data);
    } else if (trans.is_read() && address == fw::fic::reg_completion &&
               length == sizeof(fw::fic::completion)) {
        const fw::fic::completion c = pop_completion();
        std::memcpy(data, &c, sizeof c);
    } else if (trans.is_read() && length == 4 &&
               (address == fw::fic::reg_pending || address == fw::fic::reg_queued)) {
        const auto value =
            static_cast<std::uint32_t>(address == fw::fic::reg_pending ? m_done.size() : m_queued);
        std::memcpy(data, &value, 4);
    } else {
        trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    }
}

unsigned flash_if_ctrl::transport_dbg(tlm::tlm_generic_payload& trans) {
    if (!trans.is_read() || trans.get_data_length() != 4) {
        return 0;
    }
    const std::uint64_t address = trans.get_address();
    if (address != fw::fic::reg_pending && address != fw::fic::reg_queued) {
        return 0;
    }
    const auto value =
        static_cast<std::uint32_t>(address == fw::fic::reg_pending ? m_done.size() : m_queued);
    std::memcpy(trans.get_data_ptr(), &value, 4);
    return 4;
}

nlohmann::json flash_if_ctrl::stats() const {
    return {{"reads", m_ops[1]},        {"programs", m_ops[2]},
            {"erases", m_ops[3]},       {"odp_updates", m_ops[4]},
            {"constant_loads", m_lcrs}, {"merged_planes", m_merged_planes},
            {"rejected", m_rejected}};
}

} // namespace osvp
