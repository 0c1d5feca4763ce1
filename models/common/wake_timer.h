// A timed wake-up for a thread that re-checks its condition whenever it wakes. SystemC keeps a
// cancelled timed notification in its timed queue until its time: a wait(timeout, event) won by
// the event leaves an entry behind, so a thread that waits with a 30 s timeout for each of
// thousands of interrupts grows the queue (and the cost of every timed event) by one entry per
// wait. arm() never cancels a notification that comes first; it moves one earlier only when
// asked for an earlier time (leaving one entry behind). A wake-up earlier than needed is harmless
// to a thread that re-checks and re-arms.
#pragma once
#include "common/sc_time_util.h"

#include <systemc>

#include <stdexcept>
#include <string>

namespace osvp {

class wake_timer {
public:
    /// Makes event() fire at `at` or earlier. `at` must be later than the current time (all
    /// timed notifications of the current time have fired by then, so the one recorded is
    /// pending exactly when its time is still ahead). Throws std::logic_error otherwise.
    void arm(time_ps at) {
        const time_ps now = now_ps();
        if (at <= now) {
            throw std::logic_error("wake_timer: armed for " + std::to_string(at) +
                                   " ps, not after the current time " + std::to_string(now) +
                                   " ps");
        }
        if (m_at > now && m_at <= at) {
            return;
        }
        m_event.notify(sc_core::sc_time::from_value(at - now));
        m_at = at;
    }
    const sc_core::sc_event& event() const { return m_event; }

private:
    sc_core::sc_event m_event;
    time_ps m_at = 0; ///< time of the pending notification, if later than now
};

} // namespace osvp
