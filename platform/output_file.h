// Output files named on the command line (--stats): opened before the run, so that a path that
// cannot be written is an error at once rather than a silent loss after a long simulation.
#pragma once
#include <fstream>
#include <string>

namespace osvp {

/// Opens `path` for writing (created or truncated). A config_error names `option`, the path and
/// the system's reason when it cannot be opened.
std::ofstream open_output(const std::string& path, const std::string& option);

} // namespace osvp
