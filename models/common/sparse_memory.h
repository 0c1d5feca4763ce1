// Byte-addressable memory that allocates 4 KiB pages on first write, so a 128 GiB host memory or
// a 4 GiB SSD DRAM costs only what is touched. Plain C++: the storage behind host_memory and the
// SSD DRAM, also used directly by the host CPU side (the NVMe driver) at zero simulated time.
#pragma once
#include <cstdint>
#include <cstring>
#include <map>
#include <memory>

namespace osvp {

/// Sparse memory of addresses [0, size). Unwritten bytes read as zero.
class sparse_memory {
public:
    /// Allocation granule in bytes.
    static constexpr std::uint64_t page_bytes = 4096;

    /// `size` in bytes, a positive multiple of page_bytes (std::invalid_argument otherwise).
    explicit sparse_memory(std::uint64_t size);

    std::uint64_t size() const { return m_size; }
    /// True if [address, address + length) lies inside the memory.
    bool contains(std::uint64_t address, std::uint64_t length) const;
    /// Copies `length` bytes at `address` to `out`; std::out_of_range outside the memory.
    void read(std::uint64_t address, void* out, std::uint64_t length) const;
    /// Copies `length` bytes from `in` to `address`; std::out_of_range outside the memory.
    void write(std::uint64_t address, const void* in, std::uint64_t length);
    /// Sets `length` bytes at `address` to zero; std::out_of_range outside the memory.
    void clear(std::uint64_t address, std::uint64_t length);
    /// The page holding `address`, allocated (zeroed) if needed; stays valid for the object's
    /// lifetime. std::out_of_range outside the memory.
    std::uint8_t* page(std::uint64_t address);
    /// Pages allocated so far.
    std::uint64_t allocated_pages() const { return m_pages.size(); }

    /// Trivially copyable value at `address` (little-endian host layout).
    template <typename T>
    T load(std::uint64_t address) const {
        T value;
        read(address, &value, sizeof value);
        return value;
    }
    template <typename T>
    void store(std::uint64_t address, const T& value) {
        write(address, &value, sizeof value);
    }

private:
    void check(std::uint64_t address, std::uint64_t length) const;

    std::uint64_t m_size;
    std::map<std::uint64_t, std::unique_ptr<std::uint8_t[]>> m_pages;
};

} // namespace osvp
