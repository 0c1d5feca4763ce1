#include "fw/flash_layer.h"

#include "ftl/ftl_errors.h"

#include <algorithm>
#include <sstream>

namespace osvp::fw {
namespace {} // namespace

flash_layer::flash_layer(const firmware_config& config, optimizer_state& optimizer,
                         mailbox<page_request>& inbox, mailbox<page_done>& to_host)
    : m_config(config), m_optimizer(optimizer), m_layout(config),
      m_ftl(config.geometry, config.split, config.ftl), m_inbox(inbox), m_to_host(to_host),
      m_gc(config.geometry.dies()), m_zero_page(config.geometry.page_bytes, 0),
      m_staged(config.staging_buffers) {
    for (std::uint32_t b = config.staging_buffers; b-- > 0;) {
        m_free_staging.push_back(b);
    }
}

void flash_layer::on_requests(hardware& h) {
    while (!m_inbox.empty()) {
        const page_request request = m_inbox.take();
        if (!m_stalled.empty() || !dispatch(h, request)) {
            m_stalled.push_back(request);
        }
    }
}

void flash_layer::submit(hardware& h, fic::opcode op, const phys_page& where, std::uint32_t tag,
                         std::uint64_t dram_address) {
    const auto mask = op == fic::opcode::erase
                          ? static_cast<std::uint8_t>((1u << m_config.geometry.planes_per_die) - 1)
                          : static_cast<std::uint8_t>(1u << where.plane);
    const fic::descriptor d{op,
                            static_cast<std::uint8_t>(where.die),
                            mask,
                            0,
                            where.block,
                            where.page,
                            tag,
                            dram_address,
                            0};
    h.write(memory_map::fic(where.channel) + fic::reg_submit, &d, sizeof d);
}

std::uint32_t flash_layer::host_tag(std::uint32_t command) {
    std::uint32_t index;
    if (m_free_ops.empty()) {
        index = static_cast<std::uint32_t>(m_ops.size());
        m_ops.push_back({command, true});
    } else {
        index = m_free_ops.back();
        m_free_ops.pop_back();
        m_ops[index] = {command, true};
    }
    return index;
}

std::optional<phys_page> flash_layer::place(hardware& h, const page_request& request) {
    using kind = page_request::kind;
    switch (request.op) {
    case kind::read:
        return m_ftl.lookup(request.page);
    case kind::program: {
        // Foreground GC: host pages wait while the die they would go to is collecting, so that
        // the host does not fill the open super-block the relocations need.
        const die_ref target = m_ftl.next_host_die();
        if (m_gc[die_index(target.channel, target.die)].active) {
            throw ftl_out_of_space("die is collecting garbage");
        }
        try {
            const phys_page where = m_ftl.write(request.page);
            if (m_ftl.needs_gc(where.channel, where.die)) {
                start_gc(h, where.channel, where.die);
            }
            return where;
        } catch (const ftl_out_of_space&) {
            start_gc(h, target.channel, target.die);
            throw;
        }
    }
    case kind::state_read: {
        const auto at = m_optimizer.map().location(request.page);
        return at ? std::optional<phys_page>(m_optimizer.map().state_page(*at, request.plane))
                  : std::nullopt;
    }
    case kind::state_program: {
        auto at = m_optimizer.map().location(request.page);
        if (!at) {
            at = m_optimizer.map().relocate(request.page);
        }
        return m_optimizer.map().state_page(*at, request.plane);
    }
    case kind::update:
    case kind::step:
        break;
    }
    return std::nullopt;
}

std::optional<flash_layer::update_route> flash_layer::route_update(hardware& h, std::uint64_t sp) {
    reservoir_map& map = m_optimizer.map();
    const std::optional<super_page> from = map.location(sp);
    try {
        const super_page to = map.relocate(sp);
        return update_route{from ? *from : to, to};
    } catch (const ftl_out_of_space&) {
        erase_reservoir(h);
        return std::nullopt;
    }
}

void flash_layer::submit_update(hardware& h, const update_route& route, std::uint8_t read_out_mask,
                                std::uint32_t tag, std::uint64_t dram_address) {
    const fic::odp_update_descriptor d{fic::opcode::odp_update,
                                       static_cast<std::uint8_t>(route.to.die),
                                       read_out_mask,
                                       0,
                                       route.source.block,
                                       route.source.page,
                                       tag,
                                       dram_address,
                                       route.to.block,
                                       route.to.page};
    h.write(memory_map::fic(route.to.channel) + fic::reg_submit, &d, sizeof d);
}

void flash_layer::count_update(hardware& h) {
    if (++m_updates % m_optimizer.map().super_pages() == 0) {
        erase_reservoir(h);
    }
}

bool flash_layer::dispatch_update(hardware& h, const page_request& request) {
    const std::optional<update_route> route = route_update(h, request.page);
    if (!route) {
        return false;
    }
    submit_update(h, *route, 0, host_tag(request.command), request.dram_address);
    count_update(h);
    return true;
}

bool flash_layer::dispatch(hardware& h, const page_request& request) {
    h.charge(m_config.costs.page_map);
    if (request.op == page_request::kind::update) {
        return m_config.engine == update_engine::die ? dispatch_update(h, request)
                                                     : dispatch_staged(h, request);
    }
    if (request.op == page_request::kind::step) {
        start_step(h, request);
        return true;
    }
    std::optional<phys_page> where;
    try {
        where = place(h, request);
    } catch (const ftl_out_of_space&) {
        return false;
    }
    const bool reading =
        request.op == page_request::kind::read || request.op == page_request::kind::state_read;
    if (!where) {
        ++m_unwritten_reads;
        h.write(request.dram_address, m_zero_page.data(), m_zero_page.size());
        m_to_host.post(h, {request.command, true});
        return true;
    }
    submit(h, reading ? fic::opcode::read : fic::opcode::program, *where, host_tag(request.command),
           request.dram_address);
    return true;
}

void flash_layer::erase_reservoir(hardware& h) {
    for (const super_block_ref& block : m_optimizer.map().erasable()) {
        const bool in_flight = std::any_of(m_reservoir_erases.begin(), m_reservoir_erases.end(),
                                           [&](const auto& e) { return e && *e == block; });
        if (in_flight) {
            continue;
        }
        auto slot = std::find(m_reservoir_erases.begin(), m_reservoir_erases.end(), std::nullopt);
        if (slot == m_reservoir_erases.end()) {
            slot = m_reservoir_erases.insert(slot, std::nullopt);
        }
        *slot = block;
        const auto index = static_cast<std::uint32_t>(slot - m_reservoir_erases.begin());
        const auto tag = static_cast<std::uint32_t>(
            (static_cast<std::uint32_t>(tag_kind::reservoir_erase) << kind_shift) | index);
        submit(h, fic::opcode::erase, {block.channel, block.die, 0, block.block, 0}, tag, 0);
    }
}

void flash_layer::reservoir_erase_done(hardware& h, std::uint32_t index) {
    m_optimizer.map().erase_done(*m_reservoir_erases[index]);
    m_reservoir_erases[index].reset();
    retry_stalled(h);
}

void flash_layer::retry_stalled(hardware& h) {
    pump_step(h);
    while (!m_stalled.empty() && dispatch(h, m_stalled.front())) {
        m_stalled.pop_front();
    }
}

void flash_layer::on_flash(hardware& h, unsigned channel) {
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
        case tag_kind::reservoir_erase:
            reservoir_erase_done(h, index);
            break;
        case tag_kind::staged_read:
            staged_read_done(h, index, ok);
            break;
        case tag_kind::staged_program:
            staged_done(h, index, ok);
            break;
        }
        if (!ok) {
            h.log(log_level::error, "flash operation failed on channel " + std::to_string(channel) +
                                        ", tag " + std::to_string(c.tag) + ", status " +
                                        std::to_string(static_cast<unsigned>(c.result)));
        }
    }
}

void flash_layer::finish_host(hardware& h, std::uint32_t index, bool ok) {
    m_ops[index].in_use = false;
    m_free_ops.push_back(index);
    m_to_host.post(h, {m_ops[index].command, ok});
}

void flash_layer::start_gc(hardware& h, std::uint32_t channel, std::uint32_t die) {
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

void flash_layer::gc_advance(hardware& h, std::uint64_t die) {
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

void flash_layer::gc_read_done(hardware& h, std::uint64_t die, std::uint32_t slot) {
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

void flash_layer::gc_program_done(hardware& h, std::uint64_t die, std::uint32_t slot) {
    gc_state& gc = m_gc[die];
    gc.free_slots.push_back(slot);
    --gc.in_flight;
    gc_advance(h, die);
}

void flash_layer::erase_done(hardware& h, std::uint64_t die) {
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
        << m_ftl.stats().gc_pages_moved << ", erases " << m_ftl.stats().erases
        << ", stalled host pages " << m_stalled.size() << "\n";
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
