#include "host/verify_pattern.h"

#include "host/prng.h"

#include <cstring>
#include <stdexcept>
#include <string>

namespace osvp {
namespace {

void check_words(std::uint64_t position, std::uint64_t length) {
    if (position % 8 != 0 || length % 8 != 0) {
        throw std::invalid_argument("verify pattern: position and length must be multiples of "
                                    "8 B, got position " +
                                    std::to_string(position) + ", length " +
                                    std::to_string(length));
    }
}

std::uint64_t word(std::uint64_t seed, std::uint64_t index) {
    return mix64(mix64(seed) + index);
}

} // namespace

void fill_pattern(std::uint64_t seed, std::uint64_t position, std::uint8_t* out,
                  std::uint64_t length) {
    check_words(position, length);
    for (std::uint64_t i = 0; i < length / 8; ++i) {
        const std::uint64_t value = word(seed, position / 8 + i);
        std::memcpy(out + 8 * i, &value, 8);
    }
}

std::uint64_t count_mismatches(std::uint64_t seed, std::uint64_t position, const std::uint8_t* data,
                               std::uint64_t length) {
    check_words(position, length);
    std::uint64_t mismatches = 0;
    for (std::uint64_t i = 0; i < length / 8; ++i) {
        std::uint64_t value = 0;
        std::memcpy(&value, data + 8 * i, 8);
        mismatches += value != word(seed, position / 8 + i) ? 1 : 0;
    }
    return mismatches;
}

std::optional<std::uint64_t> verify_record::expected(std::uint64_t slot) const {
    const auto it = m_seeds.find(slot);
    if (it == m_seeds.end()) {
        return std::nullopt;
    }
    return it->second;
}

} // namespace osvp
