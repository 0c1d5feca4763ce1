#include "nvme/nvme_frontend.h"

#include "common/sc_time_util.h"
#include "hal/memory_map.h"

#include <cstring>
#include <string>

namespace osvp {
namespace {

const nvme_config& validated(const nvme_config& config) {
    config.validate();
    return config;
}

static_assert(fw::irq::nvme_command < 2 && fw::irq::nvme_dma < 2,
              "the front end keeps the level of its two interrupt lines by line number");

} // namespace

nvme_frontend::nvme_frontend(const sc_core::sc_module_name& name, const nvme_config& config)
    : sc_module(name), bar0("bar0"), regs("regs"), to_host("to_host"), to_memory("to_memory"),
      m_config(validated(config)), m_queues(m_config.queues()), m_registers(m_config, m_queues),
      m_engines(std::make_unique<dma_engine[]>(m_config.dma_engines)) {
    bar0.register_b_transport(this, &nvme_frontend::bar0_transport);
    bar0.register_transport_dbg(this, &nvme_frontend::bar0_debug);
    regs.register_b_transport(this, &nvme_frontend::regs_transport);
    regs.register_transport_dbg(this, &nvme_frontend::regs_debug);
    map_registers();
    SC_METHOD(apply_writes_method);
    sensitive << m_write_due;
    dont_initialize();
    SC_THREAD(fetch_thread);
    SC_THREAD(completion_thread);
    for (unsigned engine = 0; engine < m_config.dma_engines; ++engine) {
        sc_core::sc_spawn([this, engine] { dma_thread(engine); },
                          ("dma_engine_" + std::to_string(engine)).c_str());
    }
}

void nvme_frontend::bar0_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
    const std::uint64_t offset = trans.get_address();
    const unsigned bytes = trans.get_data_length();
    if (trans.get_byte_enable_ptr() != nullptr) {
        trans.set_response_status(tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE);
        return;
    }
    if (trans.get_streaming_width() < bytes) {
        trans.set_response_status(tlm::TLM_BURST_ERROR_RESPONSE);
        return;
    }
    if (trans.is_write() == trans.is_read() ||
        !m_registers.valid_access(offset, bytes, trans.is_write())) {
        trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
        return;
    }
    const time_ps at = to_ps(kernel_time() + delay);
    std::uint64_t value = 0;
    if (trans.is_write()) {
        std::memcpy(&value, trans.get_data_ptr(), bytes);
        m_pending_writes.emplace(at, pending_write{offset, bytes, value});
        m_write_due.notify(delay);
    } else {
        apply_due_writes(at);
        value = m_registers.read(offset, bytes, at);
        std::memcpy(trans.get_data_ptr(), &value, bytes);
    }
    trans.set_response_status(tlm::TLM_OK_RESPONSE);
}

unsigned nvme_frontend::bar0_debug(tlm::tlm_generic_payload& trans) {
    const std::uint64_t offset = trans.get_address();
    const unsigned bytes = trans.get_data_length();
    if (!trans.is_read() || !m_registers.valid_access(offset, bytes, false)) {
        return 0;
    }
    const std::uint64_t value = m_registers.read(offset, bytes, now_ps());
    std::memcpy(trans.get_data_ptr(), &value, bytes);
    return bytes;
}

void nvme_frontend::apply_due_writes(time_ps until) {
    while (!m_pending_writes.empty() && m_pending_writes.begin()->first <= until) {
        const auto [at, write] = *m_pending_writes.begin();
        m_pending_writes.erase(m_pending_writes.begin());
        handle(m_registers.write(write.offset, write.bytes, write.value, at), at);
    }
}

void nvme_frontend::apply_writes_method() {
    const time_ps now = now_ps();
    apply_due_writes(now);
    if (!m_pending_writes.empty()) {
        m_write_due.notify(to_sc(m_pending_writes.begin()->first - now));
    }
}

