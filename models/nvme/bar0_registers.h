// The controller registers of BAR0 (NVMe 1.4 section 3.1) as plain state: CAP, VS, INTMS/INTMC,
// CC, CSTS, AQA, ASQ, ACQ and the doorbells. CC.EN and CC.SHN transitions act on the queue table
// and change CSTS after the configured ready delay; a doorbell write goes to the queue table,
// whose verdict the caller reports. Times are the instants the accesses reach the controller.
#pragma once
#include "common/sim_time.h"
#include "nvme/core/queue_table.h"
#include "nvme/nvme_config.h"

#include <cstdint>

namespace osvp {

/// What a BAR0 write did beyond updating a register, for the front end to act on.
struct bar0_effect {
    enum class kind {
        none,     ///< a plain register update (or an ignored write to a read-only register)
        enabled,  ///< CC.EN 0->1; `enable_status` is the queue table's verdict
        reset,    ///< CC.EN 1->0: every queue was deleted (7.3)
        doorbell, ///< a doorbell write; `error` is none when the queue table accepted it
    };
    kind what = kind::none;
    nvme::status enable_status;
    std::uint16_t qid = 0;
    bool completion_queue = false; ///< CQ head doorbell (true) or SQ tail doorbell (false)
    std::uint32_t value = 0;
    nvme::doorbell_error error = nvme::doorbell_error::none;
};

class bar0_registers {
public:
    /// `queues` must outlive this object; the config must be valid.
    bar0_registers(const nvme_config& config, nvme::queue_table& queues);

    /// Bytes of BAR0 decoded: registers up to 1000h, then the doorbells of queues
    /// 0..max_io_queues with CAP.DSTRD = 0.
    std::uint64_t size() const { return m_size; }
    /// CAP (3.1.1): MQES, CQR = 1, TO from the ready delay, DSTRD = 0, CSS = NVM, MPSMIN =
    /// MPSMAX = 0 (4 KiB pages only).
    std::uint64_t cap() const { return m_cap; }
    /// CSTS (3.1.6) as seen by an access arriving at time `at` (ps).
    std::uint32_t csts(time_ps at) const { return m_csts.value(at); }

    /// True if an access of `bytes` at `offset` is allowed: 4-byte accesses aligned to 4 below
    /// 1000h (reserved registers read 0 and ignore writes), 8-byte accesses to CAP, ASQ and ACQ,
    /// and 4-byte doorbell writes (doorbell reads return 0). Everything else is an address error.
    bool valid_access(std::uint64_t offset, unsigned bytes, bool write) const;
    /// Value of a valid read at time `at`.
    std::uint64_t read(std::uint64_t offset, unsigned bytes, time_ps at) const;
    /// Applies a valid write arriving at time `at`.
    bar0_effect write(std::uint64_t offset, unsigned bytes, std::uint64_t value, time_ps at);
    /// Sets CSTS.CFS from `at` on: the controller met an error it cannot recover from (9.5).
    void set_fatal(time_ps at);

private:
    /// CSTS moving from `before` to `after` at instant `at`: one transition pending at a time.
    struct timed_status {
        std::uint32_t before = 0;
        std::uint32_t after = 0;
        time_ps at = 0;
        std::uint32_t value(time_ps t) const { return t >= at ? after : before; }
        void change(time_ps now, std::uint32_t target, time_ps when);
    };

    bar0_effect write_cc(std::uint32_t value, time_ps at);
    bar0_effect write_doorbell(std::uint64_t offset, std::uint32_t value);
    static std::uint64_t merge(std::uint64_t reg, std::uint64_t offset_in_reg, unsigned bytes,
                               std::uint64_t value);

    nvme_config m_config;
    nvme::queue_table* m_queues;
    std::uint64_t m_size;
    std::uint64_t m_cap;
    std::uint32_t m_intms = 0;
    std::uint32_t m_cc = 0;
    std::uint32_t m_aqa = 0;
    std::uint64_t m_asq = 0;
    std::uint64_t m_acq = 0;
    timed_status m_csts;
};

} // namespace osvp
