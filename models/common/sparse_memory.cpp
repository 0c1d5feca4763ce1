#include "common/sparse_memory.h"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace osvp {

sparse_memory::sparse_memory(std::uint64_t size) : m_size(size) {
    if (size == 0 || size % page_bytes != 0) {
        throw std::invalid_argument("sparse_memory: size must be a positive multiple of 4096 B, "
                                    "got " +
                                    std::to_string(size) + " B");
    }
}

bool sparse_memory::contains(std::uint64_t address, std::uint64_t length) const {
    return address <= m_size && length <= m_size - address;
}

void sparse_memory::check(std::uint64_t address, std::uint64_t length) const {
    if (!contains(address, length)) {
        throw std::out_of_range("sparse_memory: access of " + std::to_string(length) +
                                " B at address " + std::to_string(address) +
                                " is outside the memory [0, " + std::to_string(m_size) + ")");
    }
}

void sparse_memory::read(std::uint64_t address, void* out, std::uint64_t length) const {
    check(address, length);
    auto* dst = static_cast<std::uint8_t*>(out);
    while (length > 0) {
        const std::uint64_t offset = address % page_bytes;
        const std::uint64_t chunk = std::min(length, page_bytes - offset);
        const auto it = m_pages.find(address / page_bytes);
        if (it == m_pages.end()) {
            std::memset(dst, 0, chunk);
        } else {
            std::memcpy(dst, it->second.get() + offset, chunk);
        }
        address += chunk;
        dst += chunk;
        length -= chunk;
    }
}

void sparse_memory::write(std::uint64_t address, const void* in, std::uint64_t length) {
    check(address, length);
    const auto* src = static_cast<const std::uint8_t*>(in);
    while (length > 0) {
        const std::uint64_t offset = address % page_bytes;
        const std::uint64_t chunk = std::min(length, page_bytes - offset);
        std::memcpy(page(address) + offset, src, chunk);
        address += chunk;
        src += chunk;
        length -= chunk;
    }
}

void sparse_memory::clear(std::uint64_t address, std::uint64_t length) {
    check(address, length);
    while (length > 0) {
        const std::uint64_t offset = address % page_bytes;
        const std::uint64_t chunk = std::min(length, page_bytes - offset);
        const auto it = m_pages.find(address / page_bytes);
        if (it != m_pages.end()) {
            std::memset(it->second.get() + offset, 0, chunk);
        }
        address += chunk;
        length -= chunk;
    }
}

std::uint8_t* sparse_memory::page(std::uint64_t address) {
    check(address, 1);
    auto& slot = m_pages[address / page_bytes];
    if (!slot) {
        slot = std::make_unique<std::uint8_t[]>(page_bytes);
    }
    return slot.get();
}

} // namespace osvp
