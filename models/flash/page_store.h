// Sparse contents of one die's array in functional mode: only programmed pages are stored, so
// memory grows with the data written, not with the drive. Timing mode keeps no store at all.
#pragma once
#include <cstdint>
#include <memory>
#include <unordered_map>

namespace osvp {

class page_store {
public:
    page_store(unsigned planes, std::uint32_t pages_per_block, std::uint32_t page_bytes)
        : m_planes(planes), m_pages_per_block(pages_per_block), m_page_bytes(page_bytes) {}

    /// The stored page, or nullptr when it is erased.
    const std::uint8_t* find(unsigned plane, std::uint32_t block, std::uint32_t page) const;
    /// Stores a page; false if it is already programmed (NAND pages are written once per erase).
    bool program(unsigned plane, std::uint32_t block, std::uint32_t page, const std::uint8_t* data);
    void erase(unsigned plane, std::uint32_t block);
    std::size_t stored_pages() const { return m_pages.size(); }

private:
    std::uint64_t key(unsigned plane, std::uint32_t block, std::uint32_t page) const {
        return (std::uint64_t{block} * m_planes + plane) * m_pages_per_block + page;
    }
    unsigned m_planes;
    std::uint32_t m_pages_per_block;
    std::uint32_t m_page_bytes;
    std::unordered_map<std::uint64_t, std::unique_ptr<std::uint8_t[]>> m_pages;
};

} // namespace osvp
