#include "output_file.h"

#include "common/config.h"

#include <cerrno>
#include <cstring>

namespace osvp {

std::ofstream open_output(const std::string& path, const std::string& option) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) {
        throw config_error(option + ": cannot write '" + path + "': " + std::strerror(errno));
    }
    return out;
}

} // namespace osvp
