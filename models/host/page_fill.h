// Copies flat FP32 elements out of a page-producing source (training_source's initial weights
// and gradients), for hosts that hold element ranges rather than whole pages.
#pragma once
#include "host/train/flat_layout.h"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace osvp {

/// Writes elements [first, first + count) into `out`, calling `page_data(page, page_out)` for
/// each page of `layout` the range touches; pages past the model's end read as zeros.
template <typename PageData>
void fill_elements(const train::flat_layout& layout, std::uint64_t first, std::uint64_t count,
                   PageData&& page_data, float* out) {
    const std::uint64_t per_page = layout.elements_per_page();
    std::vector<float> page(per_page);
    for (std::uint64_t done = 0; done < count;) {
        const std::uint64_t element = first + done;
        const std::uint64_t p = element / per_page;
        const std::uint64_t offset = element % per_page;
        const std::uint64_t n = std::min(per_page - offset, count - done);
        if (p < layout.page_count()) {
            page_data(p, page.data());
            std::copy_n(page.begin() + static_cast<std::ptrdiff_t>(offset), n, out + done);
        } else {
            std::fill_n(out + done, n, 0.0f);
        }
        done += n;
    }
}

} // namespace osvp
