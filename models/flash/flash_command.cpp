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
    }
    return "unknown";
}

bus_cycles onfi_cycles(flash_op op, unsigned planes, std::uint64_t data_bytes) {
    bus_cycles c;
    c.data_bytes = data_bytes;
    switch (op) {
    case flash_op::read:
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
    }
    return c;
}

time_ps bus_time(const flash_config& config, const bus_cycles& cycles) {
    return (cycles.commands + cycles.addresses) * config.t_cmd_cycle +
           cycles.adl_gaps * config.t_adl + cycles.whr_gaps * config.t_whr +
           config.data_time(cycles.data_bytes);
}

} // namespace osvp
