// Controller initialisation (NVMe 1.4 section 7.6.1) and the admin commands it needs.
#include "host/nvme_driver.h"

#include "common/sc_time_util.h"

#include <sstream>
#include <string>
#include <vector>

namespace osvp {
namespace {

std::string text_of(nvme::status s) {
    std::ostringstream out;
    out << s;
    return out.str();
}

constexpr std::uint64_t page_bytes = 4096;
constexpr unsigned min_lbads = 9;
constexpr unsigned max_lbads = 16;

} // namespace

void nvme_driver::initialise() {
    namespace cap = nvme::cap;
    m_cap = mmio_read(nvme::reg::CAP, 8);
    if ((cap::CSS::get(m_cap) & 1) == 0) {
        fail("CAP.CSS = " + std::to_string(cap::CSS::get(m_cap)) +
             ": the controller does not support the NVM command set (bit 0)");
    }
    if (cap::MPSMIN::get(m_cap) != 0) {
        fail("CAP.MPSMIN = " + std::to_string(cap::MPSMIN::get(m_cap)) +
             ": the driver uses 4 KiB memory pages (MPSMIN 0 required)");
    }
    if (m_config.io_queue_entries > cap::MQES::get(m_cap) + 1) {
        fail("host.io_queue_entries = " + std::to_string(m_config.io_queue_entries) +
             " exceeds the controller's CAP.MQES + 1 = " +
             std::to_string(cap::MQES::get(m_cap) + 1));
    }
    m_ready_timeout = cap::TO::get(m_cap) * nvme::timeout_unit_ms * ps_per_ms;
    if (nvme::cc::EN::get(mmio_read(nvme::reg::CC, 4)) != 0) {
        mmio_write(nvme::reg::CC, 0, 4);
        wait_ready(false);
    }
    const std::uint32_t entries = m_config.admin_queue_entries;
    const std::uint64_t asq = allocate(std::uint64_t{entries} * sizeof(nvme::submission_entry));
    const std::uint64_t acq = allocate(std::uint64_t{entries} * sizeof(nvme::completion_entry));
    m_admin.emplace(m_memory.storage(), 0, entries, asq, acq);
    std::uint64_t aqa = nvme::aqa::ASQS::set(0, entries - 1);
    aqa = nvme::aqa::ACQS::set(aqa, entries - 1);
    mmio_write(nvme::reg::AQA, aqa, 4);
    mmio_write(nvme::reg::ASQ, asq, 8);
    mmio_write(nvme::reg::ACQ, acq, 8);
    std::uint64_t cc = nvme::cc::EN::set(0, 1);
    cc = nvme::cc::IOSQES::set(cc, nvme::sqe_size_log2);
    cc = nvme::cc::IOCQES::set(cc, nvme::cqe_size_log2);
    mmio_write(nvme::reg::CC, cc, 4);
    wait_ready(true);
    identify();
    create_io_queues();
}

void nvme_driver::wait_ready(bool ready) {
    const time_ps deadline = now_ps() + m_ready_timeout;
    for (;;) {
        const std::uint64_t csts = mmio_read(nvme::reg::CSTS, 4);
        if (nvme::csts::CFS::get(csts) != 0) {
            fail("CSTS.CFS is set (controller fatal status) while waiting for CSTS.RDY = " +
                 std::to_string(ready));
        }
        if (nvme::csts::RDY::get(csts) == (ready ? 1u : 0u)) {
            return;
        }
        if (now_ps() >= deadline) {
            fail("CSTS.RDY did not become " + std::to_string(ready) +
                 " within CAP.TO = " + std::to_string(nvme::cap::TO::get(m_cap)) + " x 500 ms");
        }
        wait(sc_core::sc_time::from_value(m_config.poll_interval));
    }
}

nvme::completion_entry nvme_driver::admin(const nvme::submission_entry& sqe, const char* what) {
    const nvme::completion_entry cqe = execute(queue_id::admin, sqe);
    if (!cqe.status().ok()) {
        fail(std::string(what) + " failed with " + text_of(cqe.status()));
    }
    return cqe;
}

void nvme_driver::identify() {
    const std::uint64_t buffer = allocate(nvme::identify_bytes);
    std::vector<std::uint8_t> data(nvme::identify_bytes);
    nvme::submission_entry sqe;
    sqe.cdw0 = nvme::make_cdw0(nvme::admin_opcode::identify, 0);
    sqe.prp1 = buffer;
    sqe.cdw10 = nvme::cns::controller_data;
    admin(sqe, "Identify Controller");
    m_memory.storage().read(buffer, data.data(), data.size());
    m_controller = parse_controller_identity(data.data());
    if (!m_controller.supports_entry_sizes(nvme::sqe_size_log2, nvme::cqe_size_log2)) {
        fail("Identify Controller SQES/CQES = " + std::to_string(m_controller.sqes) + "/" +
             std::to_string(m_controller.cqes) + " do not allow 64 B/16 B queue entries");
    }
    if (m_config.namespace_id > m_controller.nn) {
        fail("host.namespace_id = " + std::to_string(m_config.namespace_id) +
             " but the controller reports NN = " + std::to_string(m_controller.nn));
    }
    m_memory.storage().clear(buffer, nvme::identify_bytes);
    sqe.nsid = m_config.namespace_id;
    sqe.cdw10 = nvme::cns::namespace_data;
    admin(sqe, "Identify Namespace");
    m_memory.storage().read(buffer, data.data(), data.size());
    const namespace_identity ns = parse_namespace_identity(data.data());
    if (ns.lbads < min_lbads || ns.lbads > max_lbads) {
        fail("Identify Namespace: LBA format " + std::to_string(ns.format_index) +
             " has LBADS = " + std::to_string(ns.lbads) +
             "; the driver handles 9..16 (512 B to "
             "64 KiB)");
    }
    if (ns.nsze == 0) {
        fail("Identify Namespace " + std::to_string(m_config.namespace_id) + " reports NSZE = 0");
    }
    m_namespace = ns;
}

void nvme_driver::create_io_queues() {
    const std::uint32_t entries = m_config.io_queue_entries;
    const std::uint64_t sq = allocate(std::uint64_t{entries} * sizeof(nvme::submission_entry));
    const std::uint64_t cq = allocate(std::uint64_t{entries} * sizeof(nvme::completion_entry));
    host_queue io(m_memory.storage(), 1, entries, sq, cq);
    nvme::submission_entry create_cq;
    create_cq.cdw0 = nvme::make_cdw0(nvme::admin_opcode::create_io_cq, 0);
    create_cq.prp1 = cq;
    create_cq.cdw10 = (entries - 1) << 16 | io.qid();
    create_cq.cdw11 = io_vector << 16 | 1u << 1 | 1u; // IV, IEN, PC (NVMe 1.4 5.3)
    admin(create_cq, "Create I/O Completion Queue");
    nvme::submission_entry create_sq;
    create_sq.cdw0 = nvme::make_cdw0(nvme::admin_opcode::create_io_sq, 0);
    create_sq.prp1 = sq;
    create_sq.cdw10 = (entries - 1) << 16 | io.qid();
    create_sq.cdw11 = std::uint32_t{io.qid()} << 16 | 1u; // CQID, QPRIO 0, PC (5.4)
    admin(create_sq, "Create I/O Submission Queue");
    m_io.emplace(io);
}

} // namespace osvp
