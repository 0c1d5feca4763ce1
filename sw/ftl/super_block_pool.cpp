#include "ftl/super_block_pool.h"

#include "ftl/ftl_errors.h"

namespace osvp::fw {

super_block_pool::super_block_pool(std::uint32_t first_block, std::uint32_t count)
    : m_first(first_block), m_erases(count, 0) {
    for (std::uint32_t i = 0; i < count; ++i) {
        m_free.emplace(0, first_block + i);
    }
}

std::uint32_t super_block_pool::take() {
    if (m_free.empty()) {
        throw ftl_out_of_space("no free super-block among blocks " + std::to_string(m_first) +
                               ".." + std::to_string(m_first + m_erases.size() - 1));
    }
    const std::uint32_t block = m_free.begin()->second;
    m_free.erase(m_free.begin());
    return block;
}

void super_block_pool::release_erased(std::uint32_t block) {
    check(block);
    std::uint32_t& erases = m_erases[block - m_first];
    if (m_free.count({erases, block}) != 0) {
        throw ftl_usage_error("super-block " + std::to_string(block) +
                              " is already free; allowed: release of a block in use");
    }
    ++erases;
    m_free.emplace(erases, block);
}

std::uint32_t super_block_pool::erase_count(std::uint32_t block) const {
    check(block);
    return m_erases[block - m_first];
}

bool super_block_pool::is_free(std::uint32_t block) const {
    check(block);
    return m_free.count({m_erases[block - m_first], block}) != 0;
}

void super_block_pool::check(std::uint32_t block) const {
    if (!contains(block)) {
        throw ftl_usage_error("super-block " + std::to_string(block) +
                              "; allowed: " + std::to_string(m_first) + ".." +
                              std::to_string(m_first + m_erases.size() - 1));
    }
}

} // namespace osvp::fw
