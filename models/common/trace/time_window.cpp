#include "common/trace/time_window.h"

#include <array>
#include <cctype>
#include <stdexcept>
#include <string>

namespace osvp::trace {
namespace {

constexpr std::string_view time_form =
    "a non-negative number with a unit ps, ns, us, ms or s (e.g. \"10ms\", \"1.5 us\", \"0\")";

struct unit_scale {
    std::string_view name;
    time_ps scale;
};

constexpr std::array<unit_scale, 5> units{
    {{"ps", 1}, {"ns", ps_per_ns}, {"us", ps_per_us}, {"ms", ps_per_ms}, {"s", ps_per_s}}};

std::string_view trim(std::string_view text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
        text.remove_prefix(1);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
        text.remove_suffix(1);
    return text;
}

[[noreturn]] void bad_time(std::string_view text, std::string_view why) {
    throw std::invalid_argument("trace time \"" + std::string(text) + "\": " + std::string(why) +
                                "; expected " + std::string(time_form));
}

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

} // namespace

time_ps parse_time_point(std::string_view text) {
    const std::string_view body = trim(text);
    std::size_t pos = 0;
    time_ps whole = 0;
    const time_ps max = time_window::open_end;
    while (pos < body.size() && is_digit(body[pos])) {
        const time_ps digit = static_cast<time_ps>(body[pos] - '0');
        if (whole > (max - digit) / 10)
            bad_time(text, "value too large for 64-bit picoseconds");
        whole = whole * 10 + digit;
        ++pos;
    }
    const std::size_t int_digits = pos;
    std::string_view fraction;
    if (pos < body.size() && body[pos] == '.') {
        const std::size_t first = ++pos;
        while (pos < body.size() && is_digit(body[pos]))
            ++pos;
        fraction = body.substr(first, pos - first);
        if (fraction.empty())
            bad_time(text, "missing digits after the decimal point");
    }
    if (int_digits == 0 && fraction.empty())
        bad_time(text, "missing number");
    const std::string_view unit = trim(body.substr(pos));
    if (unit.empty()) {
        if (whole == 0 && fraction.find_first_not_of('0') == std::string_view::npos)
            return 0;
        bad_time(text, "missing unit");
    }
    for (const unit_scale& u : units) {
        if (u.name != unit)
            continue;
        if (whole > max / u.scale)
            bad_time(text, "value too large for 64-bit picoseconds");
        time_ps result = whole * u.scale;
        time_ps place = u.scale;
        for (const char c : fraction) {
            const time_ps digit = static_cast<time_ps>(c - '0');
            if (place % 10 != 0) {
                if (digit != 0)
                    bad_time(text, "finer than the 1 ps resolution");
                continue;
            }
            place /= 10;
            result += digit * place;
        }
        if (result < whole * u.scale)
            bad_time(text, "value too large for 64-bit picoseconds");
        return result;
    }
    bad_time(text, "unknown unit \"" + std::string(unit) + "\"");
}

time_window parse_time_window(std::string_view text) {
    const std::string_view body = trim(text);
    time_window window;
    if (body.empty())
        return window;
    const std::size_t colon = body.find(':');
    if (colon == std::string_view::npos || body.find(':', colon + 1) != std::string_view::npos)
        throw std::invalid_argument("trace window \"" + std::string(text) +
                                    "\": expected START:END, START: or :END with times like "
                                    "\"10ms:12ms\", \"0:500us\", \"5ms:\"");
    const std::string_view first = trim(body.substr(0, colon));
    const std::string_view second = trim(body.substr(colon + 1));
    if (!first.empty())
        window.start = parse_time_point(first);
    if (!second.empty())
        window.end = parse_time_point(second);
    if (window.end <= window.start)
        throw std::invalid_argument("trace window \"" + std::string(text) +
                                    "\": END must be later than START");
    return window;
}

} // namespace osvp::trace
