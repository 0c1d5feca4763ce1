#include "flash/page_store.h"

#include <cstring>

namespace osvp {

const std::uint8_t* page_store::find(unsigned plane, std::uint32_t block,
                                     std::uint32_t page) const {
    const auto it = m_pages.find(key(plane, block, page));
    return it == m_pages.end() ? nullptr : it->second.get();
}

bool page_store::program(unsigned plane, std::uint32_t block, std::uint32_t page,
                         const std::uint8_t* data) {
    auto [it, inserted] = m_pages.try_emplace(key(plane, block, page));
    if (!inserted) {
        return false;
    }
    it->second = std::make_unique<std::uint8_t[]>(m_page_bytes);
    std::memcpy(it->second.get(), data, m_page_bytes);
    return true;
}

void page_store::erase(unsigned plane, std::uint32_t block) {
    for (std::uint32_t page = 0; page < m_pages_per_block; ++page) {
        m_pages.erase(key(plane, block, page));
    }
}

} // namespace osvp
