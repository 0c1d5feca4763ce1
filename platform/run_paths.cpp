#include "run_paths.h"

#include "common/config.h"
#include "host/train/state_dir.h"

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
    if (training.data == training_data::npy) {
        // Every file the run will read, checked now (headers and sizes) rather than at the step
        // that reads it.
        const train::model_desc model = load_training_model(training);
        const train::state_dir input(training.input);
        try {
            for (const train::tensor_desc& tensor : model.tensors()) {
                input.check_state(tensor, train::state_kind::weight);
                for (std::uint64_t step = 1; step <= training.steps; ++step) {
                    input.check_gradient(tensor, step);
                }
            }
        } catch (const train::npy_error& e) {
            throw config_error(std::string("training.input: ") + e.what());
        }
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
