// The PCIe link between the host's root complex and the SSD as a TLM-2.0 loosely-timed bridge.
// Each direction is a busy_timeline: downstream carries host->device TLPs (MMIO requests and
// write data, completions of device reads), upstream carries device->host TLPs (DMA requests and
// write data, MSI-X writes, completions of MMIO reads). Concurrent transfers in one direction
// serialise; the two directions are independent (PCIe is dual simplex).
#pragma once
#include "pcie/pcie_math.h"

#include "common/busy_timeline.h"

#include <nlohmann/json.hpp>
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include <array>
#include <cstdint>
#include <functional>

namespace osvp {

/// Direction of TLP traffic on the link.
enum class pcie_direction { downstream, upstream };

/// Name of a direction: "downstream" or "upstream".
const char* to_string(pcie_direction d);

/// Bridges transactions between host and device adding PCIe timing (pcie_math). Writes are
/// posted: the returned delay reaches the end of the data's arrival plus the target's delay.
/// Reads return after the completions have arrived. Addresses pass unchanged: host_side carries
/// BAR0 offsets (BAR assignment by enumeration is not modelled), device_side carries host
/// physical addresses. DMI is never granted, because it would bypass the link's timing.
class pcie_link : public sc_core::sc_module {
public:
    /// Called with the direction and the [start, end) ps interval of every wire occupancy.
    using busy_observer = std::function<void(pcie_direction, time_ps start, time_ps end)>;

    /// Host CPU MMIO to the device (BAR0 register reads and writes).
    tlm_utils::simple_target_socket<pcie_link> host_side;
    /// Forwards host MMIO to the device's BAR0 target.
    tlm_utils::simple_initiator_socket<pcie_link> to_device;
    /// Device DMA: reads and writes of host memory, MSI-X message writes.
    tlm_utils::simple_target_socket<pcie_link> device_side;
    /// Forwards device DMA to host memory.
    tlm_utils::simple_initiator_socket<pcie_link> to_host;

    /// Throws config_error for an invalid `config`; requires a 1 ps time resolution.
    pcie_link(const sc_core::sc_module_name& name, const pcie_config& config);

    /// Installs the observer of busy intervals (tracing); an empty function disables it.
    void set_busy_observer(busy_observer observer) { m_observer = std::move(observer); }
    const pcie_math& math() const { return m_math; }
    /// Per direction: transactions, payload and wire bytes, busy ps and utilisation
    /// (busy / elapsed simulated time), plus error responses seen.
    nlohmann::json stats() const;

private:
    struct direction_stats {
        std::uint64_t transactions = 0;
        std::uint64_t payload_bytes = 0;
        std::uint64_t wire_bytes = 0;
    };

    void host_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
    void device_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
    unsigned host_debug(tlm::tlm_generic_payload& trans);
    unsigned device_debug(tlm::tlm_generic_payload& trans);
    bool deny_dmi(tlm::tlm_generic_payload& trans, tlm::tlm_dmi& dmi);
    /// Times `trans` with requests travelling in `forward` and completions in the opposite
    /// direction, calling `target` at the instant the request (or write data) arrives.
    void transfer(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay, pcie_direction forward,
                  tlm_utils::simple_initiator_socket<pcie_link>& target);
    /// Reserves `wire_bytes` on `d` from `earliest`; returns the start of the occupancy.
    time_ps occupy(pcie_direction d, time_ps earliest, std::uint64_t wire_bytes,
                   std::uint64_t payload_bytes);

    pcie_math m_math;
    std::array<busy_timeline, 2> m_timeline;
    std::array<direction_stats, 2> m_stats;
    std::uint64_t m_error_responses = 0;
    busy_observer m_observer;
};

} // namespace osvp
