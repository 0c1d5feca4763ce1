// Byte-addressable memory that allocates 4 KiB frames on first write; unwritten bytes read as
// zero. Memory use grows with the data written, not with the configured size.
#pragma once
#include <cstdint>
#include <memory>
#include <unordered_map>

namespace osvp {

class sparse_memory {
public:
    static constexpr std::uint64_t frame_bytes = 4096;

    explicit sparse_memory(std::uint64_t size) : m_size(size) {}

    std::uint64_t size() const { return m_size; }
    /// False (and nothing copied) when [address, address + length) leaves the memory.
    bool read(std::uint64_t address, std::uint8_t* destination, std::uint64_t length) const;
    bool write(std::uint64_t address, const std::uint8_t* source, std::uint64_t length);
    /// The frame holding `address`, allocated if needed (for DMI and fast host-side access).
    std::uint8_t* frame(std::uint64_t address);
    std::uint64_t allocated_bytes() const { return m_frames.size() * frame_bytes; }

private:
    bool in_range(std::uint64_t address, std::uint64_t length) const {
        return address <= m_size && length <= m_size - address;
    }
    std::uint64_t m_size;
    std::unordered_map<std::uint64_t, std::unique_ptr<std::uint8_t[]>> m_frames;
};

} // namespace osvp
