// Parses the quantities of a dumped configuration ("25 us", "8 KiB", "1200 MT/s") into SI
// numbers, independently of the executable's own unit parser. Throws std::invalid_argument
// naming the text and the allowed units.
#pragma once
#include <nlohmann/json.hpp>

namespace osvp::platform_test {

/// Seconds from ps, ns, us, ms or s.
double seconds(const nlohmann::json& text);
/// Bytes from B, KiB, MiB, GiB, TiB, KB, MB, GB or TB.
double bytes(const nlohmann::json& text);
/// Transfers per second from T/s, KT/s, MT/s or GT/s.
double transfers_per_second(const nlohmann::json& text);
/// Cycles per second from Hz, kHz, MHz or GHz.
double hertz(const nlohmann::json& text);

} // namespace osvp::platform_test
