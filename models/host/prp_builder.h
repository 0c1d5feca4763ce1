// Physical Region Page pointers for a command's data buffer (NVMe 1.4 section 4.3): PRP1 holds
// the first page (with any offset); PRP2 is zero, the second page, or a pointer to a PRP list
// whose last entry chains to the next list page when more entries remain than fit.
#pragma once
#include "common/sparse_memory.h"

#include <cstdint>
#include <vector>

namespace osvp {

/// The DPTR of a submission entry.
struct prp_pointers {
    std::uint64_t prp1 = 0;
    std::uint64_t prp2 = 0;
};

/// Builds PRP entries for physically contiguous buffers with memory page size `page_bytes`
/// (CC.MPS).
class prp_builder {
public:
    /// `page_bytes` a power of two from 4 KiB (std::invalid_argument otherwise).
    explicit prp_builder(std::uint64_t page_bytes);

    /// Memory pages touched by `length` bytes from `address`.
    std::uint64_t data_pages(std::uint64_t address, std::uint64_t length) const;
    /// PRP list pages needed for such a buffer: 0 for up to two data pages, otherwise
    /// ceil((entries - 1) / (entries_per_page - 1)) for entries = data pages - 1.
    std::uint64_t list_pages(std::uint64_t address, std::uint64_t length) const;
    /// Writes the PRP list (if any) into `memory` at the page-aligned `list_base`, which must
    /// provide list_pages(address, length) contiguous pages, and returns PRP1 and PRP2.
    /// `address` must be dword aligned and `length` positive (std::invalid_argument otherwise).
    prp_pointers build(sparse_memory& memory, std::uint64_t address, std::uint64_t length,
                       std::uint64_t list_base) const;

private:
    std::uint64_t m_page_bytes;
    /// The list being built, kept between builds so that a command allocates nothing [ours].
    mutable std::vector<std::uint64_t> m_list;
};

} // namespace osvp
