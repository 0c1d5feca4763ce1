// Exceptions of the firmware FTL. Messages name the die/block/page concerned, the bad value and
// what is allowed.
#pragma once
#include <cstdint>
#include <stdexcept>
#include <string>

namespace osvp::fw {

// The caller broke the FTL protocol (for example, erase of a block that still holds valid data,
// relocation from a block that is not the die's GC victim). Nothing was changed.
class ftl_usage_error : public std::invalid_argument {
public:
    using std::invalid_argument::invalid_argument;
};

// A die has no free super-block left for the requested allocation. Nothing was changed.
class ftl_out_of_space : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// "die (c,d)" for messages.
inline std::string die_name(std::uint32_t channel, std::uint32_t die) {
    return "die (" + std::to_string(channel) + "," + std::to_string(die) + ")";
}

} // namespace osvp::fw
