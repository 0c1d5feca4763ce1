// SystemC shell of a NAND die: a TLM target that executes flash_command transactions on the
// plain nand_die behaviour at the time the command cycles end (sc_time_stamp() + annotated delay).
// Every refusal of the die (bad address, plane, register state, ODP rule) is returned as
// flash_status::refused in the command's result; the transaction itself always succeeds.
#pragma once
#include "flash/flash_command.h"
#include "flash/nand_die.h"

#include <nlohmann/json.hpp>
#include <systemc>
#include <tlm_utils/simple_target_socket.h>

namespace osvp {

class flash_die : public sc_core::sc_module {
public:
    tlm_utils::simple_target_socket<flash_die> socket;

    flash_die(const sc_core::sc_module_name& name, const flash_config& config);

    const nand_die& behaviour() const { return m_die; }
    nlohmann::json stats() const;

private:
    void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
    /// Debug read of the array: address = ((block * planes + plane) * pages + page) * page_bytes
    /// + column; erased or never-written bytes read as 0xFF.
    unsigned transport_dbg(tlm::tlm_generic_payload& trans);
    /// The ODP operations (VPP, PCACHE, RCACHE, BPR, BPP, ODC, LCR) on the plain die.
    die_result execute_odp(const flash_command& cmd, time_ps start, const unsigned char* data,
                           unsigned length);

    nand_die m_die;
};

} // namespace osvp
