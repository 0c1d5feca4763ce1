#include "common/trace/enum_legend.h"

#include <cctype>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <stdexcept>

namespace osvp::trace {

void validate_legend(const enum_legend& legend, std::string_view signal) {
    const std::string where =
        "legend \"" + legend.name + "\" of signal \"" + std::string(signal) + "\"";
    bool good_name = !legend.name.empty();
    for (const char c : legend.name)
        good_name = good_name && (std::isalnum(static_cast<unsigned char>(c)) || c == '_');
    if (!good_name)
        throw std::invalid_argument("trace: bad name of " + where + "; allowed [A-Za-z0-9_]+");
    if (legend.states.empty())
        throw std::invalid_argument("trace: " + where + " has no states; at least one is required");
    for (const std::string& state : legend.states) {
        bool good = !state.empty();
        for (const char c : state)
            good = good && std::isgraph(static_cast<unsigned char>(c));
        if (!good)
            throw std::invalid_argument("trace: " + where + " has state name \"" + state +
                                        "\"; names must be non-empty printable text without "
                                        "blanks");
    }
}

unsigned legend_width(const enum_legend& legend) {
    unsigned width = 1;
    while (width < 64 && (std::uint64_t{1} << width) < legend.states.size())
        ++width;
    return width;
}

void write_translate_filter(const std::string& path, const enum_legend& legend) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out)
        throw std::runtime_error("trace: cannot open \"" + path +
                                 "\" for writing: " + std::strerror(errno));
    out << "# GTKWave translate filter for legend " << legend.name << ": decimal value, name\n";
    for (std::size_t i = 0; i < legend.states.size(); ++i)
        out << i << " " << legend.states[i] << "\n";
    out.flush();
    if (!out)
        throw std::runtime_error("trace: write to \"" + path + "\" failed");
}

} // namespace osvp::trace
