#include "host/replay_driver.h"

#include "common/sc_time_util.h"

#include <fstream>
#include <vector>

namespace osvp {

replay_driver::replay_driver(const sc_core::sc_module_name& name, const replay_config& config,
                             const trace_mapping& mapping, std::uint64_t buffer_bytes,
                             nvme_driver& driver)
    : sc_core::sc_module(name), m_config(config), m_mapping(mapping), m_buffer_bytes(buffer_bytes),
      m_driver(driver) {
    SC_HAS_PROCESS(replay_driver);
    SC_THREAD(main_thread);
}

void replay_driver::main_thread() {
    if (!m_driver.initialised()) {
        m_driver.initialise();
    }
    m_driver.open_io(m_config.queue_depth, m_buffer_bytes, "replay");
    if (m_config.precondition) {
        precondition();
    }
    std::ifstream in(m_config.file, std::ios::binary);
    trace_commands trace(in, m_config.file, m_mapping, m_config.request_limit);
    const bool paced = m_config.timing == "arrival";
    const time_ps start = now_ps();
    m_summary.first_submission = start;
    std::vector<time_ps> arrival_of(m_config.queue_depth, 0);
    std::optional<trace_command> next = trace.next();
    while (next || m_driver.io_in_flight() != 0) {
        for (; next; next = trace.next()) {
            const time_ps due = paced ? start + next->arrival : now_ps();
            const std::optional<std::uint16_t> slot = m_driver.idle_slot();
            if (due > now_ps() || !slot) {
                break;
            }
            if (paced && now_ps() > due) {
                m_slot_wait.record(now_ps() - due);
            }
            arrival_of[*slot] = due;
            m_requests += next->first_of_request ? 1 : 0;
            m_driver.submit_io(*slot, {next->request.op, next->request.slba, next->request.nlb});
        }
        time_ps wait_for = 0;
        if (next && paced && start + next->arrival > now_ps()) {
            wait_for = start + next->arrival - now_ps();
        }
        if (m_driver.io_in_flight() == 0) {
            wait(sc_core::sc_time::from_value(wait_for));
            continue;
        }
        const bool wake_on_arrival = wait_for > 0 && m_driver.idle_slot().has_value();
        if (wake_on_arrival) {
            m_arrival_event.notify(sc_core::sc_time::from_value(wait_for));
        }
        for (const io_completion& c :
             m_driver.wait_io(wake_on_arrival ? &m_arrival_event : nullptr)) {
            const bool read = c.request.op == io_op::read;
            const std::uint64_t bytes = std::uint64_t{c.request.nlb} * m_driver.lba_bytes();
            m_summary.record(read, c.status, bytes,
                             c.completed - (paced ? arrival_of[c.slot] : c.handed_over),
                             c.completed);
        }
        m_arrival_event.cancel();
    }
    m_finished = true;
    m_finished_event.notify(sc_core::SC_ZERO_TIME);
}

void replay_driver::precondition() {
    std::ifstream in(m_config.file, std::ios::binary);
    trace_commands trace(in, m_config.file, m_mapping, m_config.request_limit);
    const std::vector<lba_range> ranges = read_ranges(trace);
    m_driver.write_ranges(ranges, m_buffer_bytes / m_mapping.lba_bytes);
    m_preconditioned_lbas = 0;
    for (const lba_range& r : ranges) {
        m_preconditioned_lbas += r.end - r.first;
    }
}

nlohmann::json replay_driver::stats() const {
    return {{"file", m_config.file},
            {"timing", m_config.timing},
            {"time_scale", m_config.time_scale},
            {"queue_depth", m_config.queue_depth},
            {"requests", m_requests},
            {"commands", m_summary.commands},
            {"preconditioned_lbas", m_preconditioned_lbas},
            {"slot_wait", m_slot_wait.to_json()}};
}

} // namespace osvp
