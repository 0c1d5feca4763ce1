// Reordering stages between the models' observers and the VCD writer (plain C++). Observers
// report changes ahead of kernel time (temporal decoupling) and, for some signals, out of time
// order; these stages hold them until a watermark (a time no later report precedes) passes them,
// then emit each signal's changes in time order, as vcd_writer::change requires.
#pragma once
#include "common/sim_time.h"

#include <cstdint>
#include <deque>
#include <functional>
#include <map>

namespace osvp::trace {

/// Receives one change of a signal: time in ps and the new value.
using emit_change = std::function<void(time_ps, std::uint64_t)>;

/// A counter (a queue depth) fed with signed steps in any time order; flush() replays the steps
/// earlier than the watermark in time order and emits the value at each distinct time.
class delta_counter {
public:
    /// Adds `delta` at `t` (ps). Throws std::runtime_error if t is earlier than the last flush's
    /// watermark (a broken promise of the caller).
    void add(time_ps t, std::int64_t delta);
    /// Emits the changes before `watermark` (ps, non-decreasing). Throws std::runtime_error if
    /// the count would go negative (more completions than submissions).
    void flush(time_ps watermark, const emit_change& emit);
    std::int64_t value() const { return m_value; }

private:
    std::multimap<time_ps, std::int64_t> m_steps;
    std::int64_t m_value = 0;
    time_ps m_watermark = 0;
};

/// An enumerated signal made of two lanes of intervals [begin, end) with a value each (a die's
/// control operations and its bus I/O phases). The signal shows lane 0's value where lane 0 has
/// an interval, else lane 1's, else `idle`. Each lane's intervals arrive in time order without
/// overlap; the two lanes are independent.
class lane_merge {
public:
    explicit lane_merge(std::uint64_t idle) : m_idle(idle), m_value(idle) {}

    /// Adds [begin, end) ps with `value` to lane 0 or 1; empty intervals are ignored. Throws
    /// std::invalid_argument for another lane or end < begin, std::runtime_error if the interval
    /// overlaps the lane's previous one or starts before the last flush's watermark.
    void add(unsigned lane, time_ps begin, time_ps end, std::uint64_t value);
    /// Emits the merged signal's changes at times before `watermark` (ps, non-decreasing).
    void flush(time_ps watermark, const emit_change& emit);

private:
    struct interval {
        time_ps begin;
        time_ps end;
        std::uint64_t value;
    };

    std::uint64_t m_idle;
    std::uint64_t m_value;
    std::deque<interval> m_lanes[2];
    time_ps m_lane_end[2] = {0, 0};
    time_ps m_cursor = 0;
    time_ps m_watermark = 0;
};

} // namespace osvp::trace
