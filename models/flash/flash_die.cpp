#include "flash/flash_die.h"

#include "common/bit_count.h"
#include "common/sc_time_util.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <vector>

namespace osvp {

const char* to_string(die_state state) {
    static const char* const names[die_state_count] = {"idle",       "cmd_addr", "array_read",
                                                       "program",    "erase",    "register_copy",
                                                       "pe_compute", "data_in",  "data_out"};
    const auto index = static_cast<unsigned>(state);
    return index < die_state_count ? names[index] : "unknown";
}

flash_die::flash_die(const sc_core::sc_module_name& name, const flash_config& config)
    : sc_module(name), socket("socket"), m_die(config),
      m_page_pass(config.pe_time(config.page_bytes)) {
    socket.register_b_transport(this, &flash_die::b_transport);
    socket.register_transport_dbg(this, &flash_die::transport_dbg);
}

void flash_die::b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
    auto* cmd = trans.get_extension<flash_command>();
    if (cmd == nullptr) {
        trans.set_response_status(tlm::TLM_COMMAND_ERROR_RESPONSE);
        return;
    }
    const time_ps start = to_ps(kernel_time() + delay);
    unsigned char* data = trans.get_data_ptr();
    const unsigned length = trans.get_data_length();
    switch (cmd->op) {
    case flash_op::read:
        cmd->result = m_die.read(start, cmd->plane_mask, cmd->block, cmd->page);
        break;
    case flash_op::data_out: {
        const unsigned plane = static_cast<unsigned>(__builtin_ctz(cmd->plane_mask | 0x100u));
        const bool single = cmd->plane_mask != 0 && (cmd->plane_mask & (cmd->plane_mask - 1)) == 0;
        const auto status =
            single ? m_die.data_out(plane, cmd->column, data, length) : flash_status::refused;
        cmd->result = {start, start, status};
        break;
    }
    case flash_op::program: {
        const unsigned planes = bit_count(cmd->plane_mask);
        const unsigned per_plane = planes == 0 ? 0 : length / planes;
        flash_status status = planes == 0 ? flash_status::refused : flash_status::ok;
        unsigned index = 0;
        for (unsigned plane = 0; plane < 32 && status == flash_status::ok; ++plane) {
            if ((cmd->plane_mask >> plane) & 1u) {
                const unsigned char* src = data == nullptr ? nullptr : data + index++ * per_plane;
                status = m_die.data_in(plane, cmd->column, src, per_plane);
            }
        }
        cmd->result = status == flash_status::ok
                          ? m_die.program(start, cmd->plane_mask, cmd->block, cmd->page)
                          : die_result{start, start, status};
        break;
    }
    case flash_op::erase:
        cmd->result = m_die.erase(start, cmd->plane_mask, cmd->block);
        break;
    case flash_op::read_cache:
        cmd->result = m_die.read_cache(start, cmd->plane_mask, cmd->block, cmd->page);
        break;
    case flash_op::read_cache_seq:
        cmd->result = m_die.read_cache_sequential(start);
        break;
    case flash_op::read_cache_end:
        cmd->result = m_die.read_cache_end(start);
        break;
    default:
        cmd->result = execute_odp(*cmd, start, data, length);
        break;
    }
    record(*cmd);
    trans.set_response_status(tlm::TLM_OK_RESPONSE);
}

void flash_die::record(const flash_command& cmd) {
    if (cmd.result.status == flash_status::refused) {
        return;
    }
    const flash_config& c = m_die.config();
    const time_ps ready = cmd.result.ready;
    die_activity a;
    a.op = cmd.op;
    const auto one = [&](die_state state, time_ps duration) {
        a.phases[0] = {state, ready - duration, ready};
        a.count = 1;
    };
    const auto two = [&](die_state first, time_ps split, die_state second) {
        a.phases[0] = {first, split - (first == die_state::array_read ? c.t_read : c.t_reg_copy),
                       split};
        a.phases[1] = {second, split, ready};
        a.count = 2;
    };
    switch (cmd.op) {
    case flash_op::read:
        two(die_state::array_read, ready - c.t_reg_copy, die_state::register_copy);
        break;
    case flash_op::program:
        two(die_state::register_copy, cmd.result.cache_ready, die_state::program);
        break;
    case flash_op::read_cache:
    case flash_op::read_cache_seq:
        a.phases[0] = {die_state::register_copy, cmd.result.cache_ready - c.t_rcbsy,
                       cmd.result.cache_ready};
        a.phases[1] = {die_state::array_read, cmd.result.cache_ready, ready};
        a.count = 2;
        break;
    case flash_op::read_cache_end:
        one(die_state::register_copy, c.t_rcbsy);
        break;
    case flash_op::erase:
        one(die_state::erase, c.t_erase);
        break;
    case flash_op::pcache:
    case flash_op::rcache:
        one(die_state::register_copy, c.t_reg_copy);
        break;
    case flash_op::bpr:
        one(die_state::array_read, c.t_read);
        break;
    case flash_op::bpp:
        one(die_state::program, c.t_prog);
        break;
    case flash_op::odc: {
        time_ps longest = 0;
        for (unsigned i = 0; i < cmd.odc_count; ++i) {
            longest = std::max(longest, pe_duration(cmd.odcs[i]));
        }
        one(die_state::pe_compute, longest);
        break;
    }
    default:
        return;
    }
    m_last = a;
    if (on_control) {
        on_control(cmd, a);
    }
    if (on_pe && cmd.op == flash_op::odc) {
        for (unsigned i = 0; i < cmd.odc_count; ++i) {
            const time_ps begin = a.begin();
            on_pe(cmd.odcs[i].address.v1_plane, cmd.odcs[i].op, begin,
                  begin + pe_duration(cmd.odcs[i]));
        }
    }
}

