#include "platform_config.h"

#include "common/units.h"
#include "config_checks.h"
#include "firmware_config_reader.h"
#include "fw/firmware.h"

namespace osvp {

platform_config platform_config::from(config_tree& tree) {
    const config_node root = tree.root();
    platform_config c;
    c.mode = parse_platform_mode(root.get_string("mode", "optimstore"), "mode");
    const config_node host = root.child("host");
    c.host_memory = host_memory_config::from(host);
    c.driver = nvme_driver_config::from(host);
    if (c.driver.dma_base >= c.host_memory.size) {
        host.fail("dma_base", "must lie inside host memory of " + format_size(c.host_memory.size) +
                                  " (host.memory), got " + format_size(c.driver.dma_base));
    }
    c.pcie = pcie_config::from(root.child("pcie"));
    c.ssd.flash = flash_config::from(root.child("flash"));
    c.ssd.controller = controller_config::from(root.child("controller"));
    c.ssd.nvme = nvme_config::from(root.child("nvme"));
    c.energy = energy_config::from(root.child("energy"));
    c.host_cpu = host_cpu_config::from(root.child("host_cpu"));
    c.gpu = gpu_config::from(root.child("gpu"));
    c.ssd.firmware =
        read_firmware_config(root.child("firmware"), root.child("ftl"), c.ssd.flash,
                             c.ssd.controller, c.ssd.nvme.max_io_queues, update_engine_of(c.mode));
    // Both sections are always read and validated, so one file can describe both modes. The
    // block workload addresses the block-device part of namespace 1 unless told otherwise; the
    // optimizer window above it is not a block device (sw/hal/optimstore_if.h).
    const config_node workload = root.child("workload");
    const fw::firmware_config& f = c.ssd.firmware;
    c.block_lbas = fw::firmware::user_lbas_of(f);
    if (!workload.has("lba_count")) {
        const std::uint64_t first = workload.get_uint("first_lba", 0, 0, c.block_lbas - 1);
        tree.apply_override("workload.lba_count=" + std::to_string(c.block_lbas - first));
    }
    c.workload = workload_config::from(workload);
    c.replay = replay_config::from(root.child("replay"));
    const config_node training = root.child("training");
    if (!training.has("data") && !c.ssd.flash.functional) {
        tree.apply_override("training.data=timing");
    }
    if (!training.has("model") && !training.has("model_file")) {
        tree.apply_override("training.model=gpt2-2.6b");
    }
    if (!training.has("models_dir")) {
        tree.apply_override(std::string("training.models_dir=") + OSVP_MODELS_DIR);
    }
    const training_config steps = training_config::from(training);
    c.baseline = baseline_config::from(root.child("baseline"));
    c.cpu = cpu_mode_config::from(root.child("cpu"));
    const host_flow flow = flow_of(c.mode);
    if (flow == host_flow::replay) {
        read_replay_trace(c);
        c.driver.autorun = false;
    }
    if (runs_training(c.mode)) {
        c.training = steps;
        c.training->gradients_before_step = c.ssd.firmware.engine == fw::update_engine::read_path;
        c.driver.autorun = false;
    }
    if (flow == host_flow::in_storage && c.ssd.firmware.split.reservoir_blocks == 0) {
        root.child("ftl").fail("reservoir_blocks", std::string("must be above 0 in ") +
                                                       to_string(c.mode) +
                                                       " mode (the optimizer reservoir)");
    }
    if (runs_training(c.mode)) {
        const train::model_desc model = load_training_model(steps);
        check_gpu_time(c, model);
        if (flow == host_flow::host_memory) {
            check_host_memory(c, model);
        }
        if (flow == host_flow::in_storage) {
            check_parameter_set(c, model);
        }
        if (flow == host_flow::baseline) {
            check_baseline_plan(c, model);
        }
    }
    check_requests(c, flow);
    check_driver_fits_controller(c, root);
    c.ssd.nvme.timing_only =
        !c.ssd.flash.functional && (c.training ? c.training->data == training_data::timing
                                               : flow == host_flow::replay || !c.workload.verify);
    if (c.ssd.nvme.msi_address != c.host_memory.msi_base) {
        root.child("nvme").fail("msi_address", "must equal host.msi_base");
    }
    tree.check_all_used();
    return c;
}

} // namespace osvp
