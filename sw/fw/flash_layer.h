// The firmware's flash layer (FTL core): maps host page requests with the page-mapped FTL,
// posts command descriptors to the channels' flash interface controllers, collects their
// completions, and runs greedy garbage collection per die when its free super-blocks run low.
// Host programs that would take a die's last free super-block wait until GC has erased one.
#pragma once
#include "fw/dram_layout.h"
#include "fw/firmware_config.h"
#include "fw/mailbox.h"
#include "ftl/page_ftl.h"
#include "hal/flash_if.h"

#include <deque>
#include <vector>

namespace osvp::fw {

class flash_layer {
public:
    flash_layer(const firmware_config& config, mailbox<page_request>& inbox,
                mailbox<page_done>& to_host);

    /// Drains the inbox and dispatches what the FTL can place.
    void on_requests(hal& h);
    /// Handles every completion waiting in channel `channel`'s controller.
    void on_flash(hal& h, unsigned channel);

    const page_ftl& ftl() const { return m_ftl; }
    std::uint64_t gc_runs() const { return m_gc_runs; }
    /// One line per die with GC in progress, for debugging.
    std::string describe() const;

private:
    enum class tag_kind : std::uint32_t { host = 0, gc_read = 1, gc_program = 2, erase = 3 };
    struct host_op {
        std::uint32_t command;
        bool in_use;
    };
    struct gc_state {
        bool active = false;
        gc_victim victim;
        std::size_t next = 0;
        std::vector<std::uint32_t> free_slots;
        std::vector<std::size_t> slot_page; ///< victim page index held by each slot
        unsigned in_flight = 0;
    };

    bool dispatch(hal& h, const page_request& request);
    void submit(hal& h, fic::opcode op, const phys_page& where, std::uint32_t tag,
                std::uint64_t dram_address);
    void finish_host(hal& h, std::uint32_t index, bool ok);
    void start_gc(hal& h, std::uint32_t channel, std::uint32_t die);
    void gc_advance(hal& h, std::uint64_t die_index);
    void gc_read_done(hal& h, std::uint64_t die_index, std::uint32_t slot);
    void gc_program_done(hal& h, std::uint64_t die_index, std::uint32_t slot);
    void erase_done(hal& h, std::uint64_t die_index);
    void retry_stalled(hal& h);
    std::uint64_t die_index(std::uint32_t channel, std::uint32_t die) const {
        return std::uint64_t{channel} * m_config.geometry.dies_per_channel + die;
    }

    const firmware_config& m_config;
    dram_layout m_layout;
    page_ftl m_ftl;
    mailbox<page_request>& m_inbox;
    mailbox<page_done>& m_to_host;
    std::vector<host_op> m_ops;
    std::vector<std::uint32_t> m_free_ops;
    std::deque<page_request> m_stalled;
    std::vector<gc_state> m_gc;
    std::vector<std::uint8_t> m_zero_page;
    std::uint64_t m_gc_runs = 0;
};

} // namespace osvp::fw
