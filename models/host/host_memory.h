// Host DRAM as a TLM-2.0 target (the completer of the SSD's DMA) with an MSI-X window: writes
// to [msi_base, msi_base + 4 KiB) are interrupt messages, delivered to a handler and not stored.
#pragma once
#include "common/sparse_memory.h"
#include "host/host_config.h"

#include <nlohmann/json.hpp>
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

#include <cstdint>
#include <functional>
#include <map>

namespace osvp {

/// Sparse host memory behind a target socket. Accesses outside [0, size) or touching the MSI-X
/// window other than as a valid message write get TLM_ADDRESS_ERROR_RESPONSE; byte enables get
/// TLM_BYTE_ENABLE_ERROR_RESPONSE, streaming narrower than the data TLM_BURST_ERROR_RESPONSE.
/// DMI is granted one 4 KiB page at a time (the page is allocated on grant), never for the
/// MSI-X window. A memory access with a null data pointer is timing only: checked, timed and
/// counted, but no byte is read or stored (the NVMe front end's timing-only DMA).
class host_memory : public sc_core::sc_module {
public:
    /// Size of the MSI-X window in bytes.
    static constexpr std::uint64_t msi_window_bytes = 4096;
    /// Address stride between vectors: vector v is a 4-byte write of its message data to
    /// msi_base + 16 v (the layout of an MSI-X table entry, PCIe Base 4.0 7.7.2); 256 vectors.
    static constexpr std::uint64_t msi_vector_stride = 16;

    /// Receives `vector`, the 32-bit message data and the annotated delay after which the
    /// interrupt is raised (relative to sc_time_stamp()).
    using interrupt_handler = std::function<void(std::uint32_t vector, std::uint32_t data,
                                                 const sc_core::sc_time& delay)>;

    tlm_utils::simple_target_socket<host_memory> socket;

    /// Throws config_error for an invalid `config`.
    host_memory(const sc_core::sc_module_name& name, const host_memory_config& config);

    /// Installs the receiver of MSI-X messages. Without one, a message is counted as dropped
    /// and reported as a warning.
    void set_interrupt_handler(interrupt_handler handler) { m_handler = std::move(handler); }
    /// The storage itself, for the host CPU's accesses at zero simulated time.
    sparse_memory& storage() { return m_memory; }
    const host_memory_config& config() const { return m_config; }
    /// Reads, writes and their bytes, interrupts per vector, dropped interrupts, error
    /// responses and allocated pages.
    nlohmann::json stats() const;

private:
    void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
    unsigned transport_dbg(tlm::tlm_generic_payload& trans);
    bool get_direct_mem_ptr(tlm::tlm_generic_payload& trans, tlm::tlm_dmi& dmi);
    /// Checks and performs a plain memory access; false after setting an error response.
    bool access(tlm::tlm_generic_payload& trans);
    bool touches_msi_window(std::uint64_t address, std::uint64_t length) const;
    void deliver_interrupt(tlm::tlm_generic_payload& trans, const sc_core::sc_time& delay);

    host_memory_config m_config;
    sc_core::sc_time m_latency; ///< m_config.latency, converted once
    sparse_memory m_memory;
    interrupt_handler m_handler;
    std::uint64_t m_reads = 0;
    std::uint64_t m_writes = 0;
    std::uint64_t m_read_bytes = 0;
    std::uint64_t m_write_bytes = 0;
    std::uint64_t m_error_responses = 0;
    std::uint64_t m_dropped_interrupts = 0;
    std::map<std::uint32_t, std::uint64_t> m_interrupts;
};

} // namespace osvp
