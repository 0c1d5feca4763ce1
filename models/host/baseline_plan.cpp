#include "host/baseline_plan.h"

#include "host/host_config.h"
#include "host/training_config.h"

#include <algorithm>
#include <string>

namespace osvp {
namespace {

enum chunk_state : std::uint8_t { waiting, reading, read, computing, computed_, written_ };

} // namespace

baseline_plan::baseline_plan(std::uint64_t parameters, fw::optimizer_kind kind,
                             const baseline_config& config, std::uint32_t page_bytes,
                             std::uint32_t lba_bytes, std::uint64_t lba_limit)
    : m_lba_bytes(lba_bytes) {
    config.validate();
    if (page_bytes == 0 || lba_bytes == 0 || page_bytes % lba_bytes != 0) {
        throw config_error("flash.page_size: must be a multiple of the LBA size " +
                           std::to_string(lba_bytes) + " B, got " + std::to_string(page_bytes) +
                           " B");
    }
    check_whole_pages("baseline", config.request_bytes, page_bytes);
    const std::uint64_t page_elements = page_bytes / 4;
    m_request_elements = config.request_bytes / 4;
    m_region_elements = (parameters + page_elements - 1) / page_elements * page_elements;
    m_chunk_elements =
        (config.chunk_parameters + page_elements - 1) / page_elements * page_elements;
    m_chunk_count =
        static_cast<std::size_t>((m_region_elements + m_chunk_elements - 1) / m_chunk_elements);
    const kept_states kept = states_of(kind);
    m_regions.push_back(swap_region::w);
    if (kept.m) {
        m_regions.push_back(swap_region::m);
    }
    if (kept.v) {
        m_regions.push_back(swap_region::v);
    }
    m_regions.push_back(swap_region::g);
    const std::uint64_t lbas = m_region_elements * 4 / lba_bytes * m_regions.size();
    if (lbas > lba_limit) {
        throw config_error("training.model: the baseline's " + std::to_string(m_regions.size()) +
                           " regions of " + std::to_string(m_region_elements * 4) + " B need " +
                           std::to_string(lbas) + " LBAs, more than the block device's " +
                           std::to_string(lba_limit));
    }
}

std::uint64_t baseline_plan::chunk_elements(std::size_t c) const {
    return std::min(m_chunk_elements, m_region_elements - chunk_first(c));
}

void baseline_plan::append(std::vector<swap_request>& out, io_op op, swap_region region,
                           std::uint64_t first, std::uint64_t elements) const {
    std::size_t index = 0;
    while (m_regions[index] != region) {
        ++index;
    }
    const std::uint64_t base = index * m_region_elements;
    for (std::uint64_t done = 0; done < elements; done += m_request_elements) {
        swap_request r;
        r.op = op;
        r.region = region;
        r.first_element = first + done;
        r.elements = std::min(m_request_elements, elements - done);
        r.slba = (base + r.first_element) * 4 / m_lba_bytes;
        r.nlb = static_cast<std::uint32_t>(r.elements * 4 / m_lba_bytes);
        out.push_back(r);
    }
}

std::vector<swap_request> baseline_plan::chunk_requests(io_op op, std::size_t c) const {
    std::vector<swap_request> out;
    for (swap_region region : m_regions) {
        if (op == io_op::read || region != swap_region::g) {
            append(out, op, region, chunk_first(c), chunk_elements(c));
        }
    }
    return out;
}

std::vector<swap_request> baseline_plan::region_requests(io_op op, swap_region region) const {
    std::vector<swap_request> out;
    append(out, op, region, 0, m_region_elements);
    return out;
}

baseline_pipeline::baseline_pipeline(std::size_t chunks, const baseline_config& config)
    : m_chunks(chunks), m_config(config), m_state(chunks, waiting) {}

bool baseline_pipeline::previous_allows(std::size_t c, bool pipelined_read_side) const {
    if (c == 0) {
        return true;
    }
    const std::uint8_t prev = m_state[c - 1];
    const bool computed_ok = pipelined_read_side || prev >= computed_;
    const bool written_ok = m_config.pipeline_write || prev == written_;
    return computed_ok && written_ok;
}

std::optional<std::size_t> baseline_pipeline::start_read() {
    const std::size_t c = m_next_read;
    if (c == m_chunks || m_buffers_used == m_config.buffer_count ||
        !previous_allows(c, m_config.pipeline_read)) {
        return std::nullopt;
    }
    m_state[c] = reading;
    ++m_buffers_used;
    ++m_next_read;
    return c;
}

std::optional<std::size_t> baseline_pipeline::start_compute() {
    const std::size_t c = m_next_compute;
    if (c == m_chunks || m_state[c] != read || !previous_allows(c, false)) {
        return std::nullopt;
    }
    m_state[c] = computing;
    ++m_next_compute;
    return c;
}

void baseline_pipeline::read_done(std::size_t c) {
    m_state[c] = read;
}

void baseline_pipeline::computed(std::size_t c) {
    m_state[c] = computed_;
}

void baseline_pipeline::written(std::size_t c) {
    m_state[c] = written_;
    --m_buffers_used;
    ++m_written;
}

} // namespace osvp
