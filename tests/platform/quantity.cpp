#include "quantity.h"

#include <cstdlib>
#include <map>
#include <stdexcept>
#include <string>

namespace osvp::platform_test {
namespace {

double parse(const nlohmann::json& value, const std::map<std::string, double>& units) {
    std::string allowed;
    for (const auto& [name, scale] : units) {
        allowed += (allowed.empty() ? "" : ", ") + name;
    }
    if (!value.is_string()) {
        throw std::invalid_argument("quantity " + value.dump() + " is not a string; allowed: " +
                                    "a number and one of " + allowed);
    }
    const std::string text = value.get<std::string>();
    const std::size_t space = text.find(' ');
    const auto unit = units.find(space == std::string::npos ? "" : text.substr(space + 1));
    if (space == std::string::npos || unit == units.end()) {
        throw std::invalid_argument("quantity '" + text + "' has no unit of " + allowed);
    }
    return std::strtod(text.c_str(), nullptr) * unit->second;
}

} // namespace

double seconds(const nlohmann::json& text) {
    return parse(text, {{"ps", 1e-12}, {"ns", 1e-9}, {"us", 1e-6}, {"ms", 1e-3}, {"s", 1.0}});
}

double bytes(const nlohmann::json& text) {
    return parse(text, {{"B", 1.0},
                        {"KiB", 1024.0},
                        {"MiB", 1048576.0},
                        {"GiB", 1073741824.0},
                        {"TiB", 1099511627776.0},
                        {"KB", 1e3},
                        {"MB", 1e6},
                        {"GB", 1e9},
                        {"TB", 1e12}});
}

double transfers_per_second(const nlohmann::json& text) {
    return parse(text, {{"T/s", 1.0}, {"KT/s", 1e3}, {"MT/s", 1e6}, {"GT/s", 1e9}});
}

double hertz(const nlohmann::json& text) {
    return parse(text, {{"Hz", 1.0}, {"kHz", 1e3}, {"MHz", 1e6}, {"GHz", 1e9}});
}

} // namespace osvp::platform_test
