#include "platform_config.h"

#include "firmware_config_reader.h"

namespace osvp {

platform_config platform_config::from(config_tree& tree) {
    const config_node root = tree.root();
    platform_config c;
    c.mode = root.get_choice("mode", "optimstore", {"block", "optimstore"}) == "block"
                 ? platform_mode::block
                 : platform_mode::optimstore;
    const config_node host = root.child("host");
    c.host_memory = host_memory_config::from(host);
    c.driver = nvme_driver_config::from(host);
    c.pcie = pcie_config::from(root.child("pcie"));
    c.ssd.flash = flash_config::from(root.child("flash"));
    c.ssd.controller = controller_config::from(root.child("controller"));
    c.ssd.nvme = nvme_config::from(root.child("nvme"));
    c.ssd.firmware = read_firmware_config(root.child("firmware"), root.child("ftl"), c.ssd.flash,
                                          c.ssd.controller, c.ssd.nvme.max_io_queues);
    // Both sections are always read and validated, so one file can describe both modes.
    c.workload = workload_config::from(root.child("workload"));
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
    if (c.mode == platform_mode::optimstore) {
        c.training = steps;
        c.driver.autorun = false;
        if (c.ssd.firmware.split.reservoir_blocks == 0) {
            root.child("ftl").fail("reservoir_blocks",
                                   "must be above 0 in optimstore mode (the optimizer reservoir)");
        }
    }
    if (c.ssd.nvme.msi_address != c.host_memory.msi_base) {
        root.child("nvme").fail("msi_address", "must equal host.msi_base");
    }
    tree.check_all_used();
    return c;
}

} // namespace osvp
