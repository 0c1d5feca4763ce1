#include "io_bound.h"

#include "quantity.h"

#include <algorithm>
#include <sstream>
#include <stdexcept>

namespace osvp::platform_test {

double io_ceilings::bound() const {
    return std::min({link, channels, arrays, dram});
}

std::string io_ceilings::text() const {
    std::ostringstream out;
    out << "bound " << bound() / 1e9 << " GB/s (link " << link / 1e9 << ", channels "
        << channels / 1e9 << ", arrays " << arrays / 1e9 << ", DRAM " << dram / 1e9 << ")";
    return out.str();
}

double pcie_raw_bytes_per_second(const nlohmann::json& pcie) {
    // PCIe Base 4.0, 4.2: 2.5/5 GT/s with 8b/10b, 8/16/32 GT/s with 128b/130b.
    const double gt_per_s[] = {2.5e9, 5e9, 8e9, 16e9, 32e9};
    const unsigned generation = pcie.at("generation").get<unsigned>();
    if (generation < 1 || generation > 5) {
        throw std::invalid_argument("pcie.generation " + std::to_string(generation) +
                                    " unknown; allowed 1..5");
    }
    const double encoding = generation <= 2 ? 8.0 / 10.0 : 128.0 / 130.0;
    return pcie.at("lanes").get<double>() * gt_per_s[generation - 1] * encoding / 8.0 *
           (1.0 - pcie.at("dllp_overhead").get<double>());
}

double pcie_effective_bytes_per_second(const nlohmann::json& pcie) {
    const double raw = pcie_raw_bytes_per_second(pcie);
    const double payload = bytes(pcie.at("max_payload"));
    return raw * payload / (payload + bytes(pcie.at("tlp_overhead")));
}

io_ceilings sequential_ceilings(const nlohmann::json& config, bool write) {
    const nlohmann::json& f = config.at("flash");
    const nlohmann::json& dram = config.at("controller").at("dram");
    io_ceilings c;
    c.link = pcie_effective_bytes_per_second(config.at("pcie"));
    c.channels = f.at("channels").get<double>() * transfers_per_second(f.at("transfer_rate"));
    const double dies = f.at("channels").get<double>() *
                        f.at("packages_per_channel").get<double>() *
                        f.at("dies_per_package").get<double>();
    const double array_time =
        seconds(f.at(write ? "t_prog" : "t_read")) + seconds(f.at("t_reg_copy"));
    c.arrays = dies * f.at("planes_per_die").get<double>() * bytes(f.at("page_size")) / array_time;
    c.dram = transfers_per_second(dram.at("transfer_rate")) * dram.at("bus_bits").get<double>() /
             8.0 / 2.0;
    return c;
}

} // namespace osvp::platform_test
