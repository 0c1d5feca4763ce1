#include "fw/flash_layer.h"

#include "ftl/ftl_errors.h"

#include <sstream>

namespace osvp::fw {
namespace {

constexpr unsigned kind_shift = 30;
constexpr std::uint32_t index_mask = (1u << kind_shift) - 1;

} // namespace

flash_layer::flash_layer(const firmware_config& config, mailbox<page_request>& inbox,
                         mailbox<page_done>& to_host)
    : m_config(config), m_layout(config), m_ftl(config.geometry, config.split, config.ftl),
      m_inbox(inbox), m_to_host(to_host), m_gc(config.geometry.dies()),
      m_zero_page(config.geometry.page_bytes, 0) {}

void flash_layer::on_requests(hal& h) {
    while (!m_inbox.empty()) {
        const page_request request = m_inbox.take();
        if (!m_stalled.empty() || !dispatch(h, request)) {
            m_stalled.push_back(request);
        }
    }
}

void flash_layer::submit(hal& h, fic::opcode op, const phys_page& where, std::uint32_t tag,
                         std::uint64_t dram_address) {
    const auto mask = op == fic::opcode::erase
                          ? static_cast<std::uint8_t>((1u << m_config.geometry.planes_per_die) - 1)
                          : static_cast<std::uint8_t>(1u << where.plane);
    const fic::descriptor d{op,         static_cast<std::uint8_t>(where.die),
                            mask,       0,
                            where.block, where.page,
                            tag,        dram_address,
                            0};
    h.write(memory_map::fic(where.channel) + fic::reg_submit, &d, sizeof d);
}

bool flash_layer::dispatch(hal& h, const page_request& request) {
    h.charge(m_config.costs.page_map);
    std::optional<phys_page> where;
    if (request.op == page_request::kind::read) {
        where = m_ftl.lookup(request.lpn);
        if (!where) {
            h.write(request.dram_address, m_zero_page.data(), m_zero_page.size());
            m_to_host.post(h, {request.command, true});
            return true;
        }
    } else {
        const die_ref target = m_ftl.next_host_die();
        try {
            where = m_ftl.write(request.lpn);
        } catch (const ftl_out_of_space&) {
            start_gc(h, target.channel, target.die);
            return false;
        }
        if (m_ftl.needs_gc(where->channel, where->die)) {
            start_gc(h, where->channel, where->die);
        }
    }
    std::uint32_t index;
    if (m_free_ops.empty()) {
        index = static_cast<std::uint32_t>(m_ops.size());
        m_ops.push_back({request.command, true});
    } else {
        index = m_free_ops.back();
        m_free_ops.pop_back();
        m_ops[index] = {request.command, true};
    }
    const auto op =
        request.op == page_request::kind::read ? fic::opcode::read : fic::opcode::program;
    submit(h, op, *where, index, request.dram_address);
    return true;
}

void flash_layer::retry_stalled(hal& h) {
    while (!m_stalled.empty() && dispatch(h, m_stalled.front())) {
        m_stalled.pop_front();
    }
}

void flash_layer::on_flash(hal& h, unsigned channel) {
    while (true) {
        fic::completion c{};
        h.read(memory_map::fic(channel) + fic::reg_completion, &c, sizeof c);
        if (c.valid == 0) {
            return;
        }
        h.charge(m_config.costs.flash_completion);
        const bool ok = c.result == fic::status::ok;
        const std::uint32_t index = c.tag & index_mask;
        switch (static_cast<tag_kind>(c.tag >> kind_shift)) {
        case tag_kind::host:
            finish_host(h, index, ok);
            break;
        case tag_kind::gc_read:
            gc_read_done(h, index / m_config.gc_batch, index % m_config.gc_batch);
            break;
        case tag_kind::gc_program:
            gc_program_done(h, index / m_config.gc_batch, index % m_config.gc_batch);
            break;
        case tag_kind::erase:
            erase_done(h, index);
            break;
        }
        if (!ok) {
            h.log(log_level::error, "flash operation failed on channel " +
                                        std::to_string(channel) + ", tag " +
                                        std::to_string(c.tag) + ", status " +
                                        std::to_string(static_cast<unsigned>(c.result)));
        }
    }
}

void flash_layer::finish_host(hal& h, std::uint32_t index, bool ok) {
    m_ops[index].in_use = false;
    m_free_ops.push_back(index);
    m_to_host.post(h, {m_ops[index].command, ok});
}

void flash_layer::start_gc(hal& h, std::uint32_t channel, std::uint32_t die) {
    gc_state& gc = m_gc[die_index(channel, die)];
    if (gc.active) {
        return;
    }
    std::optional<gc_victim> victim = m_ftl.pick_victim(channel, die);
    if (!victim) {
        return;
    }
    ++m_gc_runs;
    gc.active = true;
    gc.victim = std::move(*victim);
    gc.next = 0;
    gc.in_flight = 0;
    gc.slot_page.assign(m_config.gc_batch, 0);
    gc.free_slots.clear();
    for (std::uint32_t s = m_config.gc_batch; s-- > 0;) {
        gc.free_slots.push_back(s);
    }
    h.log(log_level::debug, "gc: channel " + std::to_string(channel) + " die " +
                                std::to_string(die) + " victim block " +
                                std::to_string(gc.victim.block) + " with " +
                                std::to_string(gc.victim.pages.size()) + " valid pages");
    gc_advance(h, die_index(channel, die));
}

void flash_layer::gc_advance(hal& h, std::uint64_t die) {
    gc_state& gc = m_gc[die];
    while (!gc.free_slots.empty() && gc.next < gc.victim.pages.size()) {
        const std::uint32_t slot = gc.free_slots.back();
        gc.free_slots.pop_back();
        gc.slot_page[slot] = gc.next;
        ++gc.in_flight;
        h.charge(m_config.costs.gc_page);
        const auto tag = static_cast<std::uint32_t>(
            (static_cast<std::uint32_t>(tag_kind::gc_read) << kind_shift) |
            (die * m_config.gc_batch + slot));
        submit(h, fic::opcode::read, gc.victim.pages[gc.next].from, tag,
               m_layout.gc_page(die, slot));
        ++gc.next;
    }
    if (gc.in_flight == 0 && gc.next == gc.victim.pages.size()) {
        const phys_page block{gc.victim.channel, gc.victim.die, 0, gc.victim.block, 0};
        const auto tag = static_cast<std::uint32_t>(
            (static_cast<std::uint32_t>(tag_kind::erase) << kind_shift) | die);
        submit(h, fic::opcode::erase, block, tag, 0);
    }
}

void flash_layer::gc_read_done(hal& h, std::uint64_t die, std::uint32_t slot) {
    gc_state& gc = m_gc[die];
    const auto& page = gc.victim.pages[gc.slot_page[slot]];
    const std::optional<phys_page> to = m_ftl.relocate(page.lpn, page.from);
    if (!to) {
        gc_program_done(h, die, slot);
        return;
    }
    const auto tag = static_cast<std::uint32_t>(
        (static_cast<std::uint32_t>(tag_kind::gc_program) << kind_shift) |
        (die * m_config.gc_batch + slot));
    submit(h, fic::opcode::program, *to, tag, m_layout.gc_page(die, slot));
}

void flash_layer::gc_program_done(hal& h, std::uint64_t die, std::uint32_t slot) {
    gc_state& gc = m_gc[die];
    gc.free_slots.push_back(slot);
    --gc.in_flight;
    gc_advance(h, die);
}

void flash_layer::erase_done(hal& h, std::uint64_t die) {
    gc_state& gc = m_gc[die];
    m_ftl.erase_done(gc.victim.channel, gc.victim.die, gc.victim.block);
    gc.active = false;
    const std::uint32_t channel = gc.victim.channel;
    const std::uint32_t die_on_channel = gc.victim.die;
    retry_stalled(h);
    if (m_ftl.needs_gc(channel, die_on_channel)) {
        start_gc(h, channel, die_on_channel);
    }
}

std::string flash_layer::describe() const {
    std::ostringstream out;
    out << "ftl: host pages " << m_ftl.stats().host_pages_written << ", gc moves "
        << m_ftl.stats().gc_pages_moved << ", erases " << m_ftl.stats().erases << ", stalled host pages "
        << m_stalled.size() << "\n";
    for (std::size_t d = 0; d < m_gc.size(); ++d) {
        if (m_gc[d].active) {
            out << "  gc die " << d << ": block " << m_gc[d].victim.block << ", moved "
                << m_gc[d].next << "/" << m_gc[d].victim.pages.size() << ", in flight "
                << m_gc[d].in_flight << "\n";
        }
    }
    return out.str();
}

} // namespace osvp::fw
