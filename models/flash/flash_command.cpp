#include "flash/flash_command.h"

namespace osvp {

const char* to_string(flash_op op) {
    switch (op) {
    case flash_op::read:
        return "read";
    case flash_op::data_out:
        return "data_out";
    case flash_op::program:
        return "program";
    case flash_op::erase:
        return "erase";
    case flash_op::vpp:
        return "vpp";
    case flash_op::pcache:
        return "pcache";
    case flash_op::rcache:
        return "rcache";
    case flash_op::bpr:
        return "bpr";
    case flash_op::bpp:
        return "bpp";
    case flash_op::odc:
        return "odc";
    case flash_op::lcr:
        return "lcr";
    case flash_op::read_cache:
        return "read_cache";
    case flash_op::read_cache_seq:
        return "read_cache_seq";
    case flash_op::read_cache_end:
        return "read_cache_end";
    }
    return "unknown";
}

flash_op to_flash_op(hal::odp_opcode op) {
    switch (op) {
    case hal::odp_opcode::vpp:
        return flash_op::vpp;
    case hal::odp_opcode::pcache:
        return flash_op::pcache;
    case hal::odp_opcode::rcache:
        return flash_op::rcache;
    case hal::odp_opcode::bpr:
        return flash_op::bpr;
    case hal::odp_opcode::bpp:
        return flash_op::bpp;
    case hal::odp_opcode::lcr:
        return flash_op::lcr;
    case hal::odp_opcode::lvs:
    case hal::odp_opcode::qvs:
    case hal::odp_opcode::vmul:
    case hal::odp_opcode::isqrt:
        break;
    }
    return flash_op::odc;
}

bus_cycles onfi_cycles(flash_op op, unsigned planes, std::uint64_t data_bytes) {
    bus_cycles c;
    c.data_bytes = data_bytes;
    switch (op) {
    case flash_op::read:
    case flash_op::read_cache:
    case flash_op::bpr:
    case flash_op::bpp:
        c.commands = 2 * planes;
        c.addresses = 5 * planes;
        break;
    case flash_op::data_out:
        c.commands = 2;
        c.addresses = 5;
        c.whr_gaps = 1;
        break;
    case flash_op::program:
        c.commands = 2 * planes;
        c.addresses = 5 * planes;
        c.adl_gaps = planes;
        break;
    case flash_op::erase:
        c.commands = 2 * planes;
        c.addresses = 3 * planes;
        break;
    case flash_op::vpp:
        c.commands = 1;
        c.addresses = 5;
        c.adl_gaps = 1;
        break;
    case flash_op::pcache:
    case flash_op::rcache:
        c.commands = 1;
        c.addresses = hal::odc_address_cycles;
        break;
    case flash_op::odc:
        c.commands = planes;
        c.addresses = static_cast<unsigned>(hal::odc_address_cycles) * planes;
        break;
    case flash_op::lcr:
        c.commands = 1;
        c.addresses = 1;
        c.adl_gaps = 1;
        break;
    case flash_op::read_cache_seq:
    case flash_op::read_cache_end:
        c.commands = 1;
        break;
    }
    return c;
}

time_ps control_time(const flash_config& config, const bus_cycles& cycles) {
    return (cycles.commands + cycles.addresses) * config.t_cmd_cycle +
           cycles.adl_gaps * config.t_adl + cycles.whr_gaps * config.t_whr;
}

time_ps bus_time(const flash_config& config, const bus_cycles& cycles) {
    return control_time(config, cycles) + config.data_time(cycles.data_bytes);
}

} // namespace osvp
