// SSD DRAM: a memory target with a bandwidth-limited port. An access of n bytes occupies the
// port for n / bandwidth after the first-word latency; concurrent accesses serialise in the order
// of the instants they want (busy_intervals: the flash controllers book ahead of kernel time). An
// access with a null data pointer is timing only: timed and counted, no byte read or stored (the
// NVMe front end's timing-only DMA, nvme_frontend.h).
#pragma once
#include "common/busy_intervals.h"
#include "common/sparse_memory.h"
#include "common/transfer_time_cache.h"
#include "controller/controller_config.h"

#include <nlohmann/json.hpp>
#include <systemc>
#include <tlm_utils/simple_target_socket.h>

namespace osvp {

class dram : public sc_core::sc_module {
public:
    tlm_utils::simple_target_socket<dram> socket;

    dram(const sc_core::sc_module_name& name, const controller_config& config);

    time_ps busy_total() const { return m_port.busy_total(); }
    /// Backdoor to the contents (tests, loaders).
    sparse_memory& contents() { return m_memory; }
    nlohmann::json stats() const;

private:
    void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
    unsigned transport_dbg(tlm::tlm_generic_payload& trans);
    bool access(tlm::tlm_generic_payload& trans);

    const controller_config& m_config;
    sparse_memory m_memory;
    busy_intervals m_port;
    transfer_time_cache m_transfer_time;
    std::uint64_t m_bytes_read = 0, m_bytes_written = 0;
};

} // namespace osvp
