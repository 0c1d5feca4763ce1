// Interrupt controller of the SSD controller SoC: a 64-bit pending mask (line numbers in
// hal/memory_map.h). Devices drive their lines as levels; firmware raises and acknowledges
// inter-processor interrupts through two registers. A raise written by a loosely timed core takes
// effect at the core's local time (the transaction's annotated delay), not at the kernel's time:
// firmware cycles charged before posting a message are not skipped by the receiver.
#pragma once
#include <systemc>
#include <tlm_utils/simple_target_socket.h>

#include <cstdint>
#include <map>

namespace osvp {

class irq_controller : public sc_core::sc_module {
public:
    tlm_utils::simple_target_socket<irq_controller> regs;

    SC_HAS_PROCESS(irq_controller);
    explicit irq_controller(const sc_core::sc_module_name& name);

    /// Drives a level-triggered line.
    void set_line(unsigned line, bool level);
    /// Blocks the calling thread until a line of `mask` is pending; returns the pending lines.
    std::uint64_t wait_for(std::uint64_t mask);
    std::uint64_t pending() const { return m_pending; }

private:
    void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
    unsigned transport_dbg(tlm::tlm_generic_payload& trans);
    /// Applies the deferred raises that are due and schedules the next one.
    void raise_due();

    std::uint64_t m_pending = 0;
    sc_core::sc_event m_changed;
    std::multimap<sc_core::sc_time, unsigned> m_raises; ///< IPI line by due time, FIFO on ties
    sc_core::sc_event m_raise_due;
};

} // namespace osvp
