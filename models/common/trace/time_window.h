// Time window [start, end) that selects which part of a run a trace records, parsed from
// command-line text. Times are integer picoseconds (common/sim_time.h).
#pragma once
#include "common/sim_time.h"

#include <limits>
#include <string_view>

namespace osvp::trace {

/// Half-open interval [start, end) of simulated time in ps; end == open_end means "to the end".
struct time_window {
    static constexpr time_ps open_end = std::numeric_limits<time_ps>::max();

    time_ps start = 0;
    time_ps end = open_end;

    /// True if instant t (ps) lies in [start, end).
    bool contains(time_ps t) const { return t >= start && t < end; }
    /// True if span [begin, finish) (ps) shares time with the window; a zero-length span counts
    /// when its instant is contained.
    bool overlaps(time_ps begin, time_ps finish) const {
        return begin == finish ? contains(begin) : (begin < end && finish > start);
    }
};

/// Parses one time: a non-negative integer or decimal followed by a unit ps, ns, us, ms or s
/// (optional blanks between), e.g. "10ms", "1.5 us"; a bare "0" needs no unit. The result must be a
/// whole number of ps that fits in 64 bits. Throws std::invalid_argument naming the text.
time_ps parse_time_point(std::string_view text);

/// Parses "START:END", "START:" (open end) or ":END" (start 0), e.g. "10ms:12ms", "0:500us",
/// "5ms:"; empty text or ":" selects all time. END must be after START. Throws
/// std::invalid_argument naming the text and the allowed form.
time_window parse_time_window(std::string_view text);

} // namespace osvp::trace
