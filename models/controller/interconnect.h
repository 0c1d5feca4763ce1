// On-chip interconnect of the controller SoC: routes each initiator's transaction to the target
// whose address range holds it (address made relative to the range), adding one hop latency.
// An address no range holds gets TLM_ADDRESS_ERROR_RESPONSE.
#pragma once
#include "common/sim_time.h"

#include <systemc>
#include <tlm_utils/multi_passthrough_initiator_socket.h>
#include <tlm_utils/multi_passthrough_target_socket.h>

#include <cstdint>
#include <vector>

namespace osvp {

class interconnect : public sc_core::sc_module {
public:
    tlm_utils::multi_passthrough_target_socket<interconnect> from_initiators;
    tlm_utils::multi_passthrough_initiator_socket<interconnect> to_targets;

    interconnect(const sc_core::sc_module_name& name, time_ps hop_latency);

    /// Maps [base, base + size) to initiator port `port` (the port-th bound target). Throws
    /// std::invalid_argument for an empty range, one past the end of the address space, or one
    /// that overlaps a mapped range.
    void map(unsigned port, std::uint64_t base, std::uint64_t size);

private:
    struct range {
        std::uint64_t base, size;
        unsigned port;
    };
    const range* decode(std::uint64_t address) const;
    void end_of_elaboration() override;
    void b_transport(int id, tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
    unsigned transport_dbg(int id, tlm::tlm_generic_payload& trans);

    sc_core::sc_time m_latency;
    std::vector<range> m_ranges; ///< sorted by base, disjoint
    /// Per initiator, the range its latest transaction went to: a core talks to one target for
    /// several accesses in a row, and a DMA initiator only ever to SSD DRAM.
    std::vector<const range*> m_last;
};

} // namespace osvp
