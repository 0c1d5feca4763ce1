#include "common/units.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <utility>
#include <vector>

namespace osvp {
namespace {

using unit_table = std::vector<std::pair<const char*, double>>;

std::string allowed_units(const unit_table& table) {
    std::string out;
    for (const auto& [name, scale] : table) {
        out += out.empty() ? "" : ", ";
        out += name;
    }
    return out;
}

double parse_quantity(const std::string& text, const unit_table& table, const char* dimension) {
    const char* begin = text.c_str();
    char* end = nullptr;
    const double value = std::strtod(begin, &end);
    if (end == begin || !std::isfinite(value) || value < 0) {
        throw unit_error("'" + text + "' is not a " + dimension +
                         ": expected a non-negative number followed by one of " +
                         allowed_units(table));
    }
    std::string unit(end);
    const auto first = unit.find_first_not_of(' ');
    unit = first == std::string::npos ? "" : unit.substr(first);
    for (const auto& [name, scale] : table) {
        if (unit == name) {
            return value * scale;
        }
    }
    throw unit_error("'" + text + "' has no valid " + dimension + " unit: expected one of " +
                     allowed_units(table));
}

} // namespace

time_ps parse_time(const std::string& text) {
    static const unit_table table{{"ps", 1.0}, {"ns", 1e3}, {"us", 1e6}, {"ms", 1e9}, {"s", 1e12}};
    return static_cast<time_ps>(std::llround(parse_quantity(text, table, "time")));
}

std::uint64_t parse_size(const std::string& text) {
    static const unit_table table{
        {"B", 1.0},         {"KB", 1e3},           {"MB", 1e6},
        {"GB", 1e9},        {"TB", 1e12},          {"KiB", 1024.0},
        {"MiB", 1048576.0}, {"GiB", 1073741824.0}, {"TiB", 1099511627776.0}};
    const double bytes = parse_quantity(text, table, "size");
    if (bytes != std::floor(bytes)) {
        throw unit_error("'" + text + "' is not a whole number of bytes");
    }
    return static_cast<std::uint64_t>(bytes);
}

double parse_transfer_rate(const std::string& text) {
    static const unit_table table{{"T/s", 1.0}, {"kT/s", 1e3}, {"MT/s", 1e6}, {"GT/s", 1e9}};
    return parse_quantity(text, table, "transfer rate");
}

double parse_frequency(const std::string& text) {
    static const unit_table table{{"Hz", 1.0}, {"kHz", 1e3}, {"MHz", 1e6}, {"GHz", 1e9}};
    return parse_quantity(text, table, "frequency");
}

double parse_bandwidth(const std::string& text) {
    static const unit_table table{{"B/s", 1.0},           {"KB/s", 1e3},     {"MB/s", 1e6},
                                  {"GB/s", 1e9},          {"KiB/s", 1024.0}, {"MiB/s", 1048576.0},
                                  {"GiB/s", 1073741824.0}};
    return parse_quantity(text, table, "bandwidth");
}

double parse_power(const std::string& text) {
    static const unit_table table{{"W", 1.0}, {"mW", 1e-3}, {"uW", 1e-6}};
    return parse_quantity(text, table, "power");
}

double parse_current(const std::string& text) {
    static const unit_table table{{"A", 1.0}, {"mA", 1e-3}, {"uA", 1e-6}};
    return parse_quantity(text, table, "current");
}

double parse_voltage(const std::string& text) {
    static const unit_table table{{"V", 1.0}, {"mV", 1e-3}};
    return parse_quantity(text, table, "voltage");
}

double parse_energy(const std::string& text) {
    static const unit_table table{
        {"J", 1.0}, {"mJ", 1e-3}, {"uJ", 1e-6}, {"nJ", 1e-9}, {"pJ", 1e-12}};
    return parse_quantity(text, table, "energy");
}

std::string format_time(time_ps t, int significant) {
    if (t == 0) {
        return "0 s";
    }
    static const std::pair<const char*, double> units[] = {
        {"s", 1e12}, {"ms", 1e9}, {"us", 1e6}, {"ns", 1e3}};
    for (const auto& [name, scale] : units) {
        if (static_cast<double>(t) >= scale) {
            char buffer[64];
            std::snprintf(buffer, sizeof buffer, "%.*g %s", significant,
                          static_cast<double>(t) / scale, name);
            return buffer;
        }
    }
    return std::to_string(t) + " ps";
}

std::string format_fixed(double value, int digits) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.*f", digits, value);
    return buffer;
}

std::string format_size(std::uint64_t bytes, int significant) {
    static const std::pair<const char*, double> units[] = {
        {"TiB", 1099511627776.0}, {"GiB", 1073741824.0}, {"MiB", 1048576.0}, {"KiB", 1024.0}};
    for (const auto& [name, scale] : units) {
        if (static_cast<double>(bytes) >= scale) {
            char buffer[64];
            std::snprintf(buffer, sizeof buffer, "%.*g %s", significant,
                          static_cast<double>(bytes) / scale, name);
            return buffer;
        }
    }
    return std::to_string(bytes) + " B";
}

time_ps transfer_time(std::uint64_t units, double rate_per_s) {
    const long double ps = static_cast<long double>(units) * 1e12L / rate_per_s;
    return static_cast<time_ps>(std::ceil(ps - 1e-6L));
}

} // namespace osvp
