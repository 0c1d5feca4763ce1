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

// The FTL cannot work with this geometry, block split or page_ftl_config; which() says which
// parameter the check concerns, so that a configuration reader can name its key.
class ftl_config_error : public std::invalid_argument {
public:
    enum class parameter {
        drive_size,        ///< the product of the geometry (map entries are 32-bit)
        user_blocks,       ///< blocks left to the user region (reservoir) against the GC threshold
        over_provisioning, ///< logical capacity against what greedy GC needs
        gc_threshold,
    };
    ftl_config_error(parameter p, const std::string& what) : std::invalid_argument(what), m_p(p) {}
    parameter which() const { return m_p; }

private:
    parameter m_p;
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
