#include "config_checks.h"

#include "common/units.h"
#include "eval/iteration_estimate.h"
#include "fw/optimizer_state.h"
#include "host/baseline_plan.h"
#include "host/nvme_driver.h"
#include "host/optimizer_window.h"
#include "nvme/identify.h"

#include <cstring>
#include <sstream>

namespace osvp {

/// cpu mode keeps every state in host DRAM: refuse a model that does not fit.
void check_host_memory(const platform_config& c, const train::model_desc& model) {
    const long double need =
        static_cast<long double>(model.parameter_count()) * c.cpu.bytes_per_parameter;
    if (need > static_cast<long double>(c.host_memory.size)) {
        throw config_error(
            "host.memory: model '" + model.name() +
            "' does not fit in cpu mode: " + std::to_string(model.parameter_count()) +
            " parameters x " + std::to_string(c.cpu.bytes_per_parameter) +
            " B (cpu.bytes_per_parameter) = " + format_size(static_cast<std::uint64_t>(need)) +
            " of host memory, more than " + format_size(c.host_memory.size) +
            "; use a smaller model, a larger host.memory or another mode");
    }
}

/// The host's commands of the section a flow uses may not exceed the drive's maximum transfer
/// (MDTS, from firmware.max_transfer), and the optimizer drivers' are whole flash pages: the
/// drivers find out only from the controller's Identify and Get Features data, mid-run. A block
/// workload must fit the block-device part of namespace 1.
void check_requests(const platform_config& c, host_flow flow) {
    const char* section = nullptr;
    std::uint64_t bytes = 0;
    std::uint32_t depth = 0;
    switch (flow) {
    case host_flow::block:
        section = "workload";
        bytes = c.workload.request_bytes;
        depth = c.workload.queue_depth;
        break;
    case host_flow::in_storage:
        section = "training";
        bytes = c.training->request_bytes;
        depth = c.training->queue_depth;
        break;
    case host_flow::baseline:
        section = "baseline";
        bytes = c.baseline.request_bytes;
        depth = c.baseline.queue_depth;
        break;
    case host_flow::replay:
        section = "replay";
        bytes = c.replay_trace->max_command_bytes;
        depth = c.replay.queue_depth;
        break;
    case host_flow::host_memory:
        return;
    }
    if (depth >= c.driver.io_queue_entries) {
        throw config_error(std::string(section) + ".queue_depth: " + std::to_string(depth) +
                           " commands do not fit the host's I/O queue of " +
                           std::to_string(c.driver.io_queue_entries) +
                           " entries (host.io_queue_entries; a ring holds one less); allowed: "
                           "1 to " +
                           std::to_string(c.driver.io_queue_entries - 1) +
                           ", or raise host.io_queue_entries");
    }
    if (flow == host_flow::block) {
        try {
            const workload probe(c.workload, c.ssd.firmware.lba_bytes, c.block_lbas);
        } catch (const std::invalid_argument& e) {
            throw config_error(std::string(e.what()) +
                               " [block mode: the block-device part of namespace 1, " +
                               std::to_string(c.block_lbas) +
                               " LBAs; the optimizer window above it is not a block device]");
        }
    } else if (flow != host_flow::replay) {
        check_whole_pages(section, bytes, c.ssd.flash.page_bytes);
    }
    const std::uint64_t limit = c.ssd.firmware.max_transfer_bytes;
    if (bytes > limit) {
        throw config_error(std::string(section) + ".request_size: " + format_size(bytes) +
                           " exceeds the drive's maximum transfer of " + format_size(limit) +
                           " (firmware.max_transfer); allowed: at most " + format_size(limit) +
                           ", or raise firmware.max_transfer");
    }
}

void read_replay_trace(platform_config& c) {
    if (c.replay.file.empty()) {
        throw config_error("replay.file: required in replay mode (a block I/O trace in the MSR "
                           "Cambridge CSV format; see replay.format)");
    }
    trace_mapping& m = c.replay_mapping;
    m.lba_bytes = c.ssd.firmware.lba_bytes;
    m.device_lbas = c.block_lbas;
    m.max_command_lbas = static_cast<std::uint32_t>(
        std::min<std::uint64_t>(c.ssd.firmware.max_transfer_bytes / m.lba_bytes, 65536));
    m.time_scale = c.replay.time_scale;
    try {
        c.replay_trace = summarise_trace(c.replay.file, m, c.replay.request_limit);
    } catch (const config_error& e) {
        throw config_error(std::string("replay.file: ") + e.what());
    }
    if (c.replay_trace->requests == 0) {
        throw config_error("replay.file: '" + c.replay.file + "' holds no request");
    }
}

/// What the host driver asks of the controller that the controller's configuration must grant
/// (the driver checks it against CAP and Identify data, mid-run).
void check_driver_fits_controller(const platform_config& c, const config_node& root) {
    if (c.driver.io_queue_entries > c.ssd.nvme.max_queue_entries) {
        root.child("host").fail("io_queue_entries",
                                std::to_string(c.driver.io_queue_entries) +
                                    " exceeds the controller's nvme.max_queue_entries (" +
                                    std::to_string(c.ssd.nvme.max_queue_entries) +
                                    ", CAP.MQES + 1); allowed: at most " +
                                    std::to_string(c.ssd.nvme.max_queue_entries));
    }
    if (c.ssd.nvme.interrupt_vectors <= nvme_driver::io_vector) {
        root.child("nvme").fail("interrupt_vectors",
                                std::to_string(c.ssd.nvme.interrupt_vectors) +
                                    " is too few: the host driver uses vector 0 for the admin "
                                    "queue and vector " +
                                    std::to_string(nvme_driver::io_vector) +
                                    " for its I/O queue; allowed: at least " +
                                    std::to_string(nvme_driver::io_vector + 1));
    }
    if (c.driver.namespace_id > fw::namespace_count) {
        root.child("host").fail("namespace_id", std::to_string(c.driver.namespace_id) +
                                                    " does not exist: the drive has " +
                                                    std::to_string(fw::namespace_count) +
                                                    " namespace(s); allowed: 1 to " +
                                                    std::to_string(fw::namespace_count));
    }
}

void check_baseline_plan(const platform_config& c, const train::model_desc& model) {
    const baseline_plan probe(model.parameter_count(), c.training->optimizer.kind, c.baseline,
                              c.ssd.flash.page_bytes, c.ssd.firmware.lba_bytes, c.block_lbas);
}

/// The firmware's own answer to the host's parameter set (the code that serves Set Features C0h,
/// run here on the same firmware configuration): a model the reservoir cannot hold or an
/// optimizer the dies cannot run is refused before the run with the firmware's reason, not by a
/// failed command mid-run.
void check_parameter_set(const platform_config& c, const train::model_desc& model) {
    const std::vector<std::uint8_t> bytes =
        encode_parameter_set(*c.training, model.parameter_count());
    fw::optimstore_if::parameter_set set{};
    std::memcpy(&set, bytes.data(), sizeof set);
    fw::optimizer_state firmware(c.ssd.firmware, c.block_lbas);
    std::string why;
    if (!firmware.configure(set, why).ok()) {
        throw config_error(std::string(to_string(c.mode)) +
                           " mode: the firmware refuses the optimizer's parameter set for model '" +
                           model.name() + "': " + why);
    }
}

void check_gpu_time(const platform_config& c, const train::model_desc& model) {
    // 10^6 s (11.6 days) is 10^18 ps; a time_ps holds up to 1.8 x 10^19, leaving room for the step.
    constexpr double max_gpu_seconds = 1e6;
    const double seconds = gpu_seconds(c.gpu, model.parameter_count());
    if (!(seconds <= max_gpu_seconds)) {
        std::ostringstream out;
        out << "the iteration estimate's forward and backward of model '" << model.name()
            << "' take " << seconds << " s, more than " << max_gpu_seconds
            << " s: lower gpu.tokens_per_iteration or gpu.flops_per_parameter_token, or raise "
               "gpu.peak_flops or gpu.utilisation";
        throw config_error(out.str());
    }
}

} // namespace osvp
