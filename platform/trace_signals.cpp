#include "trace_signals.h"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace osvp::trace {

void delta_counter::add(time_ps t, std::int64_t delta) {
    if (t < m_watermark) {
        throw std::runtime_error("delta_counter: step at " + std::to_string(t) +
                                 " ps is earlier than the watermark " +
                                 std::to_string(m_watermark) + " ps");
    }
    m_steps.emplace(t, delta);
}

void delta_counter::flush(time_ps watermark, const emit_change& emit) {
    m_watermark = std::max(m_watermark, watermark);
    while (!m_steps.empty() && m_steps.begin()->first < m_watermark) {
        const time_ps t = m_steps.begin()->first;
        for (auto it = m_steps.begin(); it != m_steps.end() && it->first == t;) {
            m_value += it->second;
            it = m_steps.erase(it);
        }
        if (m_value < 0) {
            throw std::runtime_error("delta_counter: count " + std::to_string(m_value) + " at " +
                                     std::to_string(t) + " ps; a count cannot be negative");
        }
        emit(t, static_cast<std::uint64_t>(m_value));
    }
}

void lane_merge::add(unsigned lane, time_ps begin, time_ps end, std::uint64_t value) {
    if (lane > 1 || end < begin) {
        throw std::invalid_argument("lane_merge: interval [" + std::to_string(begin) + ", " +
                                    std::to_string(end) + ") ps on lane " + std::to_string(lane) +
                                    "; allowed lanes 0 and 1 and end >= begin");
    }
    if (begin < m_lane_end[lane] || begin < m_watermark) {
        throw std::runtime_error("lane_merge: interval starting at " + std::to_string(begin) +
                                 " ps on lane " + std::to_string(lane) +
                                 " overlaps its previous interval (ending " +
                                 std::to_string(m_lane_end[lane]) + " ps) or precedes the " +
                                 "watermark " + std::to_string(m_watermark) + " ps");
    }
    if (begin == end) {
        return;
    }
    m_lane_end[lane] = end;
    m_lanes[lane].push_back({begin, end, value});
}

void lane_merge::flush(time_ps watermark, const emit_change& emit) {
    m_watermark = std::max(m_watermark, watermark);
    while (m_cursor < m_watermark) {
        for (auto& lane : m_lanes) {
            while (!lane.empty() && lane.front().end <= m_cursor) {
                lane.pop_front();
            }
        }
        const auto covers = [this](const std::deque<interval>& lane) {
            return !lane.empty() && lane.front().begin <= m_cursor;
        };
        const std::uint64_t value = covers(m_lanes[0])   ? m_lanes[0].front().value
                                    : covers(m_lanes[1]) ? m_lanes[1].front().value
                                                         : m_idle;
        if (value != m_value) {
            m_value = value;
            emit(m_cursor, value);
        }
        time_ps next = m_watermark;
        for (const auto& lane : m_lanes) {
            if (!lane.empty()) {
                next = std::min(next, covers(lane) ? lane.front().end : lane.front().begin);
            }
        }
        m_cursor = next;
    }
}

} // namespace osvp::trace
