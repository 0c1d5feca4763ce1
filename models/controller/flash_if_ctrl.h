// Flash interface controller of one channel (register interface in hal/flash_if.h). Firmware
// posts descriptors; one sequencer thread per die expands them into ONFI operations on the
// channel, merging queued reads or programs of the die that share block and page into one
// multi-plane operation, and moves the page data between SSD DRAM and the channel. Reads and
// erases wait for the die to be ready; a program waits only for its cache registers, so data-in
// overlaps the previous tPROG (cache program). When the next queued descriptor of a die is a read
// by the time a read's array operation ends (and its previous data out is over), the sequencer
// pipelines them with ONFI cache reads (31h for the next page of the same planes, 00h-addr-31h
// otherwise, 3Fh after the last): the next tR overlaps the data out of the current page [ours: the
// controller, which sees the die's queue and its timing, decides; the firmware posts plain reads].
// A read's pages cross the channel one at a time, each booked when the channel is free, and each
// page's DRAM write is booked when the page has crossed [ours: the channel and the DRAM port are
// first-come-first-served timelines, so booking a multi-plane data out ahead would make other
// dies' cache-read commands and the host DMA's DRAM accesses queue behind it; a controller
// arbitrates the bus per transfer]. Sequencers that act at the same simulated instant take the
// channel in turn: commands without data (which start a die's array operation) before transfers
// that carry data, each class in round-robin order starting after the die that used the channel
// last. A sequencer about to use the channel or the DRAM port lets those due at that instant with
// an earlier turn go first (one delta cycle each); one that has not yet said what it will do
// counts as a command [ours: the kernel's order of same-instant processes is arbitrary, and with
// first-come-first-served timelines it would decide who wins a tie; commands first keep the dies
// busy while the bus is the bottleneck]. Completions become visible at the simulated time the
// operation ends, and the interrupt line is high while any is waiting.
//
// On-die processing (flash_if.h): an odp_update runs the installed template's die commands
// (expand_template) for one super-page, after LCRs when the die has not loaded the update's
// constants generation. Every command but VPP and LCR waits for the die to be ready; VPP waits
// only for the cache registers, so a VPP followed by a BPR is issued after the BPR (its transfer
// overlapping tR) when the die is idle, and before it (overlapping the previous super-page's
// tPROG) when the die is busy [ours: VPP and BPP/BPR use different registers of the page buffer].
#pragma once
#include "common/register_window.h"
#include "common/sim_time.h"
#include "flash/flash_command.h"
#include "flash/update_plan.h"
#include "hal/flash_if.h"

#include <nlohmann/json.hpp>
#include <systemc>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include <deque>
#include <functional>
#include <memory>
#include <queue>
#include <string>
#include <vector>

namespace osvp {

class flash_if_ctrl : public sc_core::sc_module {
public:
    tlm_utils::simple_target_socket<flash_if_ctrl> regs;
    tlm_utils::simple_initiator_socket<flash_if_ctrl> to_channel;
    tlm_utils::simple_initiator_socket<flash_if_ctrl> to_memory;
    /// Drives the controller's interrupt line (level).
    std::function<void(bool)> irq;
    /// Called with the time (ps) and the change (+1 submitted, -n completed) of the descriptors
    /// queued and not yet completed (register QUEUED), for traces. Submissions carry the
    /// firmware's local time, so calls are not in time order. May be empty.
    std::function<void(time_ps, int)> on_queue_change;
    /// Called for every odp_update that completes ok with the time (ps) its sequence started
    /// (constants and gradient fetch) and the completion of its program. May be empty.
    std::function<void(time_ps start, time_ps end)> on_update;

    SC_HAS_PROCESS(flash_if_ctrl);
    flash_if_ctrl(const sc_core::sc_module_name& name, const flash_config& config);
    ~flash_if_ctrl() override;

    nlohmann::json stats() const;
    /// The controller's state in words, for debuggers: descriptors in flight, each die's
    /// sequencer (idle, or when it resumes), when the die is ready and its queue, and the oldest
    /// completion waiting to be read.
    std::string describe() const;

private:
    /// The template and constants an odp_update uses: those installed when it was submitted.
    struct odp_setup {
        std::vector<die_step> steps;
        bool template_ok = false;
        fw::fic::odp_constants constants{};
        bool constants_ok = false;
    };
    struct queued {
        fw::fic::descriptor desc;
        time_ps arrival;
        std::shared_ptr<const odp_setup> setup; ///< odp_update only
    };
    struct part {
        unsigned plane;
        std::uint64_t dram_address;
    };
    struct lane {
        unsigned die = 0;
        std::deque<queued> queue;
        sc_core::sc_event wake; ///< notified at a descriptor's arrival while the lane is idle
        bool idle = false;
        /// Set while the sequencer waits to resume at `resume_at` (a timed wait, an idle lane's
        /// wake at a descriptor's arrival, or a turn deferred to the next delta cycle).
        bool waiting = false;
        time_ps resume_at = 0;
        bool moves_data = false; ///< giving way for a channel transfer that carries data
        time_ps ready = 0;
        time_ps cache_ready = 0;
        /// End of the lane's latest update step on the channel: the next step waits for it
        /// together with the die, in one wait.
        time_ps bus_done = 0;
        bool constants_loaded = false;
        std::uint32_t constants_generation = 0;
        std::vector<std::uint8_t> buffer;
        std::vector<std::uint32_t> tags;         ///< descriptors merged into the current operation
        std::vector<std::uint32_t> chained_tags; ///< those of the cache read after it
        std::vector<part> parts;                 ///< the current operation's pages, by plane
        std::vector<part> chained_parts;         ///< those of the cache read after it
        tlm::tlm_generic_payload flash_trans;
        flash_command command;
        tlm::tlm_generic_payload memory_trans;
    };
    struct timed_completion {
        time_ps at;
        std::uint64_t sequence;
        fw::fic::completion entry;
        bool operator>(const timed_completion& o) const {
            return at != o.at ? at > o.at : sequence > o.sequence;
        }
    };

