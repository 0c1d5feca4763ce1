#include "run_paths.h"

#include "common/config.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace osvp {

std::ofstream open_output(const std::string& path, const std::string& option) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) {
        throw config_error(option + ": cannot write '" + path + "': " + std::strerror(errno));
    }
    return out;
}

void prepare_training_paths(const training_config& training) {
    if (!training.input.empty() && !std::filesystem::is_directory(training.input)) {
        throw config_error("training.input: '" + training.input +
                           "' is not a directory (it must hold <tensor>.w.npy and the "
                           "step<N>/<tensor>.npy gradients)");
    }
    const std::string& out = training.output;
    if (out.empty()) {
        return;
    }
    std::error_code ec;
    std::filesystem::create_directories(out, ec);
    if (ec) {
        throw config_error("training.output: cannot create directory '" + out +
                           "': " + ec.message());
    }
    if (!std::filesystem::is_directory(out) || ::access(out.c_str(), W_OK) != 0) {
        throw config_error("training.output: '" + out + "' is not a writable directory");
    }
}

} // namespace osvp
