#include "nvme/core/queue_ring.h"

#include "hal/nvme_spec.h"

#include <stdexcept>
#include <string>

namespace osvp::nvme {

std::uint8_t async_event_info(doorbell_error error) {
    switch (error) {
    case doorbell_error::invalid_register:
        return async_event::invalid_doorbell_register;
    case doorbell_error::out_of_range:
    case doorbell_error::unchanged:
    case doorbell_error::overflow:
    case doorbell_error::underflow:
        return async_event::invalid_doorbell_value;
    case doorbell_error::none:
        break;
    }
    throw std::invalid_argument("doorbell_error::none has no asynchronous event information code");
}

const char* to_string(doorbell_error error) {
    switch (error) {
    case doorbell_error::none:
        return "none";
    case doorbell_error::invalid_register:
        return "invalid_register";
    case doorbell_error::out_of_range:
        return "out_of_range";
    case doorbell_error::unchanged:
        return "unchanged";
    case doorbell_error::overflow:
        return "overflow";
    case doorbell_error::underflow:
        return "underflow";
    }
    return "unknown";
}

queue_ring::queue_ring(std::uint32_t entries) : m_size(entries) {
    if (entries < 2 || entries > max_queue_entries) {
        throw std::invalid_argument("queue size " + std::to_string(entries) +
                                    " entries is invalid; allowed 2.." +
                                    std::to_string(max_queue_entries));
    }
}

std::uint32_t queue_ring::advance(std::uint32_t pointer, bool& phase) const {
    const std::uint32_t next = (pointer + 1) % m_size;
    if (next == 0) {
        phase = !phase;
    }
    return next;
}

queue_ring::slot queue_ring::push() {
    if (full()) {
        throw std::logic_error("push on a full queue of " + std::to_string(m_size) + " entries");
    }
    const slot claimed{m_tail, m_tail_phase};
    m_tail = advance(m_tail, m_tail_phase);
    return claimed;
}

queue_ring::slot queue_ring::pop() {
    if (empty()) {
        throw std::logic_error("pop on an empty queue of " + std::to_string(m_size) + " entries");
    }
    const slot released{m_head, m_head_phase};
    m_head = advance(m_head, m_head_phase);
    return released;
}

doorbell_error queue_ring::write_tail(std::uint32_t value) {
    if (value >= m_size) {
        return doorbell_error::out_of_range;
    }
    if (value == m_tail) {
        return doorbell_error::unchanged;
    }
    const std::uint32_t added = (value + m_size - m_tail) % m_size;
    if (added > free_slots()) {
        return doorbell_error::overflow;
    }
    if (value < m_tail) {
        m_tail_phase = !m_tail_phase;
    }
    m_tail = value;
    return doorbell_error::none;
}

doorbell_error queue_ring::write_head(std::uint32_t value) {
    if (value >= m_size) {
        return doorbell_error::out_of_range;
    }
    if (value == m_head) {
        return doorbell_error::unchanged;
    }
    const std::uint32_t removed = (value + m_size - m_head) % m_size;
    if (removed > count()) {
        return doorbell_error::underflow;
    }
    if (value < m_head) {
        m_head_phase = !m_head_phase;
    }
    m_head = value;
    return doorbell_error::none;
}

} // namespace osvp::nvme
