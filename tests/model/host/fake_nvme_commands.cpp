// Command execution of the fake controller (NVMe 1.4 sections 5.3, 5.4, 5.15, 6.9, 6.15).
#include "fake_nvme_device.h"

#include <algorithm>
#include <cstring>

namespace osvp::test {
namespace {

constexpr std::uint64_t page = 4096;

} // namespace

nvme::status fake_nvme_device::execute_admin(const nvme::submission_entry& sqe) {
    admin_commands.push_back(sqe);
    namespace code = nvme::status_code;
    const auto qid = static_cast<std::uint16_t>(sqe.cdw10 & 0xFFFF);
    const std::uint32_t entries = (sqe.cdw10 >> 16) + 1;
    switch (sqe.opcode()) {
    case nvme::admin_opcode::identify: {
        std::vector<std::uint8_t> data(nvme::identify_bytes, 0);
        if ((sqe.cdw10 & 0xFF) == nvme::cns::controller_data) {
            data[77] = m_params.mdts;
            data[512] = 0x66;
            data[513] = 0x44;
            data[516] = 1;
        } else if ((sqe.cdw10 & 0xFF) == nvme::cns::namespace_data) {
            if (sqe.nsid != 1) {
                return code::invalid_namespace;
            }
            for (int field = 0; field < 3; ++field) {
                std::memcpy(data.data() + 8 * field, &m_params.namespace_lbas, 8);
            }
            data[130] = m_params.lbads;
        } else {
            return code::invalid_field;
        }
        const auto pages = walk_prps(sqe, data.size());
        for (std::size_t i = 0, done = 0; i < pages.size(); ++i) {
            const std::uint64_t n =
                std::min<std::uint64_t>(data.size() - done, page - pages[i] % page);
            dma_access(tlm::TLM_WRITE_COMMAND, pages[i], data.data() + done, n);
            done += n;
        }
        return code::success;
    }
    case nvme::admin_opcode::create_io_cq:
        if (qid == 0 || m_cq.count(qid) != 0) {
            return code::invalid_queue_identifier;
        }
        if (entries > m_params.mqes + 1u) {
            return code::invalid_queue_size;
        }
        if ((sqe.cdw11 & 1) == 0) {
            return code::invalid_field;
        }
        m_cq[qid] = queue{true, sqe.prp1, entries,         0,
                          0,    true,     sqe.cdw11 >> 16, ((sqe.cdw11 >> 1) & 1) != 0};
        return code::success;
    case nvme::admin_opcode::create_io_sq:
        if (qid == 0 || m_sq.count(qid) != 0) {
            return code::invalid_queue_identifier;
        }
        if (m_cq.count(static_cast<std::uint16_t>(sqe.cdw11 >> 16)) == 0) {
            return code::completion_queue_invalid;
        }
        m_sq[qid] = queue{true, sqe.prp1, entries};
        m_sq_to_cq[qid] = static_cast<std::uint16_t>(sqe.cdw11 >> 16);
        return code::success;
    case nvme::admin_opcode::set_features:
    case nvme::admin_opcode::get_features:
        return execute_feature(sqe);
    default:
        return code::invalid_opcode;
    }
}

nvme::status fake_nvme_device::execute_io(const nvme::submission_entry& sqe) {
    namespace code = nvme::status_code;
    ++m_io_count;
    if (sqe.opcode() != nvme::nvm_opcode::read && sqe.opcode() != nvme::nvm_opcode::write) {
        return code::invalid_opcode;
    }
    if (sqe.nsid != 1) {
        return code::invalid_namespace;
    }
    const std::uint64_t slba = sqe.cdw10 | std::uint64_t{sqe.cdw11} << 32;
    const std::uint64_t nlb = (sqe.cdw12 & 0xFFFF) + 1;
    const std::uint64_t lba_bytes = 1ull << m_params.lbads;
    const std::uint64_t length = nlb * lba_bytes;
    const std::vector<std::uint64_t> pages = walk_prps(sqe, length);
    io_commands.push_back({sqe, pages});
    if (slba + nlb > m_params.namespace_lbas ||
        (m_params.fail_every != 0 && m_io_count % m_params.fail_every == 0)) {
        return code::lba_out_of_range;
    }
    std::vector<std::uint8_t> data(length, 0);
    const bool write = sqe.opcode() == nvme::nvm_opcode::write;
    if (!write && !window_read(slba, nlb, data)) {
        for (std::uint64_t b = 0; b < nlb; ++b) {
            const auto it = m_blocks.find(slba + b);
            if (it != m_blocks.end()) {
                std::copy(it->second.begin(), it->second.end(), data.begin() + b * lba_bytes);
            }
        }
        data[0] ^= m_params.corrupt_reads ? 0x01 : 0x00;
    }
    std::uint64_t done = 0;
    for (const std::uint64_t address : pages) {
        const std::uint64_t n = std::min(length - done, page - address % page);
        dma_access(write ? tlm::TLM_READ_COMMAND : tlm::TLM_WRITE_COMMAND, address,
                   data.data() + done, n);
        done += n;
    }
    if (write) {
        for (std::uint64_t b = 0; b < nlb; ++b) {
            m_blocks[slba + b].assign(data.begin() + b * lba_bytes,
                                      data.begin() + (b + 1) * lba_bytes);
        }
        window_write(slba, nlb, data);
    }
    return code::success;
}

std::vector<std::uint64_t> fake_nvme_device::walk_prps(const nvme::submission_entry& sqe,
                                                       std::uint64_t length) {
    std::vector<std::uint64_t> pages{sqe.prp1};
    if (sqe.prp1 % 4 != 0) {
        prp_errors.push_back("PRP1 not dword aligned");
    }
    const std::uint64_t first = page - sqe.prp1 % page;
    std::uint64_t remaining = length > first ? (length - first + page - 1) / page : 0;
    if (remaining == 1) {
        if (sqe.prp2 % page != 0) {
            prp_errors.push_back("PRP2 data pointer has an offset");
        }
        pages.push_back(sqe.prp2);
        return pages;
    }
    std::uint64_t entry = sqe.prp2;
    if (remaining > 1 && entry % 8 != 0) {
        prp_errors.push_back("PRP list pointer not qword aligned");
        return pages;
    }
    while (remaining > 0) {
        const std::uint64_t room = (page - entry % page) / 8;
        const bool chain = remaining > room;
        const std::uint64_t count = chain ? room : remaining;
        std::vector<std::uint64_t> list(count);
        dma_access(tlm::TLM_READ_COMMAND, entry, list.data(), count * 8);
        for (std::uint64_t i = 0; i + (chain ? 1 : 0) < count; ++i) {
            if (list[i] % page != 0) {
                prp_errors.push_back("PRP list entry has an offset");
            }
            pages.push_back(list[i]);
            --remaining;
        }
        if (chain) {
            entry = list.back();
            if (entry % page != 0) {
                prp_errors.push_back("PRP list chain pointer has an offset");
                return pages;
            }
        }
    }
    return pages;
}

void fake_nvme_device::post_completion(std::uint16_t sqid, const nvme::submission_entry& sqe,
                                       nvme::status s) {
    queue& cq = m_cq[m_sq_to_cq[sqid]];
    nvme::completion_entry e;
    e.sq_head = static_cast<std::uint16_t>(m_sq[sqid].head);
    e.sq_id = sqid;
    e.cid = sqe.cid();
    e.status_phase = nvme::make_status_phase(s, !s.ok(), cq.phase);
    dma_access(tlm::TLM_WRITE_COMMAND, cq.base + 16ull * cq.tail, &e, sizeof e);
    cq.tail = (cq.tail + 1) % cq.entries;
    cq.phase = cq.tail == 0 ? !cq.phase : cq.phase;
    if (cq.interrupts) {
        std::uint32_t data = cq.vector;
        dma_access(tlm::TLM_WRITE_COMMAND, m_params.msi_base + 16ull * cq.vector, &data, 4);
    }
}

} // namespace osvp::test
