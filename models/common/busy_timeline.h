// A shared resource (a bus, a die's array, a link direction) modelled as the time at which it
// becomes free. Requests are served first come, first served in the order they are made; callers
// make them in simulated-time order, so the order is the arbitration order.
#pragma once
#include "common/sim_time.h"

#include <algorithm>

namespace osvp {

class busy_timeline {
public:
    /// Occupies the resource for `duration` from the first instant >= `earliest` that it is
    /// free; returns that start time.
    time_ps reserve(time_ps earliest, time_ps duration) {
        const time_ps start = std::max(earliest, m_free_at);
        m_free_at = start + duration;
        m_busy_total += duration;
        return start;
    }
    /// The instant from which the resource is free.
    time_ps free_at() const { return m_free_at; }
    /// Sum of all reserved durations (for utilisation = busy / elapsed).
    time_ps busy_total() const { return m_busy_total; }

private:
    time_ps m_free_at = 0;
    time_ps m_busy_total = 0;
};

} // namespace osvp