void nvme_frontend::handle(const bar0_effect& effect, time_ps at) {
    const time_ps now = now_ps();
    const sc_core::sc_time after = to_sc(at > now ? at - now : 0);
    switch (effect.what) {
    case bar0_effect::kind::doorbell:
        if (effect.error != nvme::doorbell_error::none) {
            ++m_stats.doorbell_errors;
            SC_REPORT_WARNING(name(),
                              ("invalid doorbell write ignored: " +
                               std::string(effect.completion_queue ? "CQ " : "SQ ") +
                               std::to_string(effect.qid) +
                               (effect.completion_queue ? " head = " : " tail = ") +
                               std::to_string(effect.value) + " (" + nvme::to_string(effect.error) +
                               "); Asynchronous Event Requests are not implemented")
                                  .c_str());
        } else if (effect.completion_queue) {
            report_cq_depth(effect.qid);
            m_completion_wake.notify(after);
        } else {
            report_depth(effect.qid);
            m_fetch_wake.notify(after);
        }
        break;
    case bar0_effect::kind::enabled:
        if (!effect.enable_status.ok()) {
            SC_REPORT_INFO(name(), "CC.EN = 1 with invalid admin queue or CC settings: CSTS.CFS");
        }
        break;
    case bar0_effect::kind::reset:
        reset_work();
        break;
    case bar0_effect::kind::none:
        break;
    }
}

void nvme_frontend::reset_work() {
    ++m_epoch;
    m_stats.dropped_by_reset += m_fifo.size() + m_completions.size();
    m_fifo.clear();
    m_completions.clear();
    m_in_flight.clear();
    m_fetch_times.clear();
    m_last_sq = 0xFFFF;
    set_line(fw::irq::nvme_command, false);
    m_completion_wake.notify(sc_core::SC_ZERO_TIME);
}

namespace {

bool access(tlm_utils::simple_initiator_socket<nvme_frontend>& socket,
            tlm::tlm_generic_payload& trans, tlm::tlm_command command, std::uint64_t address,
            void* data, std::uint64_t length, sc_core::sc_time& delay) {
    trans.set_command(command);
    trans.set_address(address);
    trans.set_data_ptr(static_cast<unsigned char*>(data));
    trans.set_data_length(static_cast<unsigned>(length));
    trans.set_streaming_width(static_cast<unsigned>(length));
    trans.set_byte_enable_ptr(nullptr);
    trans.set_dmi_allowed(false);
    trans.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    socket->b_transport(trans, delay);
    return trans.is_response_ok();
}

} // namespace

bool nvme_frontend::host_access(tlm::tlm_generic_payload& trans, tlm::tlm_command command,
                                std::uint64_t address, void* data, std::uint64_t length,
                                sc_core::sc_time& delay) {
    return access(to_host, trans, command, address, data, length, delay);
}

bool nvme_frontend::memory_access(tlm::tlm_generic_payload& trans, tlm::tlm_command command,
                                  std::uint64_t address, void* data, std::uint64_t length,
                                  sc_core::sc_time& delay) {
    return access(to_memory, trans, command, address, data, length, delay);
}

void nvme_frontend::wait_until(time_ps t) {
    const time_ps now = now_ps();
    if (t > now) {
        sc_core::wait(to_sc(t - now));
    }
}

void nvme_frontend::set_line(unsigned line, bool level) {
    if (m_line_level[line] == level) {
        return;
    }
    m_line_level[line] = level;
    if (irq) {
        irq(line, level);
    }
}

void nvme_frontend::report_depth(std::uint16_t sqid) {
    if (!on_queue_depth) {
        return;
    }
    const nvme::submission_queue* sq = m_queues.find_sq(sqid);
    const auto in_flight = m_in_flight.find(sqid);
    const unsigned depth =
        (sq ? sq->ring.count() : 0) + (in_flight == m_in_flight.end() ? 0 : in_flight->second);
    on_queue_depth(now_ps(), sqid, depth);
}

void nvme_frontend::report_cq_depth(std::uint16_t cqid) {
    if (!on_cq_depth) {
        return;
    }
    const nvme::completion_queue* cq = m_queues.find_cq(cqid);
    on_cq_depth(now_ps(), cqid, cq ? cq->ring.count() : 0);
}

nlohmann::json nvme_frontend::stats() const {
    const counters& s = m_stats;
    return {{"commands_fetched", s.commands_fetched},
            {"bytes_host_to_dram", s.bytes_host_to_dram},
            {"bytes_dram_to_host", s.bytes_dram_to_host},
            {"dma_transfers", s.dma_transfers},
            {"dma_errors", s.dma_errors},
            {"completions_posted", s.completions_posted},
            {"msi_sent", s.msi_sent},
            {"doorbell_errors", s.doorbell_errors},
            {"fetch_errors", s.fetch_errors},
            {"host_write_errors", s.host_write_errors},
            {"cq_full_stalls", s.cq_full_stalls},
            {"aborted_by_sq_deletion", s.aborted_by_sq_deletion},
            {"dropped_by_reset", s.dropped_by_reset},
            {"max_fifo_occupancy", s.max_fifo_occupancy}};
}

} // namespace osvp
