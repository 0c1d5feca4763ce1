// The page I/O side of flash_if_ctrl: multi-plane merging, reads with cache-read pipelining,
// programs and erases.
#include "controller/flash_if_ctrl.h"

#include "common/bit_count.h"
#include "common/sc_time_util.h"

#include <algorithm>
#include <utility>

namespace osvp {

bool flash_if_ctrl::merges_into(const queued& q, const fw::fic::descriptor& head, time_ps now) {
    const fw::fic::descriptor& d = q.desc;
    return q.arrival <= now && d.op == head.op && d.block == head.block && d.page == head.page &&
           (d.plane_mask & head.plane_mask) == 0;
}

void flash_if_ctrl::gather(lane& l, fw::fic::descriptor& head, std::vector<std::uint32_t>& tags,
                           std::vector<part>& parts) {
    parts.clear();
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
        return;
    }
    const time_ps now = now_ps();
    for (auto it = l.queue.begin(); it != l.queue.end();) {
        if (merges_into(*it, head, now)) {
            head.plane_mask |= it->desc.plane_mask;
            add(it->desc);
            m_merged_planes += bit_count(it->desc.plane_mask);
            it = l.queue.erase(it);
        } else {
            ++it;
        }
    }
    std::sort(parts.begin(), parts.end(),
              [](const part& a, const part& b) { return a.plane < b.plane; });
}

bool flash_if_ctrl::take_chained_read(lane& l, fw::fic::descriptor& next) {
    if (!m_config.cache_read || l.queue.empty() ||
        l.queue.front().desc.op != fw::fic::opcode::read || l.queue.front().arrival > now_ps()) {
        return false;
    }
    next = l.queue.front().desc;
    l.queue.pop_front();
    gather(l, next, l.chained_tags, l.chained_parts);
    ++m_ops[static_cast<unsigned>(fw::fic::opcode::read)];
    ++m_cache_reads;
    return true;
}

void flash_if_ctrl::execute_read(lane& l, fw::fic::descriptor op) {
    wait_until(l, l.ready);
    flash(l, flash_op::read, op.die, op.plane_mask, op, nullptr, 0, sc_core::SC_ZERO_TIME);
    die_result array = l.command.result;
    fw::fic::status status = to_fic(array.status);
    bool caching = false;
    while (true) {
        wait_until(l, array.ready);
        fw::fic::descriptor next{};
        const bool chained = status == fw::fic::status::ok && take_chained_read(l, next);
        fw::fic::status next_status = fw::fic::status::ok;
        if (chained || caching) {
            const bool sequential = chained && next.plane_mask == op.plane_mask &&
                                    next.block == op.block && next.page == op.page + 1;
            const flash_op cache_op = !chained     ? flash_op::read_cache_end
                                      : sequential ? flash_op::read_cache_seq
                                                   : flash_op::read_cache;
            const fw::fic::descriptor& at = chained ? next : op;
            flash(l, cache_op, op.die, at.plane_mask, at, nullptr, 0, sc_core::SC_ZERO_TIME);
            array = l.command.result;
            next_status = to_fic(array.status);
            if (array.status == flash_status::ok) {
                caching = chained;
            } else if (status == fw::fic::status::ok) {
                status = next_status;
            }
        }
        wait_until(l, array.cache_ready);
        output_pages(l, op, l.parts, status);
        if (!chained) {
            return;
        }
        op = next;
        std::swap(l.parts, l.chained_parts);
        std::swap(l.tags, l.chained_tags);
        status = next_status;
    }
}

void flash_if_ctrl::output_pages(lane& l, const fw::fic::descriptor& op,
                                 const std::vector<part>& parts, fw::fic::status status) {
    const time_ps end = pages_to_dram(l, op, parts, status);
    for (const std::uint32_t tag : l.tags) {
        complete_at(end, tag, status);
    }
}

time_ps flash_if_ctrl::pages_to_dram(lane& l, const fw::fic::descriptor& op,
                                     const std::vector<part>& parts, fw::fic::status& status) {
    time_ps end = now_ps();
    for (const part& p : parts) {
        std::uint8_t* data = page_data(l, p.plane);
        while (m_bus_free > now_ps()) {
            wait_until(l, m_bus_free);
        }
        const sc_core::sc_time out = flash(l, flash_op::data_out, op.die, 1u << p.plane, op, data,
                                           m_config.page_bytes, sc_core::SC_ZERO_TIME);
        wait_until(l, to_ps(kernel_time() + out));
        if (l.command.result.status != flash_status::ok) {
            status = to_fic(l.command.result.status);
        }
        end = std::max(end,
                       to_ps(kernel_time() + memory(l, tlm::TLM_WRITE_COMMAND, p.dram_address, data,
                                                    m_config.page_bytes, sc_core::SC_ZERO_TIME)));
        if (!l.memory_trans.is_response_ok()) {
            status = fw::fic::status::bad_descriptor;
        }
    }
    l.ready = now_ps();
    return end;
}

void flash_if_ctrl::execute_program(lane& l, const fw::fic::descriptor& op,
                                    const std::vector<part>& parts) {
    wait_until(l, std::max(l.cache_ready, now_ps()));
    fw::fic::status status = fw::fic::status::ok;
    sc_core::sc_time fetched = sc_core::SC_ZERO_TIME;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        std::uint8_t* data = page_data(l, i);
        fetched = std::max(fetched, memory(l, tlm::TLM_READ_COMMAND, parts[i].dram_address, data,
                                           m_config.page_bytes, sc_core::SC_ZERO_TIME));
        if (!l.memory_trans.is_response_ok()) {
            status = fw::fic::status::bad_descriptor;
        }
    }
    const unsigned length = static_cast<unsigned>(parts.size()) * m_config.page_bytes;
    const time_ps bus_done =
        to_ps(kernel_time() + flash(l, flash_op::program, op.die, op.plane_mask, op,
                                    page_data(l, 0), length, fetched));
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
    wait_until(l, l.ready);
    flash(l, flash_op::erase, op.die, op.plane_mask, op, nullptr, 0, sc_core::SC_ZERO_TIME);
    const die_result result = l.command.result;
    l.ready = result.ready;
    complete_at(result.ready, op.tag, to_fic(result.status));
}

} // namespace osvp
