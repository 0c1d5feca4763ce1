// The firmware's flash layer (FTL core): maps host page requests with the page-mapped FTL,
// posts command descriptors to the channels' flash interface controllers, collects their
// completions, and runs greedy garbage collection per die when its free super-blocks run low.
// Host programs that would take a die's last free super-block wait until GC has erased one.
// Super-page updates run in the dies (OptimStore) or, staged through DRAM buffers
// (flash_layer_staged.cpp), on the controller ISP engine (C-ISP) or the dies' read path
// (DeepStore).
#pragma once
#include "ftl/page_ftl.h"
#include "fw/dram_layout.h"
#include "fw/firmware_config.h"
#include "fw/mailbox.h"
#include "fw/optimizer_state.h"
#include "hal/flash_if.h"

#include <deque>
#include <vector>

namespace osvp::fw {

class flash_layer {
public:
    flash_layer(const firmware_config& config, optimizer_state& optimizer,
                mailbox<page_request>& inbox, mailbox<page_done>& to_host);

    /// Drains the inbox and dispatches what the FTL can place.
    void on_requests(hardware& h);
    /// Handles every completion waiting in channel `channel`'s controller.
    void on_flash(hardware& h, unsigned channel);
    /// Handles every completion waiting in the controller ISP engine (C-ISP).
    void on_isp(hardware& h);

    const page_ftl& ftl() const { return m_ftl; }
    std::uint64_t gc_runs() const { return m_gc_runs; }
    /// Super-page updates dispatched to the dies.
    std::uint64_t updates() const { return m_updates; }
    /// Page reads of never written pages, served as zeros without flash access.
    std::uint64_t unwritten_reads() const { return m_unwritten_reads; }
    /// One line per die with GC in progress, for debugging.
    std::string describe() const;

private:
    static constexpr unsigned kind_shift = 29;
    static constexpr std::uint32_t index_mask = (1u << kind_shift) - 1;
    enum class tag_kind : std::uint32_t {
        host = 0,
        gc_read = 1,
        gc_program = 2,
        erase = 3,
        reservoir_erase = 4,
        staged_read = 5,   ///< states of a staged update are in its DRAM buffer
        staged_program = 6 ///< new states of a staged update are programmed
    };
    /// A super-page update through a DRAM staging buffer (controller and read-path engines).
    struct staged_update {
        page_request request;
        super_page to;
    };
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

    bool dispatch(hardware& h, const page_request& request);
    std::optional<phys_page> place(hardware& h, const page_request& request);
    bool dispatch_update(hardware& h, const page_request& request);
    /// Where an update of super-page `sp` reads (its current place, or the destination on its
    /// first update) and programs (the die's next place in program order).
    struct update_route {
        super_page source;
        super_page to;
    };
    /// nullopt when the reservoir has no free super-page left (a reservoir erase is started).
    std::optional<update_route> route_update(hardware& h, std::uint64_t sp);
    /// Submits an odp_update descriptor for `route` to the destination's channel.
    void submit_update(hardware& h, const update_route& route, std::uint8_t read_out_mask,
                       std::uint32_t tag, std::uint64_t dram_address);
    /// Counts an update; every reservoir's worth of updates starts a reservoir erase.
    void count_update(hardware& h);
    std::uint32_t host_tag(std::uint32_t command);
    void erase_reservoir(hardware& h);
    void reservoir_erase_done(hardware& h, std::uint32_t index);
    void submit(hardware& h, fic::opcode op, const phys_page& where, std::uint32_t tag,
                std::uint64_t dram_address);
    void finish_host(hardware& h, std::uint32_t index, bool ok);
    bool dispatch_staged(hardware& h, const page_request& request);
    void start_step(hardware& h, const page_request& request);
    void pump_step(hardware& h);
    void staged_read_done(hardware& h, std::uint32_t index, bool ok);
    void staged_program(hardware& h, std::uint32_t index);
    void staged_done(hardware& h, std::uint32_t index, bool ok);
    void start_gc(hardware& h, std::uint32_t channel, std::uint32_t die);
    void gc_advance(hardware& h, std::uint64_t die_index);
    void gc_read_done(hardware& h, std::uint64_t die_index, std::uint32_t slot);
    void gc_program_done(hardware& h, std::uint64_t die_index, std::uint32_t slot);
    void erase_done(hardware& h, std::uint64_t die_index);
    void retry_stalled(hardware& h);
    std::uint64_t die_index(std::uint32_t channel, std::uint32_t die) const {
        return std::uint64_t{channel} * m_config.geometry.dies_per_channel + die;
    }

    const firmware_config& m_config;
    optimizer_state& m_optimizer;
    dram_layout m_layout;
    page_ftl m_ftl;
    mailbox<page_request>& m_inbox;
    mailbox<page_done>& m_to_host;
    std::vector<host_op> m_ops;
    std::vector<std::uint32_t> m_free_ops;
    std::deque<page_request> m_stalled;
    std::vector<gc_state> m_gc;
    std::vector<std::uint8_t> m_zero_page;
    std::vector<std::optional<super_block_ref>> m_reservoir_erases; ///< in flight, by tag index
    std::vector<staged_update> m_staged;
    std::vector<std::uint32_t> m_free_staging;
    std::deque<std::uint64_t> m_step_pending; ///< super-pages of the read-path step not started
    std::uint32_t m_step_command = 0;
    std::uint64_t m_step_remaining = 0;
    bool m_step_ok = true;
    std::uint64_t m_updates = 0;
    std::uint64_t m_gc_runs = 0;
    std::uint64_t m_unwritten_reads = 0;
};

} // namespace osvp::fw
