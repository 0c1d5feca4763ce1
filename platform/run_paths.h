// The files and directories a run reads or writes besides its configuration (--stats,
// training.input, training.output): checked, opened or created before the simulation starts, so
// that a bad path is an error at once rather than a loss after a long simulation.
#pragma once
#include "host/training_config.h"

#include <fstream>
#include <string>

namespace osvp {

/// Opens `path` for writing (created or truncated). A config_error names `option`, the path and
/// the system's reason when it cannot be opened.
std::ofstream open_output(const std::string& path, const std::string& option);

/// The directories of a training run: training.input, when given, must be a directory, and with
/// training.data = npy it must hold every file the run reads (<tensor>.w.npy and the gradients of
/// steps 1..training.steps; headers and sizes checked, values not read); training.output, when
/// given, is created (with its parents) and must be writable. A config_error names the key, the
/// path and the reason.
void prepare_training_paths(const training_config& training);

} // namespace osvp
