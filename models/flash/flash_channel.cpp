#include "flash/flash_channel.h"

#include "common/bit_count.h"
#include "common/sc_time_util.h"

namespace osvp {

flash_channel::flash_channel(const sc_core::sc_module_name& name, const flash_config& config)
    : sc_module(name), socket("socket"), to_dies("to_dies"), m_config(config),
      m_data_time(config.transfer_rate) {
    socket.register_b_transport(this, &flash_channel::b_transport);
    socket.register_transport_dbg(this, &flash_channel::transport_dbg);
}

void flash_channel::b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
    auto* cmd = trans.get_extension<flash_command>();
    if (cmd == nullptr || cmd->die >= static_cast<unsigned>(to_dies.size())) {
        trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
        return;
    }
    const unsigned planes = cmd->op == flash_op::odc ? cmd->odc_count : bit_count(cmd->plane_mask);
    const bool has_data = cmd->op == flash_op::program || cmd->op == flash_op::data_out ||
                          cmd->op == flash_op::vpp || cmd->op == flash_op::lcr;
    const std::uint64_t data_bytes = has_data ? trans.get_data_length() : 0;
    const time_ps duration =
        control_time(m_config, onfi_cycles(cmd->op, planes, data_bytes)) + m_data_time(data_bytes);
    const time_ps now = now_ps();
    const time_ps start = m_bus.reserve(now + to_ps(delay), duration);
    const time_ps end = start + duration;
    ++m_commands;
    m_data_bytes += data_bytes;
    if (on_busy) {
        on_busy({start, end, cmd->die, cmd->op, planes, data_bytes});
    }
    const sc_core::sc_time until_end = to_sc(end - now);
    sc_core::sc_time die_delay = until_end; // the die may change its copy
    to_dies[cmd->die]->b_transport(trans, die_delay);
    delay = until_end;
}

unsigned flash_channel::transport_dbg(tlm::tlm_generic_payload& trans) {
    auto* cmd = trans.get_extension<flash_command>();
    if (cmd == nullptr || cmd->die >= static_cast<unsigned>(to_dies.size())) {
        return 0;
    }
    return to_dies[cmd->die]->transport_dbg(trans);
}

nlohmann::json flash_channel::stats() const {
    return {
        {"busy_ps", m_bus.busy_total()}, {"operations", m_commands}, {"data_bytes", m_data_bytes}};
}

} // namespace osvp
