#include "host/train/flat_layout.h"

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <string>

namespace osvp::train {

flat_layout::flat_layout(const model_desc& model, std::uint64_t page_bytes)
    : m_page_bytes(page_bytes) {
    if (page_bytes == 0 || page_bytes % fp32_bytes != 0) {
        throw std::invalid_argument("flat_layout: page size " + std::to_string(page_bytes) +
                                    " B is invalid; allowed: a positive multiple of 4 B");
    }
    const std::uint64_t per_page = elements_per_page();
    for (const tensor_desc& t : model.tensors()) {
        const std::uint64_t count = t.element_count();
        tensor_placement p;
        p.flat_offset = m_total_elements;
        p.first_page = m_total_elements / per_page;
        p.in_page_offset = m_total_elements % per_page;
        m_total_elements += count;
        p.last_page = (m_total_elements - 1) / per_page;
        m_placements.push_back(p);
        m_element_counts.push_back(count);
    }
    if (m_total_elements > std::numeric_limits<std::uint64_t>::max() / fp32_bytes) {
        throw std::invalid_argument("flat_layout: model '" + model.name() + "' has " +
                                    std::to_string(m_total_elements) +
                                    " elements; allowed: at most 2^62 (byte size fits 64 bits)");
    }
    m_page_count = m_total_elements / per_page + (m_total_elements % per_page ? 1 : 0);
}

const tensor_placement& flat_layout::placement(std::size_t tensor) const {
    if (tensor >= m_placements.size()) {
        throw std::invalid_argument("flat_layout: tensor index " + std::to_string(tensor) +
                                    " out of range; allowed: 0 to " +
                                    std::to_string(m_placements.size() - 1));
    }
    return m_placements[tensor];
}

std::uint64_t flat_layout::page_elements(std::uint64_t page) const {
    check_page(page);
    const std::uint64_t start = page * elements_per_page();
    return std::min(elements_per_page(), m_total_elements - start);
}

std::vector<page_piece> flat_layout::pieces(std::uint64_t page) const {
    const std::uint64_t used = page_elements(page);
    const std::uint64_t start = page * elements_per_page();
    const auto after = std::upper_bound(
        m_placements.begin(), m_placements.end(), start,
        [](std::uint64_t flat, const tensor_placement& p) { return flat < p.flat_offset; });
    auto tensor = static_cast<std::size_t>(after - m_placements.begin()) - 1;
    std::vector<page_piece> out;
    std::uint64_t in_page = 0;
    while (in_page < used) {
        const std::uint64_t tensor_offset = start + in_page - m_placements[tensor].flat_offset;
        const std::uint64_t count =
            std::min(m_element_counts[tensor] - tensor_offset, used - in_page);
        out.push_back({tensor, tensor_offset, in_page, count});
        in_page += count;
        ++tensor;
    }
    return out;
}

void flat_layout::check_page(std::uint64_t page) const {
    if (page >= m_page_count) {
        throw std::invalid_argument("flat_layout: page " + std::to_string(page) +
                                    " out of range; allowed: 0 to " +
                                    std::to_string(m_page_count - 1));
    }
}

} // namespace osvp::train
