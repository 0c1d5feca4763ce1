// A message queue between two firmware roles (shared controller SRAM) with an inter-processor
// interrupt: posting to an empty queue raises the receiving core's IPI line. The receiver
// acknowledges the IPI before draining, so a message posted during the drain is never lost.
#pragma once
#include "hal/hal.h"
#include "hal/memory_map.h"

#include <deque>

namespace osvp::fw {

template <typename T>
class mailbox {
public:
    explicit mailbox(unsigned receiver_core) : m_receiver(receiver_core) {}

    void post(hardware& h, const T& message) {
        const bool was_empty = m_items.empty();
        m_items.push_back(message);
        if (was_empty) {
            h.write32(memory_map::irq_base + irq::reg_raise, m_receiver);
        }
    }
    bool empty() const { return m_items.empty(); }
    T take() {
        T message = m_items.front();
        m_items.pop_front();
        return message;
    }
    unsigned receiver() const { return m_receiver; }

private:
    unsigned m_receiver;
    std::deque<T> m_items;
};

/// A page-sized flash job from the host interface to the flash layer: a block-device page
/// (read, program of logical page `page`) or an optimizer-window page (state_read,
/// state_program of plane `plane` of super-page `page`, update of super-page `page`), or the
/// read-path engine's whole optimizer step (step: every super-page; one page_done at the end).
struct page_request {
    enum class kind : std::uint8_t { read, program, state_read, state_program, update, step } op;
    std::uint8_t plane;
    std::uint32_t command;      ///< host interface command slot
    std::uint64_t page;         ///< logical page or super-page
    std::uint64_t dram_address; ///< page buffer
};

/// The flash layer's answer for one page_request.
struct page_done {
    std::uint32_t command;
    bool ok;
};

} // namespace osvp::fw
