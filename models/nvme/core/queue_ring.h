// Head/tail arithmetic of one NVMe submission or completion queue (NVMe 1.4 section 4.1): a
// circular buffer of `entries` slots that is empty when head == tail and full when
// head == tail + 1 (mod entries), so it holds at most entries - 1 commands or completions.
#pragma once
#include <cstdint>

namespace osvp::nvme {

// Why a doorbell write was rejected. The front end reports every value other than `none` as an
// asynchronous event of type error status (5.2.1): `invalid_register` with information 00h
// (write to a doorbell of a queue that does not exist), the others with 01h (invalid value).
enum class doorbell_error {
    none,
    invalid_register, // queue does not exist (reported by queue_table)
    out_of_range,     // value >= queue size
    unchanged,        // value equals the current pointer (listed as invalid in 5.2.1)
    overflow,         // SQ tail passes the head: adds commands to a full queue
    underflow         // CQ head passes the tail: removes entries not yet posted
};

// Asynchronous event information code (5.2.1) for a doorbell error other than `none`.
std::uint8_t async_event_info(doorbell_error error);

// Printable name of a doorbell error, for logs and test messages.
const char* to_string(doorbell_error error);

// One queue's pointers and Phase Tags. The producer writes at tail, the consumer reads at head;
// either side may be the host (a doorbell write) or the controller (push/pop).
class queue_ring {
public:
    // A slot index together with the Phase Tag that belongs to it in the current pass (4.6.2).
    struct slot {
        std::uint32_t index;
        bool phase;
    };

    // A ring of `entries` slots, 2..65536 (4.1.3); throws std::invalid_argument otherwise.
    // Both pointers start at 0 and both Phase Tags at 1, as after queue creation.
    explicit queue_ring(std::uint32_t entries);

    // Number of slots (the 1's based queue size).
    std::uint32_t size() const { return m_size; }
    std::uint32_t head() const { return m_head; }
    std::uint32_t tail() const { return m_tail; }
    // Entries between head and tail.
    std::uint32_t count() const { return (m_tail + m_size - m_head) % m_size; }
    // Entries the producer may still add before the queue is full.
    std::uint32_t free_slots() const { return m_size - 1 - count(); }
    bool empty() const { return m_head == m_tail; }
    bool full() const { return free_slots() == 0; }
    // Phase Tag the producer writes into the entry at tail; flips each time tail wraps to 0.
    bool tail_phase() const { return m_tail_phase; }
    // Phase Tag a valid entry at head carries; flips each time head wraps to 0.
    bool head_phase() const { return m_head_phase; }

    // Producer side: claims the slot at tail and advances tail. Throws std::logic_error if full.
    slot push();
    // Consumer side: releases the slot at head and advances head. Throws std::logic_error if
    // empty.
    slot pop();

    // Host wrote the SQ Tail Doorbell (3.1.24): on success tail becomes `value`.
    doorbell_error write_tail(std::uint32_t value);
    // Host wrote the CQ Head Doorbell (3.1.25): on success head becomes `value`.
    doorbell_error write_head(std::uint32_t value);

private:
    std::uint32_t advance(std::uint32_t pointer, bool& phase) const;

    std::uint32_t m_size;
    std::uint32_t m_head = 0;
    std::uint32_t m_tail = 0;
    bool m_head_phase = true;
    bool m_tail_phase = true;
};

} // namespace osvp::nvme
