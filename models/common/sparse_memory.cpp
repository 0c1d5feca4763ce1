#include "common/sparse_memory.h"

#include <algorithm>
#include <cstring>

namespace osvp {

bool sparse_memory::read(std::uint64_t address, std::uint8_t* destination,
                         std::uint64_t length) const {
    if (!in_range(address, length)) {
        return false;
    }
    while (length > 0) {
        const std::uint64_t offset = address % frame_bytes;
        const std::uint64_t chunk = std::min(length, frame_bytes - offset);
        const auto it = m_frames.find(address / frame_bytes);
        if (it == m_frames.end()) {
            std::memset(destination, 0, chunk);
        } else {
            std::memcpy(destination, it->second.get() + offset, chunk);
        }
        address += chunk;
        destination += chunk;
        length -= chunk;
    }
    return true;
}

bool sparse_memory::write(std::uint64_t address, const std::uint8_t* source,
                          std::uint64_t length) {
    if (!in_range(address, length)) {
        return false;
    }
    while (length > 0) {
        const std::uint64_t offset = address % frame_bytes;
        const std::uint64_t chunk = std::min(length, frame_bytes - offset);
        std::memcpy(frame(address) + offset, source, chunk);
        address += chunk;
        source += chunk;
        length -= chunk;
    }
    return true;
}

std::uint8_t* sparse_memory::frame(std::uint64_t address) {
    auto& slot = m_frames[address / frame_bytes];
    if (!slot) {
        slot = std::make_unique<std::uint8_t[]>(frame_bytes);
        std::memset(slot.get(), 0, frame_bytes);
    }
    return slot.get();
}

} // namespace osvp
