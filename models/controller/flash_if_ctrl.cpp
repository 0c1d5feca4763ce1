#include "controller/flash_if_ctrl.h"

#include "common/sc_time_util.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <string>

namespace osvp {

fw::fic::status flash_if_ctrl::to_fic(flash_status status) {
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

flash_if_ctrl::flash_if_ctrl(const sc_core::sc_module_name& name, const flash_config& config)
    : sc_module(name), regs("regs"), to_channel("to_channel"), to_memory("to_memory"),
      m_config(config) {
    regs.register_b_transport(this, &flash_if_ctrl::b_transport);
    regs.register_transport_dbg(this, &flash_if_ctrl::transport_dbg);
    map_registers();
    for (unsigned die = 0; die < config.dies_per_channel(); ++die) {
        auto l = std::make_unique<lane>();
        l->die = die;
        if (config.functional) {
            l->buffer.resize(std::size_t{config.planes_per_die} * config.page_bytes);
        }
        l->flash_trans.set_extension(&l->command);
        m_lanes.push_back(std::move(l));
        sc_core::sc_spawn([this, die] { run_lane(die); }, sc_core::sc_gen_unique_name("lane"));
    }
    m_last_die = config.dies_per_channel() - 1;
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
    if (l.idle) {
        const time_ps now = now_ps();
        const time_ps at = std::max(arrival, now);
        l.wake.notify(to_sc(at - now));
        l.resume_at = l.waiting ? std::min(l.resume_at, at) : at;
        l.waiting = true;
    }
}

void flash_if_ctrl::wait_until(lane& l, time_ps t) {
    const time_ps now = now_ps();
    if (t > now) {
        l.resume_at = t;
        l.waiting = true;
        sc_core::wait(to_sc(t - now));
        l.waiting = false;
    }
}

unsigned flash_if_ctrl::turn(const lane& l) const {
    const auto n = static_cast<unsigned>(m_lanes.size());
    return (l.moves_data ? n : 0) + (l.die + n - m_last_die - 1) % n;
}

bool flash_if_ctrl::defers(const lane& l, time_ps now) const {
    const unsigned mine = turn(l);
    for (const auto& other : m_lanes) {
        if (other->waiting && other->resume_at == now && turn(*other) < mine) {
            return true;
        }
    }
    return false;
}

void flash_if_ctrl::take_turn(lane& l, bool moves_data) {
    const time_ps now = now_ps();
    l.moves_data = moves_data;
    while (defers(l, now)) {
        l.resume_at = now;
        l.waiting = true;
        sc_core::wait(sc_core::SC_ZERO_TIME);
        l.waiting = false;
    }
    l.moves_data = false;
}

void flash_if_ctrl::run_lane(unsigned die) {
    lane& l = *m_lanes[die];
    while (true) {
        while (l.queue.empty()) {
            l.idle = true;
            sc_core::wait(l.wake);
            l.idle = false;
            l.waiting = false;
        }
        const time_ps arrival = l.queue.front().arrival;
        wait_until(l, arrival);
        fw::fic::descriptor op = l.queue.front().desc;
        if (op.op == fw::fic::opcode::odp_update) {
            const std::shared_ptr<const odp_setup> setup = l.queue.front().setup;
            l.queue.pop_front();
            ++m_ops[static_cast<unsigned>(op.op)];
            execute_update(l, op, *setup);
            continue;
        }
        l.queue.pop_front();
        gather(l, op, l.tags, l.parts);
        ++m_ops[static_cast<unsigned>(op.op)];
        switch (op.op) {
        case fw::fic::opcode::read:
            execute_read(l, op);
            break;
        case fw::fic::opcode::program:
            execute_program(l, op, l.parts);
            break;
        case fw::fic::opcode::erase:
            execute_erase(l, op);
            break;
        case fw::fic::opcode::odp_update:
            break;
        }
    }
}

std::uint8_t* flash_if_ctrl::page_data(lane& l, std::size_t index) const {
    return m_config.functional ? l.buffer.data() + index * m_config.page_bytes : nullptr;
}

sc_core::sc_time flash_if_ctrl::flash(lane& l, flash_op op, unsigned die, unsigned plane_mask,
                                      const fw::fic::descriptor& at, std::uint8_t* data,
                                      unsigned length, sc_core::sc_time delay) {
    take_turn(l, length != 0);
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
    m_last_die = die;
    m_bus_free = std::max(m_bus_free, to_ps(kernel_time() + delay));
    if (!l.flash_trans.is_response_ok()) {
        l.command.result.status = flash_status::refused;
    }
    return delay;
}

sc_core::sc_time flash_if_ctrl::memory(lane& l, tlm::tlm_command command, std::uint64_t address,
                                       std::uint8_t* data, unsigned length,
                                       sc_core::sc_time delay) {
    take_turn(l, false);
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

void flash_if_ctrl::complete_at(time_ps at, std::uint32_t tag, fw::fic::status status) {
    m_future.push({at, m_sequence++, {tag, status, 1, 0}});
    const time_ps now = now_ps();
    m_due.notify(to_sc(m_future.top().at > now ? m_future.top().at - now : 0));
}

void flash_if_ctrl::deliver() {
    const time_ps now = now_ps();
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

void flash_if_ctrl::map_registers() {
    using descriptor = fw::fic::descriptor;
    m_regs.add_write<descriptor>(fw::fic::reg_submit,
                                 [this](const descriptor& d, const sc_core::sc_time& delay) {
                                     submit(d, to_ps(kernel_time() + delay));
                                 });
    m_regs.add_write<hal::odp_template>(
        fw::fic::reg_template,
        [this](const hal::odp_template& t, const sc_core::sc_time&) { install(t); });
    m_regs.add_write<fw::fic::odp_constants>(
        fw::fic::reg_constants,
        [this](const fw::fic::odp_constants& c, const sc_core::sc_time&) { install(c); });
    m_regs.add_read(
        fw::fic::reg_completion, [this] { return pop_completion(); },
        [this] { return m_done.empty() ? fw::fic::completion{} : m_done.front(); });
    const auto pending = [this] { return static_cast<std::uint32_t>(m_done.size()); };
    const auto queued = [this] { return static_cast<std::uint32_t>(m_queued); };
    m_regs.add_read(fw::fic::reg_pending, pending, pending);
    m_regs.add_read(fw::fic::reg_queued, queued, queued);
}

void flash_if_ctrl::b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
    m_regs.transport(trans, delay);
}

unsigned flash_if_ctrl::transport_dbg(tlm::tlm_generic_payload& trans) {
    return m_regs.debug(trans);
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

nlohmann::json flash_if_ctrl::stats() const {
    return {{"reads", m_ops[1]},
            {"programs", m_ops[2]},
            {"erases", m_ops[3]},
            {"odp_updates", m_ops[4]},
            {"constant_loads", m_lcrs},
            {"merged_planes", m_merged_planes},
            {"cache_reads", m_cache_reads},
            {"rejected", m_rejected}};
}

} // namespace osvp
