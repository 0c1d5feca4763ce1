#include "flash_config.h"

#include "common/units.h"

namespace osvp {

time_ps flash_config::data_time(std::uint64_t bytes) const {
    return transfer_time(bytes, transfer_rate);
}

time_ps flash_config::pe_time(std::uint64_t bytes) const {
    return data_time(pe_beats(bytes));
}

flash_config flash_config::from(const config_node& node) {
    flash_config c;
    c.channels = static_cast<unsigned>(node.get_uint("channels", c.channels, 1, 64));
    c.packages_per_channel =
        static_cast<unsigned>(node.get_uint("packages_per_channel", c.packages_per_channel, 1, 16));
    c.dies_per_package =
        static_cast<unsigned>(node.get_uint("dies_per_package", c.dies_per_package, 1, 8));
    c.planes_per_die =
        static_cast<unsigned>(node.get_uint("planes_per_die", c.planes_per_die, 1, 8));
    c.blocks_per_plane = static_cast<std::uint32_t>(
        node.get_uint("blocks_per_plane", c.blocks_per_plane, 4, 1u << 20));
    c.pages_per_block = static_cast<std::uint32_t>(
        node.get_uint("pages_per_block", c.pages_per_block, 2, 1u << 16));
    const std::uint64_t page = node.get_size("page_size", "8 KiB");
    if (page < 512 || page > (1u << 16) || (page & (page - 1)) != 0) {
        node.fail("page_size", "must be a power of two from 512 B to 64 KiB, got " +
                                   std::to_string(page) + " B");
    }
    c.page_bytes = static_cast<std::uint32_t>(page);
    c.transfer_rate = node.get_transfer_rate("transfer_rate", "1200 MT/s");
    if (c.transfer_rate < 1e6) {
        node.fail("transfer_rate", "must be at least 1 MT/s");
    }
    c.t_cmd_cycle = node.get_time("t_cmd_cycle", "25 ns");
    c.t_adl = node.get_time("t_adl", "150 ns");
    c.t_whr = node.get_time("t_whr", "80 ns");
    c.t_read = node.get_time("t_read", "25 us");
    c.t_prog = node.get_time("t_prog", "120 us");
    c.t_erase = node.get_time("t_erase", "1 ms");
    c.t_reg_copy = node.get_time("t_reg_copy", "3 us");
    c.t_rcbsy = node.get_time("t_rcbsy", "3 us");
    c.cache_read = node.get_bool("cache_read", c.cache_read);
    c.pe_beats_per_element =
        static_cast<unsigned>(node.get_uint("pe_beats_per_element", c.pe_beats_per_element, 1, 64));
    c.isqrt.mode = node.get_choice("isqrt_mode", "fast", {"fast", "exact"}) == "fast"
                       ? odp::isqrt_mode::fast
                       : odp::isqrt_mode::exact;
    c.isqrt.newton_iterations = static_cast<unsigned>(
        node.get_uint("isqrt_newton_iterations", c.isqrt.newton_iterations, 0, 4));
    c.functional = node.get_choice("storage", "timing", {"functional", "timing"}) == "functional";
    if (c.t_read == 0 || c.t_prog == 0 || c.t_erase == 0) {
        node.fail("t_read", "array times t_read, t_prog and t_erase must be positive");
    }
    return c;
}

} // namespace osvp
