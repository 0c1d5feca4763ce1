// Parsing of physical quantities written with explicit units in configuration files and on the
// command line ("25 us", "1200 MT/s", "8 KiB", "7.3 GB/s", "4.66 mW"). Each parser accepts a
// number, optional white space and one of the units listed in its comment, and throws
// osvp::unit_error naming the text and the allowed units otherwise.
#pragma once
#include "common/sim_time.h"

#include <cstdint>
#include <stdexcept>
#include <string>

namespace osvp {

/// Raised for a quantity that is malformed, negative or has a unit of the wrong dimension.
class unit_error : public std::invalid_argument {
public:
    using std::invalid_argument::invalid_argument;
};

/// Time: ps, ns, us, ms, s -> integer picoseconds (rounded to nearest).
time_ps parse_time(const std::string& text);
/// Size: B, KB, MB, GB, TB (powers of 1000), KiB, MiB, GiB, TiB (powers of 1024) -> bytes.
std::uint64_t parse_size(const std::string& text);
/// Transfer rate of a bus: T/s, kT/s, MT/s, GT/s (transfers per second).
double parse_transfer_rate(const std::string& text);
/// Frequency: Hz, kHz, MHz, GHz.
double parse_frequency(const std::string& text);
/// Bandwidth: B/s, KB/s, MB/s, GB/s (powers of 1000), KiB/s, MiB/s, GiB/s -> bytes per second.
double parse_bandwidth(const std::string& text);
/// Power: W, mW, uW -> watts.
double parse_power(const std::string& text);
/// Current: A, mA, uA -> amperes.
double parse_current(const std::string& text);
/// Voltage: V, mV -> volts.
double parse_voltage(const std::string& text);
/// Energy: J, mJ, uJ, nJ, pJ -> joules.
double parse_energy(const std::string& text);

/// Human-readable time with an adaptive unit and at most `significant` digits, e.g. "25 us",
/// "1.5 ms"; zero is "0 s".
std::string format_time(time_ps t, int significant = 6);
/// `value` with exactly `digits` digits after the decimal point, e.g. "0.450".
std::string format_fixed(double value, int digits);
/// Human-readable size with at most `significant` digits, e.g. "8 KiB", "1.5 GiB".
std::string format_size(std::uint64_t bytes, int significant = 6);

/// Time to move `units` items at `rate_per_s` items per second, rounded up to whole picoseconds.
time_ps transfer_time(std::uint64_t units, double rate_per_s);

} // namespace osvp
