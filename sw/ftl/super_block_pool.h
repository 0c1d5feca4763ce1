// Free super-blocks of one die, handed out least-erased first (wear levelling; paper, "Data
// layout": the reservoir levels wear across dies).
#pragma once
#include <cstdint>
#include <utility>
#include <vector>

namespace osvp::fw {

// Super-blocks [first_block, first_block + count) of one die with their erase counts. A
// super-block is the same block index on every plane of the die. All start free and unerased.
// The ones never taken are a range (all unerased, so they go first, in index order); only the
// erased ones returned are kept in a heap, so a drive that is not garbage-collected costs no
// memory per free block.
class super_block_pool {
public:
    super_block_pool(std::uint32_t first_block, std::uint32_t count);

    // Free super-blocks.
    std::uint32_t free_count() const {
        return static_cast<std::uint32_t>(m_erases.size()) - m_fresh +
               static_cast<std::uint32_t>(m_returned.size());
    }
    // Removes and returns the free super-block with the fewest erases (ties: lowest index).
    // Throws ftl_out_of_space when none is free.
    std::uint32_t take();
    // Returns an erased super-block to the pool and counts the erase. Throws ftl_usage_error
    // when block is outside the pool or already free.
    void release_erased(std::uint32_t block);
    // Erases done on block so far. Throws ftl_usage_error when block is outside the pool.
    std::uint32_t erase_count(std::uint32_t block) const;
    // True when block is in the pool's range.
    bool contains(std::uint32_t block) const {
        return block >= m_first && block - m_first < m_erases.size();
    }
    // True when block is free.
    bool is_free(std::uint32_t block) const;

private:
    void check(std::uint32_t block) const;

    std::uint32_t m_first;
    std::vector<std::uint32_t> m_erases;
    std::uint32_t m_fresh = 0; // [m_first + m_fresh, end) have never been taken
    std::vector<std::pair<std::uint32_t, std::uint32_t>> m_returned; // min-heap (erases, block)
    std::vector<bool> m_in_returned;                                 // per super-block
};

} // namespace osvp::fw