    /// Declares the registers of hal/flash_if.h in m_regs.
    void map_registers();
    void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
    unsigned transport_dbg(tlm::tlm_generic_payload& trans);
    void submit(const fw::fic::descriptor& desc, time_ps arrival);
    fw::fic::completion pop_completion();
    bool valid(const fw::fic::descriptor& desc) const;

    static fw::fic::status to_fic(flash_status status);
    void run_lane(unsigned die);
    /// Whether queued `q` joins `head` into one multi-plane operation (same op and page, other
    /// planes, arrived by `now`).
    static bool merges_into(const queued& q, const fw::fic::descriptor& head, time_ps now);
    /// Merges the queued descriptors that join `head` into it; their tags and pages (by plane)
    /// into `tags` and `parts`.
    void gather(lane& l, fw::fic::descriptor& head, std::vector<std::uint32_t>& tags,
                std::vector<part>& parts);
    /// Takes the queue's front (merged) into `next` and the lane's chained tags and parts when it
    /// is a read that has arrived.
    bool take_chained_read(lane& l, fw::fic::descriptor& next);
    /// Reads the lane's parts, pipelining following reads with cache reads.
    void execute_read(lane& l, fw::fic::descriptor op);
    /// Data out of `parts` from the cache registers into DRAM; completes the lane's tags.
    void output_pages(lane& l, const fw::fic::descriptor& op, const std::vector<part>& parts,
                      fw::fic::status status);
    /// Moves `parts` out of the die one page at a time, each when the channel is free, and
    /// writes each to DRAM once it has crossed; sets the lane ready after the last data out and
    /// returns when the last DRAM write ends. A failure is folded into `status`.
    time_ps pages_to_dram(lane& l, const fw::fic::descriptor& op, const std::vector<part>& parts,
                          fw::fic::status& status);
    void execute_program(lane& l, const fw::fic::descriptor& op, const std::vector<part>& parts);
    void execute_erase(lane& l, const fw::fic::descriptor& op);
    void execute_update(lane& l, const fw::fic::descriptor& op, const odp_setup& setup);
    /// Read-path update tail: RCACHE `mask`, then each plane's page out to DRAM (plane p at
    /// dram_address + p pages); returns when the last page is in DRAM.
    time_ps read_out(lane& l, const fw::fic::descriptor& at, std::uint8_t mask,
                     std::uint64_t dram_address, fw::fic::status& status);
    flash_status load_constants(lane& l, unsigned die, const fw::fic::odp_constants& c);
    flash_status issue_step(lane& l, const die_step& step, const fw::fic::descriptor& at,
                            time_ps data_ready);
    /// The template or constants of updates submitted from now on (reg_template, reg_constants).
    void install(const hal::odp_template& t);
    void install(const fw::fic::odp_constants& c);
    sc_core::sc_time flash(lane& l, flash_op op, unsigned die, unsigned plane_mask,
                           const fw::fic::descriptor& at, std::uint8_t* data, unsigned length,
                           sc_core::sc_time delay);
    sc_core::sc_time memory(lane& l, tlm::tlm_command command, std::uint64_t address,
                            std::uint8_t* data, unsigned length, sc_core::sc_time delay);
    /// Waits until `t` (no wait when it is not in the future), marking `l` as due then.
    void wait_until(lane& l, time_ps t);
    /// Returns once no other sequencer due now has an earlier turn than `l` about to use the
    /// channel for a transfer that carries data (`moves_data`) or for a command or DRAM access.
    void take_turn(lane& l, bool moves_data);
    bool defers(const lane& l, time_ps now) const;
    /// `l`'s place in the order of same-instant requests: its round-robin position (0 for the
    /// die after the one that used the channel last), after every command when it moves data.
    unsigned turn(const lane& l) const;
    /// Page `index` of the lane's staging buffer; nullptr in timing mode, where the dies hold no
    /// bytes, so DRAM and the channel move none (timing unchanged).
    std::uint8_t* page_data(lane& l, std::size_t index) const;

    void complete_at(time_ps at, std::uint32_t tag, fw::fic::status status);
    void deliver();

    const flash_config& m_config;
    register_window m_regs;
    std::vector<std::unique_ptr<lane>> m_lanes;
    std::priority_queue<timed_completion, std::vector<timed_completion>, std::greater<>> m_future;
    std::deque<fw::fic::completion> m_done;
    sc_core::sc_event m_due;
    std::uint64_t m_sequence = 0;
    time_ps m_bus_free = 0;  ///< end of the latest channel booking (ps)
    unsigned m_last_die = 0; ///< the die that booked the channel last
    std::uint64_t m_queued = 0;
    std::shared_ptr<const odp_setup> m_setup = std::make_shared<odp_setup>();
    std::uint64_t m_ops[5] = {};
    std::uint64_t m_lcrs = 0;
    std::uint64_t m_merged_planes = 0;
    std::uint64_t m_cache_reads = 0;
    std::uint64_t m_rejected = 0;
};

} // namespace osvp
