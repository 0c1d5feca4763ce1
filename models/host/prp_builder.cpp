#include "host/prp_builder.h"

#include <stdexcept>
#include <string>
#include <vector>

namespace osvp {

prp_builder::prp_builder(std::uint64_t page_bytes) : m_page_bytes(page_bytes) {
    if (page_bytes < 4096 || (page_bytes & (page_bytes - 1)) != 0) {
        throw std::invalid_argument("prp_builder: page size must be a power of two >= 4096 B, "
                                    "got " +
                                    std::to_string(page_bytes) + " B");
    }
}

std::uint64_t prp_builder::data_pages(std::uint64_t address, std::uint64_t length) const {
    const std::uint64_t offset = address % m_page_bytes;
    return (offset + length + m_page_bytes - 1) / m_page_bytes;
}

std::uint64_t prp_builder::list_pages(std::uint64_t address, std::uint64_t length) const {
    const std::uint64_t pages = data_pages(address, length);
    if (pages <= 2) {
        return 0;
    }
    const std::uint64_t entries = pages - 1;
    const std::uint64_t per_page = m_page_bytes / 8;
    return (entries - 1 + per_page - 2) / (per_page - 1);
}

prp_pointers prp_builder::build(sparse_memory& memory, std::uint64_t address, std::uint64_t length,
                                std::uint64_t list_base) const {
    if (length == 0 || address % 4 != 0) {
        throw std::invalid_argument("prp_builder::build: need a dword-aligned address and a "
                                    "positive length, got address " +
                                    std::to_string(address) + ", length " + std::to_string(length));
    }
    if (list_base % m_page_bytes != 0) {
        throw std::invalid_argument("prp_builder::build: list_base " + std::to_string(list_base) +
                                    " is not aligned to the memory page size " +
                                    std::to_string(m_page_bytes));
    }
    const std::uint64_t first_page = address / m_page_bytes * m_page_bytes;
    const std::uint64_t pages = data_pages(address, length);
    prp_pointers out{address, 0};
    if (pages == 2) {
        out.prp2 = first_page + m_page_bytes;
    } else if (pages > 2) {
        const std::uint64_t per_page = m_page_bytes / 8;
        m_list.assign(list_pages(address, length) * per_page, 0);
        std::uint64_t slot = 0;
        for (std::uint64_t page = 1; page < pages; ++page) {
            const bool last_slot_of_list = slot % per_page == per_page - 1;
            if (last_slot_of_list && page + 1 < pages) {
                m_list[slot] = list_base + (slot / per_page + 1) * m_page_bytes;
                ++slot;
            }
            m_list[slot++] = first_page + page * m_page_bytes;
        }
        memory.write(list_base, m_list.data(), slot * 8);
        out.prp2 = list_base;
    }
    return out;
}

} // namespace osvp
