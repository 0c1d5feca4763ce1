// SystemC shell of a NAND die: a TLM target that executes flash_command transactions on the
// plain nand_die behaviour at the time the command cycles end (sc_time_stamp() + annotated delay).
// Every refusal of the die (bad address, plane, register state, ODP rule) is returned as
// flash_status::refused in the command's result; the transaction itself always succeeds.
// Observers (for traces) see the die-control phases of every command and each PE's busy time.
#pragma once
#include "flash/flash_command.h"
#include "flash/nand_die.h"

#include <nlohmann/json.hpp>
#include <systemc>
#include <tlm_utils/simple_target_socket.h>

#include <array>
#include <functional>

namespace osvp {

/// What a die is doing, as traced (legend of the "state" trace signal, in this order): idle, the
/// bus phases of its I/O path (command/address cycles, data in, data out; ONFI 4.x cycle types)
/// and the operations of its control (array read tR, program tPROG, erase tBERS, cache<->data
/// register copy, PE compute of an ODC; optimstore.md section 3).
enum class die_state : std::uint8_t {
    idle,
    cmd_addr,
    array_read,
    program,
    erase,
    register_copy,
    pe_compute,
    data_in,
    data_out,
};
constexpr unsigned die_state_count = 9;
const char* to_string(die_state state);

/// One interval [begin, end) in ps of the die control in `state`.
struct die_phase {
    die_state state = die_state::idle;
    time_ps begin = 0;
    time_ps end = 0;
};

/// The die-control phases of one command, contiguous and in time order (a read: array read,
/// then the data->cache copy; a program: the cache->data copy, then tPROG; a cache read: the
/// data->cache copy in tRCBSY, then the next page's tR while the die is ready for data out).
struct die_activity {
    flash_op op = flash_op::read;
    std::array<die_phase, 2> phases{};
    unsigned count = 0;
    time_ps begin() const { return phases[0].begin; }
    time_ps end() const { return phases[count - 1].end; }
};

class flash_die : public sc_core::sc_module {
public:
    tlm_utils::simple_target_socket<flash_die> socket;

    /// Called after every command that occupied the die control (not VPP, LCR, data out) with
    /// the command and its phases. May be empty.
    std::function<void(const flash_command&, const die_activity&)> on_control;
    /// Called per member of an ODC with its v1 plane, opcode and [begin, end) ps of that plane's
    /// PE. May be empty.
    std::function<void(unsigned plane, hal::odp_opcode, time_ps begin, time_ps end)> on_pe;

    flash_die(const sc_core::sc_module_name& name, const flash_config& config);

    const nand_die& behaviour() const { return m_die; }
    /// The die-control activity of the latest command that had one (for debuggers).
    const die_activity& last_activity() const { return m_last; }
    /// Counters and busy times up to the kernel's time (an operation in flight counts up to now).
    nlohmann::json stats() const;

private:
    void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
    /// Debug read of the array: address = ((block * planes + plane) * pages + page) * page_bytes
    /// + column; erased or never-written bytes read as 0xFF.
    unsigned transport_dbg(tlm::tlm_generic_payload& trans);
    /// The ODP operations (VPP, PCACHE, RCACHE, BPR, BPP, ODC, LCR) on the plain die.
    die_result execute_odp(const flash_command& cmd, time_ps start, const unsigned char* data,
                           unsigned length);
    /// Derives the control phases of an executed command from its result and the timings.
    void record(const flash_command& cmd);
    /// PE busy time of one ODC member: pe_time of its operand bytes x passes per element.
    time_ps pe_duration(const odc_op& op) const;

    nand_die m_die;
    time_ps m_page_pass; ///< one PE pass over a whole page (the usual ODC operand)
    die_activity m_last;
};

} // namespace osvp
