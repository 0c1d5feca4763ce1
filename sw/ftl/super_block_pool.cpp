#include "ftl/super_block_pool.h"

#include "ftl/ftl_errors.h"

#include <algorithm>
#include <functional>

namespace osvp::fw {

super_block_pool::super_block_pool(std::uint32_t first_block, std::uint32_t count)
    : m_first(first_block), m_erases(count, 0), m_in_returned(count, false) {}

std::uint32_t super_block_pool::take() {
    // Every returned block has been erased at least once, so the never-taken ones come first.
    if (m_fresh < m_erases.size()) {
        return m_first + m_fresh++;
    }
    if (m_returned.empty()) {
        throw ftl_out_of_space("no free super-block among blocks " + std::to_string(m_first) +
                               ".." + std::to_string(m_first + m_erases.size() - 1));
    }
    std::pop_heap(m_returned.begin(), m_returned.end(), std::greater<>());
    const std::uint32_t block = m_returned.back().second;
    m_returned.pop_back();
    m_in_returned[block - m_first] = false;
    return block;
}

void super_block_pool::release_erased(std::uint32_t block) {
    if (is_free(block)) {
        throw ftl_usage_error("super-block " + std::to_string(block) +
                              " is already free; allowed: release of a block in use");
    }
    const std::uint32_t erases = ++m_erases[block - m_first];
    m_returned.emplace_back(erases, block);
    std::push_heap(m_returned.begin(), m_returned.end(), std::greater<>());
    m_in_returned[block - m_first] = true;
}

std::uint32_t super_block_pool::erase_count(std::uint32_t block) const {
    check(block);
    return m_erases[block - m_first];
}

bool super_block_pool::is_free(std::uint32_t block) const {
    check(block);
    const std::uint32_t index = block - m_first;
    return index >= m_fresh || m_in_returned[index];
}

void super_block_pool::check(std::uint32_t block) const {
    if (!contains(block)) {
        throw ftl_usage_error("super-block " + std::to_string(block) +
                              "; allowed: " + std::to_string(m_first) + ".." +
                              std::to_string(m_first + m_erases.size() - 1));
    }
}

} // namespace osvp::fw
