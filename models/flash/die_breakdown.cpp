#include "flash/die_breakdown.h"

namespace osvp {

die_breakdown::die_breakdown(const die_counters& k, const flash_config& config)
    : gradient_in(k.vpps * config.data_time(config.page_bytes)), array_read(k.read_busy),
      register_copy(k.copy_busy), pe_compute(k.odc_busy), array_program(k.program_busy),
      erase(k.erase_busy), data_out(config.data_time(k.bytes_out)) {}

time_ps die_breakdown::die_busy() const {
    return array_read + register_copy + pe_compute + array_program + erase;
}

die_breakdown& die_breakdown::operator+=(const die_breakdown& o) {
    gradient_in += o.gradient_in;
    array_read += o.array_read;
    register_copy += o.register_copy;
    pe_compute += o.pe_compute;
    array_program += o.array_program;
    erase += o.erase;
    data_out += o.data_out;
    return *this;
}

nlohmann::json die_breakdown::to_json() const {
    return {{"gradient_in_ps", gradient_in},
            {"array_read_ps", array_read},
            {"register_copy_ps", register_copy},
            {"pe_compute_ps", pe_compute},
            {"array_program_ps", array_program},
            {"erase_ps", erase},
            {"data_out_ps", data_out}};
}

die_breakdown die_breakdown::from_json(const nlohmann::json& j) {
    die_breakdown b;
    b.gradient_in = j.at("gradient_in_ps").get<time_ps>();
    b.array_read = j.at("array_read_ps").get<time_ps>();
    b.register_copy = j.at("register_copy_ps").get<time_ps>();
    b.pe_compute = j.at("pe_compute_ps").get<time_ps>();
    b.array_program = j.at("array_program_ps").get<time_ps>();
    b.erase = j.at("erase_ps").get<time_ps>();
    b.data_out = j.at("data_out_ps").get<time_ps>();
    return b;
}

} // namespace osvp
