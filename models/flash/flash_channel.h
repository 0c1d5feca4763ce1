// One ONFI channel: an 8-bit NV-DDR bus shared by the dies of the channel. Every transaction from
// the flash interface controller occupies the bus for its command, address and data cycles
// (onfi_cycles/bus_time); requests are served first come, first served, so dies sharing a channel
// serialise their transfers while their array operations overlap.
#pragma once
#include "common/busy_timeline.h"
#include "common/transfer_time_cache.h"
#include "flash/flash_command.h"

#include <nlohmann/json.hpp>
#include <systemc>
#include <tlm_utils/multi_passthrough_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include <functional>

namespace osvp {

/// One occupancy of the channel bus by a command, for traces: [start, end) ps, the die
/// addressed, the operation, its planes (ODC: group members) and its data-cycle bytes.
struct channel_transfer {
    time_ps start = 0;
    time_ps end = 0;
    unsigned die = 0;
    flash_op op = flash_op::read;
    unsigned planes = 0;
    std::uint64_t data_bytes = 0;
};

class flash_channel : public sc_core::sc_module {
public:
    tlm_utils::simple_target_socket<flash_channel> socket;
    /// Bound once per die, in die order.
    tlm_utils::multi_passthrough_initiator_socket<flash_channel> to_dies;

    /// Called for every bus occupancy (for traces). May be empty.
    std::function<void(const channel_transfer&)> on_busy;

    flash_channel(const sc_core::sc_module_name& name, const flash_config& config);

    time_ps busy_total() const { return m_bus.busy_total(); }
    nlohmann::json stats() const;

private:
    void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
    unsigned transport_dbg(tlm::tlm_generic_payload& trans);

    const flash_config& m_config;
    busy_timeline m_bus;
    transfer_time_cache m_data_time; ///< flash_config::data_time, memoised
    std::uint64_t m_commands = 0;
    std::uint64_t m_data_bytes = 0;
};

} // namespace osvp
