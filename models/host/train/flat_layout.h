// The tensors of a model flattened in order into one FP32 element space and cut into flash pages
// (OptimStore section 3, data layout). Pages are what the SSD stripes across channels and dies;
// W, M, V and G of an element share its page number and in-page offset, so tensor boundaries inside
// a page need no special case.
#pragma once
#include "host/train/model_desc.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace osvp::train {

// A run of consecutive elements of one tensor inside one page (all counts in FP32 elements).
struct page_piece {
    std::size_t tensor = 0;          // index in model_desc::tensors()
    std::uint64_t tensor_offset = 0; // first element within the tensor
    std::uint64_t page_offset = 0;   // first element within the page
    std::uint64_t count = 0;         // number of elements
    bool operator==(const page_piece& o) const {
        return tensor == o.tensor && tensor_offset == o.tensor_offset &&
               page_offset == o.page_offset && count == o.count;
    }
};

// Where a tensor starts and ends in the flat space.
struct tensor_placement {
    std::uint64_t flat_offset = 0;    // element index of its first element in the flat space
    std::uint64_t first_page = 0;     // page holding its first element
    std::uint64_t in_page_offset = 0; // element offset of its first element in that page
    std::uint64_t last_page = 0;      // page holding its last element
};

class flat_layout {
public:
    static constexpr std::uint64_t default_page_bytes = 8192; // OptimStore Table II, 8 KiB page

    // Throws std::invalid_argument unless page_bytes is a positive multiple of 4 and the model's
    // total size in bytes fits in 64 bits.
    explicit flat_layout(const model_desc& model, std::uint64_t page_bytes = default_page_bytes);

    std::uint64_t page_bytes() const { return m_page_bytes; }
    std::uint64_t elements_per_page() const { return m_page_bytes / fp32_bytes; }
    std::uint64_t total_elements() const { return m_total_elements; }
    // Pages holding at least one element; only the last may be partly filled.
    std::uint64_t page_count() const { return m_page_count; }
    std::size_t tensor_count() const { return m_placements.size(); }
    // Throws std::invalid_argument for an index >= tensor_count().
    const tensor_placement& placement(std::size_t tensor) const;
    // Elements used in `page` (elements_per_page() except possibly on the last page).
    std::uint64_t page_elements(std::uint64_t page) const;
    // The pieces of `page` in in-page order; they tile [0, page_elements(page)). Throws
    // std::invalid_argument for a page >= page_count().
    std::vector<page_piece> pieces(std::uint64_t page) const;

private:
    void check_page(std::uint64_t page) const;

    std::uint64_t m_page_bytes;
    std::uint64_t m_total_elements = 0;
    std::uint64_t m_page_count = 0;
    std::vector<std::uint64_t> m_element_counts;
    std::vector<tensor_placement> m_placements;
};

} // namespace osvp::train
