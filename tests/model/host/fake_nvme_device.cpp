#include "fake_nvme_device.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>

namespace osvp::test {
namespace {

constexpr std::uint64_t register_bytes = 0x38;

time_ps now_ps() {
    return sc_core::sc_time_stamp().value();
}

} // namespace

fake_nvme_device::fake_nvme_device(const sc_core::sc_module_name& name,
                                   const fake_device_params& params)
    : sc_core::sc_module(name), bar0("bar0"), dma("dma"), m_params(params) {
    m_cap = nvme::cap::MQES::set(0, params.mqes);
    m_cap = nvme::cap::CQR::set(m_cap, 1);
    m_cap = nvme::cap::TO::set(m_cap, params.timeout_units);
    m_cap = nvme::cap::CSS::set(m_cap, 1);
    bar0.register_b_transport(this, &fake_nvme_device::b_transport);
    bar0.register_transport_dbg(this, &fake_nvme_device::transport_dbg);
    SC_HAS_PROCESS(fake_nvme_device);
    SC_METHOD(become_ready);
    sensitive << m_ready_event;
    dont_initialize();
    SC_THREAD(worker);
}

void fake_nvme_device::register_image(std::uint8_t* image) const {
    std::memset(image, 0, register_bytes);
    const std::uint32_t vs = nvme::version_1_4;
    std::memcpy(image + nvme::reg::CAP, &m_cap, 8);
    std::memcpy(image + nvme::reg::VS, &vs, 4);
    std::memcpy(image + nvme::reg::CC, &m_cc, 4);
    std::memcpy(image + nvme::reg::CSTS, &m_csts, 4);
    std::memcpy(image + nvme::reg::AQA, &m_aqa, 4);
    std::memcpy(image + nvme::reg::ASQ, &m_asq, 8);
    std::memcpy(image + nvme::reg::ACQ, &m_acq, 8);
}

unsigned fake_nvme_device::transport_dbg(tlm::tlm_generic_payload& trans) {
    std::uint8_t image[register_bytes];
    register_image(image);
    const std::uint64_t a = trans.get_address();
    const unsigned n = trans.get_data_length();
    if (!trans.is_read() || a + n > register_bytes) {
        return 0;
    }
    std::memcpy(trans.get_data_ptr(), image + a, n);
    return n;
}

void fake_nvme_device::b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
    const std::uint64_t a = trans.get_address();
    const unsigned n = trans.get_data_length();
    trans.set_response_status(tlm::TLM_OK_RESPONSE);
    if (a >= nvme::reg::DOORBELL_BASE && trans.is_write() && n == 4) {
        std::uint32_t value = 0;
        std::memcpy(&value, trans.get_data_ptr(), 4);
        m_doorbells.emplace(now_ps() + delay.value(), std::make_pair(a, value));
        m_work_event.notify(delay);
    } else if (a + n <= register_bytes && (n == 4 || n == 8) && a % n == 0) {
        if (trans.is_read()) {
            std::uint8_t image[register_bytes];
            register_image(image);
            std::memcpy(trans.get_data_ptr(), image + a, n);
        } else {
            std::uint64_t value = 0;
            std::memcpy(&value, trans.get_data_ptr(), n);
            write_register(a, value, n, delay);
        }
    } else {
        trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    }
}

void fake_nvme_device::write_register(std::uint64_t offset, std::uint64_t value, unsigned bytes,
                                      const sc_core::sc_time& delay) {
    register_writes.emplace_back(offset, value);
    std::uint8_t image[register_bytes];
    register_image(image);
    std::memcpy(image + offset, &value, bytes);
    std::uint32_t cc = 0;
    std::memcpy(&cc, image + nvme::reg::CC, 4);
    std::memcpy(&m_aqa, image + nvme::reg::AQA, 4);
    std::memcpy(&m_asq, image + nvme::reg::ASQ, 8);
    std::memcpy(&m_acq, image + nvme::reg::ACQ, 8);
    const bool was = nvme::cc::EN::get(m_cc) != 0;
    const bool now = nvme::cc::EN::get(cc) != 0;
    m_cc = cc;
    if (!was && now) {
        m_ready_event.notify(delay + sc_core::sc_time::from_value(m_params.ready_delay));
    } else if (was && !now) {
        m_ready_event.cancel();
        m_csts = 0;
        m_sq.clear();
        m_cq.clear();
    }
}

void fake_nvme_device::become_ready() {
    m_sq[0] = queue{true, m_asq, static_cast<std::uint32_t>(nvme::aqa::ASQS::get(m_aqa) + 1)};
    m_cq[0] = queue{true, m_acq, static_cast<std::uint32_t>(nvme::aqa::ACQS::get(m_aqa) + 1)};
    m_sq_to_cq[0] = 0;
    m_csts = static_cast<std::uint32_t>(nvme::csts::RDY::set(0, 1));
}

void fake_nvme_device::apply_doorbells() {
    while (!m_doorbells.empty() && m_doorbells.begin()->first <= now_ps()) {
        const auto [offset, value] = m_doorbells.begin()->second;
        m_doorbells.erase(m_doorbells.begin());
        const std::uint64_t index = (offset - nvme::reg::DOORBELL_BASE) / 4;
        const auto qid = static_cast<std::uint16_t>(index / 2);
        if (index % 2 == 0 && m_sq.count(qid) != 0) {
            m_sq[qid].tail = value;
        } else if (index % 2 == 1 && m_cq.count(qid) != 0) {
            m_cq[qid].head = value;
        }
    }
}

void fake_nvme_device::worker() {
    for (;;) {
        apply_doorbells();
        auto work = std::find_if(m_sq.begin(), m_sq.end(),
                                 [](const auto& q) { return q.second.head != q.second.tail; });
        if (work == m_sq.end()) {
            if (m_doorbells.empty()) {
                wait(m_work_event);
            } else {
                wait(sc_core::sc_time::from_value(m_doorbells.begin()->first - now_ps()),
                     m_work_event);
            }
            continue;
        }
        const std::uint16_t qid = work->first;
        queue& sq = work->second;
        nvme::submission_entry sqe;
        dma_access(tlm::TLM_READ_COMMAND, sq.base + 64ull * sq.head, &sqe, sizeof sqe);
        sq.head = (sq.head + 1) % sq.entries;
        const nvme::status s = qid == 0 ? execute_admin(sqe) : execute_io(sqe);
        wait(sc_core::sc_time::from_value(m_params.command_time));
        if (qid == 0 || !m_params.drop_io) {
            post_completion(qid, sqe, s);
        }
    }
}

void fake_nvme_device::dma_access(tlm::tlm_command command, std::uint64_t address, void* data,
                                  std::uint64_t length) {
    tlm::tlm_generic_payload trans;
    trans.set_command(command);
    trans.set_address(address);
    trans.set_data_ptr(static_cast<unsigned char*>(data));
    trans.set_data_length(static_cast<unsigned>(length));
    trans.set_streaming_width(static_cast<unsigned>(length));
    trans.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
    dma->b_transport(trans, delay);
    wait(delay);
    EXPECT_FALSE(trans.is_response_error())
        << "DMA at " << address << ": " << trans.get_response_string();
}

} // namespace osvp::test
