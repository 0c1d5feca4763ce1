// A shared port whose requests may be made out of time order: loosely-timed initiators book an
// access at their local time, which can run ahead of the kernel's, so a request made later may
// want an earlier instant than one already booked. The port keeps its booked busy intervals and
// places each request whole in the first idle gap at or after its earliest start, so requests are
// served in time order, not in the order they were made [ours; a tail-only busy_timeline would
// idle the port until the latest booking]. Intervals that end before the current time are dropped.
// The intervals are a sorted flat array (a port holds a handful at a time, and every DRAM access
// books one: a node-based map would allocate and free per access).
#pragma once
#include "common/sim_time.h"

#include <algorithm>
#include <cstddef>
#include <vector>

namespace osvp {

class busy_intervals {
public:
    /// Occupies the port for `duration` from the first instant >= `earliest` at which it is
    /// idle for that long; returns that start. `now` (the caller's kernel time, never decreasing,
    /// <= earliest) lets the port forget intervals that can no longer matter.
    time_ps reserve(time_ps now, time_ps earliest, time_ps duration) {
        forget_before(now);
        auto next = std::upper_bound(m_busy.begin() + m_first, m_busy.end(), earliest,
                                     [](time_ps t, const interval& i) { return t < i.start; });
        time_ps start = earliest;
        if (next != m_busy.begin() + m_first) {
            start = std::max(start, std::prev(next)->end);
        }
        while (next != m_busy.end() && next->start < start + duration) {
            start = std::max(start, next->end);
            ++next;
        }
        if (duration > 0) {
            book(start, start + duration, next);
        }
        m_busy_total += duration;
        return start;
    }
    /// Sum of all reserved durations (for utilisation = busy / elapsed).
    time_ps busy_total() const { return m_busy_total; }
    /// Intervals currently remembered (for tests: merging keeps this small).
    std::size_t intervals() const { return m_busy.size() - m_first; }

private:
    struct interval {
        time_ps start, end;
    };
    using iterator = std::vector<interval>::iterator;

    /// Drops the intervals that end by `now`; they are only counted off the front until they are
    /// half the array, then erased in one move.
    void forget_before(time_ps now) {
        while (m_first < m_busy.size() && m_busy[m_first].end <= now) {
            ++m_first;
        }
        if (m_first * 2 >= m_busy.size()) {
            m_busy.erase(m_busy.begin(), m_busy.begin() + static_cast<std::ptrdiff_t>(m_first));
            m_first = 0;
        }
    }
    /// Inserts [start, end) before `next`, merging with touching neighbours.
    void book(time_ps start, time_ps end, iterator next) {
        const bool joins_next = next != m_busy.end() && next->start == end;
        const bool joins_previous =
            next != m_busy.begin() + m_first && std::prev(next)->end == start;
        if (joins_previous && joins_next) {
            std::prev(next)->end = next->end;
            m_busy.erase(next);
        } else if (joins_previous) {
            std::prev(next)->end = end;
        } else if (joins_next) {
            next->start = start;
        } else {
            m_busy.insert(next, {start, end});
        }
    }

    std::vector<interval> m_busy; ///< [m_first, size): sorted, disjoint and not touching
    std::size_t m_first = 0;      ///< intervals before this one have ended
    time_ps m_busy_total = 0;
};

} // namespace osvp
