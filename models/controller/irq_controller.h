// Interrupt controller of the SSD controller SoC: a 64-bit pending mask (line numbers in
// hal/memory_map.h). Devices drive their lines as levels; firmware raises and acknowledges
// inter-processor interrupts through two registers and may read the pending mask through a third.
// A raise written by a loosely timed core takes effect at the core's local time (the
// transaction's annotated delay), not at the kernel's time: firmware cycles charged before
// posting a message are not skipped by the receiver. A waiting
// thread is woken only by a rise of a line it waits for (the firmware cores wait on disjoint line
// sets; waking every core on every change would cost a context switch each, for nothing).
#pragma once
#include "common/register_window.h"

#include <systemc>
#include <tlm_utils/simple_target_socket.h>

#include <cstdint>
#include <memory>
#include <queue>
#include <vector>

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
    /// Declares the registers of hal/memory_map.h (fw::irq) in m_regs.
    void map_registers();
    /// Whether `core` names a core; reports an error naming `reg` when it does not.
    bool known_core(std::uint32_t core, const char* reg) const;
    /// Raises `line` at the kernel's time + `delay`.
    void raise(unsigned line, const sc_core::sc_time& delay);
    void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
    unsigned transport_dbg(tlm::tlm_generic_payload& trans);
    /// Applies the deferred raises that are due and schedules the next one.
    void raise_due();

    struct waiter {
        std::uint64_t mask = 0; ///< 0 while the slot is free
        sc_core::sc_event rose;
    };
    struct deferred_raise {
        sc_core::sc_time due;
        std::uint64_t sequence; ///< FIFO among raises due at the same time
        unsigned line;
        bool operator>(const deferred_raise& o) const {
            return due != o.due ? due > o.due : sequence > o.sequence;
        }
    };

    register_window m_regs;
    std::uint64_t m_pending = 0;
    std::vector<std::unique_ptr<waiter>> m_waiters;
    std::priority_queue<deferred_raise, std::vector<deferred_raise>, std::greater<>> m_raises;
    std::uint64_t m_raise_sequence = 0;
    sc_core::sc_event m_raise_due;
};

} // namespace osvp
