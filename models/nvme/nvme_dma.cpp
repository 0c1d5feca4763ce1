// DMA engines: each takes the next dma_request, walks its PRPs (NVMe 1.4 4.3) and moves the data
// between host memory and SSD DRAM in chunks of dma_chunk bytes. Chunk k's link transfer starts
// when chunk k-1's link transfer ends (host_to_dram) or when its own DRAM read ends
// (dram_to_host); its DRAM access is chained to its link transfer by the annotated delay, so the
// DRAM access of one chunk overlaps the link transfer of the next. After each chunk the engine
// waits until the chunk's first transfer ends, so that the link and the DRAM port (first come,
// first served timelines) are never reserved far ahead of the present: a whole 1 MiB transfer
// reserved at once would make every other DRAM or link user of the next hundreds of microseconds
// queue behind it.
#include "nvme/nvme_frontend.h"

#include "common/sc_time_util.h"
#include "hal/memory_map.h"
#include "nvme/core/prp_walker.h"
#include "nvme/transfer_plan.h"

#include <algorithm>

namespace osvp {
namespace fe = fw::nvme_fe;
namespace {

/// `buffer` + `offset`, or null for a timing-only transfer.
std::uint8_t* at_offset(std::uint8_t* buffer, std::uint64_t offset) {
    return buffer == nullptr ? nullptr : buffer + offset;
}

} // namespace

void nvme_frontend::dma_thread(unsigned engine) {
    std::vector<std::uint8_t>& buffer = m_engines[engine].buffer;
    while (true) {
        while (m_dma_jobs.empty()) {
            sc_core::wait(m_dma_wake);
        }
        const dma_job job = m_dma_jobs.front();
        m_dma_jobs.pop_front();
        wait_until(job.arrival);
        const bool timing_only =
            m_config.timing_only && (job.request.flags & fe::dma_flag_io_data) != 0;
        if (!timing_only) {
            buffer.resize(m_config.dma_chunk);
        }
        sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
        const nvme::status status =
            transfer(job.request, m_engines[engine], timing_only ? nullptr : buffer.data(), delay);
        sc_core::wait(delay);
        ++m_stats.dma_transfers;
        if (!status.ok()) {
            ++m_stats.dma_errors;
        }
        m_dma_done.push_back({job.request.tag, fe::pack_status(status), 1, 0});
        set_line(fw::irq::nvme_dma, true);
    }
}

bool nvme_frontend::host_chunk(tlm::tlm_generic_payload& trans, tlm::tlm_command command,
                               const nvme::transfer_chunks& cut, const nvme::transfer_chunk& chunk,
                               std::uint8_t* buffer, sc_core::sc_time& delay) {
    std::uint64_t at = 0;
    for (const nvme::dma_segment* piece = cut.begin(chunk); piece != cut.end(chunk); ++piece) {
        if (!host_access(trans, command, piece->address, at_offset(buffer, at), piece->length,
                         delay)) {
            return false;
        }
        at += piece->length;
    }
    return true;
}

nvme::status nvme_frontend::transfer(const fe::dma_request& request, dma_engine& engine,
                                     std::uint8_t* buffer, sc_core::sc_time& delay) {
    tlm::tlm_generic_payload& trans = engine.trans;
    const nvme::prp_walker walker(
        nvme::memory_page_bytes(0),
        [this, &trans, &delay](std::uint64_t address, std::uint64_t* entries, std::size_t count) {
            return host_access(trans, tlm::TLM_READ_COMMAND, address, entries,
                               count * sizeof(std::uint64_t), delay);
        });
    const nvme::prp_walk_result walk = walker.walk(request.prp1, request.prp2, request.length);
    if (!walk.status.ok()) {
        return walk.status;
    }
    const bool to_dram = request.dir == fe::direction::host_to_dram;
    sc_core::sc_time link = delay;
    sc_core::sc_time memory = delay;
    sc_core::sc_time end = delay;
    nvme::status status = nvme::status_code::success;
    nvme::split_chunks(walk.segments, m_config.dma_chunk, engine.chunks);
    for (const nvme::transfer_chunk& chunk : engine.chunks.chunks) {
        const std::uint64_t dram = request.dram_address + chunk.offset;
        bool ok = true;
        if (to_dram) {
            ok = host_chunk(trans, tlm::TLM_READ_COMMAND, engine.chunks, chunk, buffer, link);
            sc_core::sc_time written = link;
            ok = ok &&
                 memory_access(trans, tlm::TLM_WRITE_COMMAND, dram, buffer, chunk.length, written);
            end = std::max({end, link, written});
        } else {
            ok = memory_access(trans, tlm::TLM_READ_COMMAND, dram, buffer, chunk.length, memory);
            sc_core::sc_time sent = memory;
            ok =
                ok && host_chunk(trans, tlm::TLM_WRITE_COMMAND, engine.chunks, chunk, buffer, sent);
            end = std::max({end, memory, sent});
        }
        if (!ok) {
            status = nvme::status_code::data_transfer_error;
            break;
        }
        (to_dram ? m_stats.bytes_host_to_dram : m_stats.bytes_dram_to_host) += chunk.length;
        sc_core::sc_time& chain = to_dram ? link : memory;
        const sc_core::sc_time step = chain;
        sc_core::wait(step);
        chain -= step;
        end -= step;
    }
    delay = end;
    return status;
}

} // namespace osvp
