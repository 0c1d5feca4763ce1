#include "nvme/core/prp_walker.h"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace osvp::nvme {
namespace {

void append(std::vector<dma_segment>& segments, std::uint64_t address, std::uint64_t length) {
    if (!segments.empty()) {
        dma_segment& last = segments.back();
        if (last.length <= ~std::uint64_t{0} - last.address &&
            last.address + last.length == address) {
            last.length += length;
            return;
        }
    }
    segments.push_back({address, length});
}

prp_walk_result failure(status s) {
    return {s, {}};
}

} // namespace

prp_walker::prp_walker(std::uint64_t page_bytes, list_reader reader)
    : m_page_bytes(page_bytes), m_reader(std::move(reader)) {
    const bool power_of_two = page_bytes != 0 && (page_bytes & (page_bytes - 1)) == 0;
    if (!power_of_two || page_bytes < memory_page_bytes(0) || page_bytes > memory_page_bytes(15)) {
        throw std::invalid_argument("PRP memory page size " + std::to_string(page_bytes) +
                                    " bytes is invalid; allowed powers of two from 4096 to " +
                                    std::to_string(memory_page_bytes(15)));
    }
    if (!m_reader) {
        throw std::invalid_argument("PRP walker needs a list reader; got an empty function");
    }
}

prp_walk_result prp_walker::walk(std::uint64_t prp1, std::uint64_t prp2,
                                 std::uint64_t length) const {
    const std::uint64_t offset_mask = m_page_bytes - 1;
    prp_walk_result result{status_code::success, {}};
    if (length == 0) {
        return result;
    }
    if ((prp1 & 0x3) != 0) {
        return failure(status_code::invalid_prp_offset);
    }
    const std::uint64_t first = std::min(length, m_page_bytes - (prp1 & offset_mask));
    append(result.segments, prp1, first);
    std::uint64_t remaining = length - first;
    if (remaining == 0) {
        return result;
    }
    if (remaining <= m_page_bytes) {
        if ((prp2 & offset_mask) != 0) {
            return failure(status_code::invalid_prp_offset);
        }
        append(result.segments, prp2, remaining);
        return result;
    }
    if ((prp2 & 0x7) != 0) {
        return failure(status_code::invalid_prp_offset);
    }
    std::uint64_t list = prp2;
    std::vector<std::uint64_t> entries;
    while (remaining > 0) {
        const std::uint64_t slots = (m_page_bytes - (list & offset_mask)) / 8;
        const std::uint64_t pages = (remaining + m_page_bytes - 1) / m_page_bytes;
        const bool chained = pages > slots;
        const std::size_t count = static_cast<std::size_t>(chained ? slots : pages);
        entries.resize(count);
        if (!m_reader(list, entries.data(), count)) {
            return failure(status_code::data_transfer_error);
        }
        const std::size_t data_entries = chained ? count - 1 : count;
        for (std::size_t i = 0; i < data_entries; ++i) {
            if ((entries[i] & offset_mask) != 0) {
                return failure(status_code::invalid_prp_offset);
            }
            const std::uint64_t piece = std::min(remaining, m_page_bytes);
            append(result.segments, entries[i], piece);
            remaining -= piece;
        }
        if (chained) {
            list = entries[count - 1];
            if ((list & offset_mask) != 0) {
                return failure(status_code::invalid_prp_offset);
            }
        }
    }
    return result;
}

} // namespace osvp::nvme
