// The block workload of the NVMe host driver on top of its asynchronous I/O engine: verify data,
// LBA-slot conflicts in verify mode, the run summary, and writing LBA ranges before a run
// (block and replay mode's preconditioning).
#include "host/nvme_driver.h"

#include "common/sc_time_util.h"
#include "host/verify_pattern.h"

#include <algorithm>
#include <set>
#include <string>
#include <vector>

namespace osvp {
namespace {

/// Per-run verify state: the seed written by each slot and the LBA slots being accessed.
struct verify_state {
    std::vector<std::uint64_t> slot_seeds;
    std::set<std::uint64_t> busy_lba_slots;
    verify_record record;
    std::uint64_t next_seed = 1;
};

} // namespace

void nvme_driver::write_ranges(const std::vector<lba_range>& ranges, std::uint64_t most_lbas) {
    auto range = ranges.begin();
    std::uint64_t lba = range != ranges.end() ? range->first : 0;
    while (range != ranges.end() || io_in_flight() != 0) {
        for (auto slot = idle_slot(); slot && range != ranges.end(); slot = idle_slot()) {
            const auto nlb = static_cast<std::uint32_t>(std::min(range->end - lba, most_lbas));
            submit_io(*slot, {io_op::write, lba, nlb});
            lba += nlb;
            if (lba == range->end && ++range != ranges.end()) {
                lba = range->first;
            }
        }
        if (io_in_flight() != 0) {
            wait_io();
        }
    }
}

void nvme_driver::run_workload() {
    if (!initialised()) {
        throw std::logic_error(std::string(name()) + ": run_workload before initialise");
    }
    workload load(m_workload, lba_bytes(), m_namespace.nsze);
    open_io(m_workload.queue_depth, m_workload.request_bytes, "workload");
    const bool verify = m_workload.verify;
    verify_state state;
    state.slot_seeds.assign(m_workload.queue_depth, 0);
    if (m_workload.precondition) {
        const std::uint64_t first = m_workload.first_lba;
        write_ranges({{first, first + load.slots() * load.blocks_per_request()}},
                     load.blocks_per_request());
    }
    m_summary.first_submission = now_ps();
    std::optional<block_request> pending;
    for (;;) {
        while (pending || !load.done()) {
            const std::optional<std::uint16_t> slot = idle_slot();
            if (!slot) {
                break;
            }
            const block_request request = pending ? *pending : load.next();
            pending.reset();
            if (verify && state.busy_lba_slots.count(load.slot_of(request.slba)) != 0) {
                pending = request;
                break;
            }
            if (verify) {
                state.busy_lba_slots.insert(load.slot_of(request.slba));
            }
            if (verify && request.op == io_op::write) {
                const std::uint64_t bytes = std::uint64_t{request.nlb} * lba_bytes();
                const std::uint64_t seed = m_workload.seed ^ mix64(state.next_seed++);
                state.slot_seeds[*slot] = seed;
                std::vector<std::uint8_t> data(bytes);
                fill_pattern(seed, request.slba * lba_bytes(), data.data(), bytes);
                m_memory.storage().write(slot_buffer(*slot), data.data(), bytes);
            }
            submit_io(*slot, {request.op, request.slba, request.nlb});
        }
        if (io_in_flight() == 0) {
            break;
        }
        for (const io_completion& c : wait_io()) {
            const io_request& r = c.request;
            const bool read = r.op == io_op::read;
            const std::uint64_t bytes = std::uint64_t{r.nlb} * lba_bytes();
            const std::uint64_t lba_slot = load.slot_of(r.slba);
            m_summary.record(read, c.status, bytes, c.latency(), c.completed);
            state.busy_lba_slots.erase(lba_slot);
            if (!c.status.ok()) {
                if (verify && !read) {
                    state.record.forget(lba_slot);
                }
                continue;
            }
            if (!verify) {
                continue;
            }
            if (!read) {
                state.record.written(lba_slot, state.slot_seeds[c.slot]);
                continue;
            }
            const std::optional<std::uint64_t> seed = state.record.expected(lba_slot);
            if (!seed) {
                ++m_summary.unverified_reads;
                continue;
            }
            std::vector<std::uint8_t> data(bytes);
            m_memory.storage().read(slot_buffer(c.slot), data.data(), bytes);
            ++m_summary.verified_reads;
            m_summary.mismatched_reads +=
                count_mismatches(*seed, r.slba * lba_bytes(), data.data(), bytes) != 0 ? 1 : 0;
        }
    }
}

} // namespace osvp
