// Physical Region Page walking (NVMe 1.4 section 4.3): turns a command's PRP1/PRP2 into the host
// memory segments that hold its data.
#pragma once
#include "hal/nvme_spec.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

namespace osvp::nvme {

// One contiguous piece of host memory: byte address and length in bytes.
struct dma_segment {
    std::uint64_t address;
    std::uint64_t length;
};
constexpr bool operator==(const dma_segment& a, const dma_segment& b) {
    return a.address == b.address && a.length == b.length;
}

// Outcome of a walk: on success the segments, in transfer order, cover exactly the transfer
// length; on failure `segments` is empty and `status` says why.
struct prp_walk_result {
    nvme::status status;
    std::vector<dma_segment> segments;
};

// Walks PRP entries for one memory page size (CC.MPS). Rules enforced (4.3, 4.2 DPTR):
// - PRP1 may carry a page offset but must be dword aligned (bits 1:0 zero).
// - PRP2 is unused when the data fits in PRP1's page, the second page's address (zero offset)
//   when it fits in two pages, and otherwise a PRP List pointer. The list pointer in PRP2 may
//   carry an offset; it must be qword aligned because list entries are 8-byte values that must
//   not cross the list's page.
// - Every entry read from a list, data page or chain pointer, must have a zero offset. When more
//   pages remain than fit in the rest of a list page, that page's last entry points to the next
//   list page.
// Any offset violation gives Invalid PRP Offset (13h); a list read the host memory cannot serve
// gives Data Transfer Error (04h). A zero address is treated like any other: the spec gives it
// no special meaning, and a DMA to unbacked memory fails later in the data phase. The work is
// bounded by the transfer length: each list page read yields at least one data page, except a
// PRP2 list that holds only a chain pointer, whose successor is a whole page.
class prp_walker {
public:
    // Reads `count` consecutive 8-byte little-endian list entries starting at host byte address
    // `address` into `entries`; returns false if the memory cannot be read. Every call stays
    // inside one memory page.
    using list_reader =
        std::function<bool(std::uint64_t address, std::uint64_t* entries, std::size_t count)>;

    // `page_bytes` is the memory page size, 4 KiB..128 MiB and a power of two (CC.MPS); `reader`
    // must be callable. Throws std::invalid_argument otherwise.
    prp_walker(std::uint64_t page_bytes, list_reader reader);

    // Segments for a transfer of `length` bytes; physically contiguous pages are merged into
    // one segment. A zero length yields success with no segments.
    prp_walk_result walk(std::uint64_t prp1, std::uint64_t prp2, std::uint64_t length) const;

private:
    std::uint64_t m_page_bytes;
    list_reader m_reader;
};

} // namespace osvp::nvme
