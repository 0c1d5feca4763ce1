// Data verification for the driver's "verify" mode: written data is a pure function of a seed
// and the absolute byte position in the namespace, so only the seed of the last successful
// write of each request slot needs to be remembered, not the data.
#pragma once
#include <cstdint>
#include <map>
#include <optional>

namespace osvp {

/// Fills `length` bytes (a multiple of 8) that start at namespace byte `position` (a multiple
/// of 8) with the pattern of `seed`: 64-bit word k of the namespace is mix64(mix64(seed) + k).
void fill_pattern(std::uint64_t seed, std::uint64_t position, std::uint8_t* out,
                  std::uint64_t length);
/// Number of 64-bit words in `data` that differ from the pattern fill_pattern would write.
std::uint64_t count_mismatches(std::uint64_t seed, std::uint64_t position, const std::uint8_t* data,
                               std::uint64_t length);

/// Seed of the last successful write per request slot; one map node per slot ever written.
class verify_record {
public:
    void written(std::uint64_t slot, std::uint64_t seed) { m_seeds[slot] = seed; }
    /// After a failed write the slot's content is unknown.
    void forget(std::uint64_t slot) { m_seeds.erase(slot); }
    /// The seed expected in `slot`, or nothing if it was never written successfully.
    std::optional<std::uint64_t> expected(std::uint64_t slot) const;

private:
    std::map<std::uint64_t, std::uint64_t> m_seeds;
};

} // namespace osvp
