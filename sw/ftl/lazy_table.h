// Flat table of 32-bit entries that allocates 64 Ki-entry chunks on first write; an untouched
// chunk costs one empty vector (24 B), so the default drive's 183 M-entry maps cost nothing
// until written and 4 B per entry once written.
#pragma once
#include <cstdint>
#include <vector>

namespace osvp::fw {

// Table of size entries, all reading as fill until set. Indexes are the caller's to check.
class lazy_table {
public:
    lazy_table(std::uint64_t size, std::uint32_t fill)
        : m_fill(fill), m_chunks((size + chunk_entries - 1) / chunk_entries) {}

    // Entry i.
    std::uint32_t get(std::uint64_t i) const {
        const auto& chunk = m_chunks[i / chunk_entries];
        return chunk.empty() ? m_fill : chunk[i % chunk_entries];
    }
    // Sets entry i, allocating its chunk on first write.
    void set(std::uint64_t i, std::uint32_t value) {
        auto& chunk = m_chunks[i / chunk_entries];
        if (chunk.empty()) {
            chunk.assign(chunk_entries, m_fill);
        }
        chunk[i % chunk_entries] = value;
    }

private:
    static constexpr std::uint64_t chunk_entries = std::uint64_t{1} << 16;

    std::uint32_t m_fill;
    std::vector<std::vector<std::uint32_t>> m_chunks;
};

} // namespace osvp::fw