time_ps flash_die::pe_duration(const odc_op& op) const {
    const flash_config& c = m_die.config();
    const time_ps pass =
        op.address.column == 0 ? m_page_pass : c.pe_time(c.page_bytes - op.address.column);
    return pass * m_die.odp().passes_per_element(op.op);
}

die_result flash_die::execute_odp(const flash_command& cmd, time_ps start,
                                  const unsigned char* data, unsigned length) {
    switch (cmd.op) {
    case flash_op::vpp: {
        const bool single = cmd.plane_mask != 0 && (cmd.plane_mask & (cmd.plane_mask - 1)) == 0;
        if (!single) {
            return {start, start, flash_status::refused};
        }
        const auto plane = static_cast<unsigned>(__builtin_ctz(cmd.plane_mask));
        return m_die.vpp(start, plane, cmd.column, data, length);
    }
    case flash_op::pcache:
        return m_die.pcache(start, cmd.plane_mask);
    case flash_op::rcache:
        return m_die.rcache(start, cmd.plane_mask);
    case flash_op::bpr:
        return m_die.buffered_read(start, cmd.plane_mask, cmd.block, cmd.page);
    case flash_op::bpp:
        return m_die.buffered_program(start, cmd.plane_mask, cmd.block, cmd.page);
    case flash_op::odc:
        return m_die.odc(start, cmd.odcs.data(), cmd.odc_count);
    case flash_op::lcr: {
        if (data == nullptr || length != hal::lcr_data_bytes) {
            return {start, start, flash_status::refused};
        }
        std::array<std::uint8_t, hal::lcr_data_bytes> bytes{};
        std::memcpy(bytes.data(), data, bytes.size());
        const auto ab = hal::decode_lcr_data(bytes);
        return m_die.load_const(start, cmd.const_reg, ab[0], ab[1]);
    }
    default:
        return {start, start, flash_status::refused};
    }
}

unsigned flash_die::transport_dbg(tlm::tlm_generic_payload& trans) {
    const flash_config& c = m_die.config();
    if (trans.get_command() != tlm::TLM_READ_COMMAND) {
        return 0;
    }
    const std::uint64_t address = trans.get_address();
    const std::uint64_t page_index = address / c.page_bytes;
    const std::uint32_t column = static_cast<std::uint32_t>(address % c.page_bytes);
    const std::uint32_t page = static_cast<std::uint32_t>(page_index % c.pages_per_block);
    const std::uint64_t plane_block = page_index / c.pages_per_block;
    const unsigned plane = static_cast<unsigned>(plane_block % c.planes_per_die);
    const std::uint64_t block = plane_block / c.planes_per_die;
    if (block >= c.blocks_per_plane) {
        return 0;
    }
    const unsigned length = std::min<unsigned>(trans.get_data_length(), c.page_bytes - column);
    const std::uint8_t* stored = m_die.stored_page(plane, static_cast<std::uint32_t>(block), page);
    if (stored == nullptr) {
        std::memset(trans.get_data_ptr(), 0xFF, length);
    } else {
        std::memcpy(trans.get_data_ptr(), stored + column, length);
    }
    return length;
}

nlohmann::json flash_die::stats() const {
    die_counters k = m_die.counters();
    // The counters take an operation whole when it starts. Leave out the part of the latest one
    // that lies after the kernel's time, so that the busy times cover the time simulated: a run
    // stopped by a signal, a step's energy snapshot, a program still running when the host ends
    // (pe_busy_ps still counts the passes of an ODC whole).
    const time_ps now = now_ps();
    if (m_last.count != 0 && m_last.end() > now) {
        const bool copy = m_last.op == flash_op::pcache || m_last.op == flash_op::rcache;
        time_ps& busy = m_last.op == flash_op::odc ? k.odc_busy : copy ? k.copy_busy : k.array_busy;
        busy -= m_last.end() - std::max(now, m_last.begin());
    }
    return {
        {"reads", k.reads},
        {"cache_reads", k.cache_reads},
        {"cache_read_ends", k.cache_read_ends},
        {"programs", k.programs},
        {"erases", k.erases},
        {"plane_reads", k.plane_reads},
        {"plane_programs", k.plane_programs},
        {"plane_erases", k.plane_erases},
        {"bytes_in", k.bytes_in},
        {"bytes_out", k.bytes_out},
        {"array_busy_ps", k.array_busy},
        {"vpps", k.vpps},
        {"lcrs", k.lcrs},
        {"register_copies", k.copies},
        {"plane_register_copies", k.plane_copies},
        {"copy_busy_ps", k.copy_busy},
        {"odc_commands", k.odc_commands},
        {"odc_groups", k.odc_groups},
        {"odc_elements", k.odc_elements},
        {"odc_passes", k.odc_passes},
        {"odc_busy_ps", k.odc_busy},
        {"pe_busy_ps", std::vector<time_ps>(k.pe_busy.begin(),
                                            k.pe_busy.begin() + m_die.config().planes_per_die)}};
}

} // namespace osvp
