// Legends of enumerated trace signals (a die's state, a command's phase) and their GTKWave
// translate-filter files, which make the viewer print state names instead of numbers.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace osvp::trace {

/// Names of the states of an enumerated signal: value i displays as states[i]. `name`
/// ([A-Za-z0-9_]+) names the legend's filter file; signals with equal legends share one file.
struct enum_legend {
    std::string name;
    std::vector<std::string> states;
};

/// Checks the name and that there is at least one state, each non-empty printable text without
/// blanks; throws std::invalid_argument naming `signal`, the bad entry and what is allowed.
void validate_legend(const enum_legend& legend, std::string_view signal);

/// Bits needed to hold every state index (at least 1).
unsigned legend_width(const enum_legend& legend);

/// Writes a GTKWave translate-filter file: a comment, then "<decimal value> <state name>" per
/// state. Values are decimal because the save file displays enum signals in decimal.
void write_translate_filter(const std::string& path, const enum_legend& legend);

} // namespace osvp::trace
