// A shared port whose requests may be made out of time order: loosely-timed initiators book an
// access at their local time, which can run ahead of the kernel's, so a request made later may
// want an earlier instant than one already booked. The port keeps its booked busy intervals and
// places each request whole in the first idle gap at or after its earliest start, so requests are
// served in time order, not in the order they were made [ours; a tail-only busy_timeline would
// idle the port until the latest booking]. Intervals that end before the current time are dropped.
#pragma once
#include "common/sim_time.h"

#include <algorithm>
#include <iterator>
#include <map>

namespace osvp {

class busy_intervals {
public:
    /// Occupies the port for `duration` from the first instant >= `earliest` at which it is idle
    /// for that long; returns that start. `now` (the caller's kernel time, never decreasing,
    /// <= earliest) lets the port forget intervals that can no longer matter.
    time_ps reserve(time_ps now, time_ps earliest, time_ps duration) {
        while (!m_busy.empty() && m_busy.begin()->second <= now) {
            m_busy.erase(m_busy.begin());
        }
        auto next = m_busy.upper_bound(earliest);
        time_ps start = earliest;
        if (next != m_busy.begin()) {
            start = std::max(start, std::prev(next)->second);
        }
        while (next != m_busy.end() && next->first < start + duration) {
            start = std::max(start, next->second);
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
    std::size_t intervals() const { return m_busy.size(); }

private:
    /// Inserts [start, end) before `next`, merging with touching neighbours.
    void book(time_ps start, time_ps end, std::map<time_ps, time_ps>::iterator next) {
        if (next != m_busy.end() && next->first == end) {
            end = next->second;
            next = m_busy.erase(next);
        }
        if (next != m_busy.begin() && std::prev(next)->second == start) {
            std::prev(next)->second = end;
        } else {
            m_busy.emplace_hint(next, start, end);
        }
    }

    std::map<time_ps, time_ps> m_busy; ///< start -> end, disjoint and not touching
    time_ps m_busy_total = 0;
};

} // namespace osvp
