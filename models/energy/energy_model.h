// Energy of a run from its activity counters: every term is a closed form (power x time or
// energy x count) of one counter and one energy_config / host_cpu_config figure.
#pragma once
#include "energy/energy_activity.h"
#include "energy/energy_config.h"
#include "energy/host_cpu_config.h"

namespace osvp {

/// Per die: array_busy x VCC x I_active; transfer_bytes / rate x VCC x I_transfer; the rest of
/// `elapsed` x VCC x I_idle (bus idle or standby, per config). Array time and transfer time may
/// overlap (cache operations); the idle time is then max(0, elapsed - array - transfer).
/// Channel I/O: total transfer bytes x 8 x E_bit. PEs: P_pe x each plane's busy time (per_pe),
/// or P_pe / planes x each plane's busy time (per_die). Cores: P_active x busy + P_idle x
/// (elapsed - busy). DRAM: P_background x elapsed + bytes x E_byte. PCIe: bytes x 8 x E_bit.
/// Host CPU: P_active x busy + P_idle x (elapsed - busy).
class energy_model {
public:
    /// `channel_transfer_rate` is the channel's bytes per second (flash_config::transfer_rate
    /// for an 8-bit bus). Validates both configurations; std::invalid_argument for a rate <= 0.
    energy_model(const energy_config& energy, const host_cpu_config& host,
                 double channel_transfer_rate);

    /// Throws std::invalid_argument naming the counter when a busy time exceeds `elapsed`.
    energy_breakdown evaluate(const energy_activity& activity) const;

    const energy_config& config() const { return m_energy; }

private:
    double die_idle_current() const;

    energy_config m_energy;
    host_cpu_config m_host;
    double m_channel_rate;
};

} // namespace osvp
