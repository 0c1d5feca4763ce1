#include "platform_config.h"

#include "firmware_config_reader.h"
#include "ftl/page_ftl.h"

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
    // Both sections are always read and validated, so one file can describe both modes. The
    // block workload addresses the block-device part of namespace 1 unless told otherwise; the
    // optimizer window above it is not a block device (sw/hal/optimstore_if.h).
    const config_node workload = root.child("workload");
    if (!workload.has("lba_count")) {
        const fw::firmware_config& f = c.ssd.firmware;
        const std::uint64_t user_lbas = fw::page_ftl(f.geometry, f.split, f.ftl).logical_pages() *
                                        (f.geometry.page_bytes / f.lba_bytes);
        const std::uint64_t first = workload.get_uint("first_lba", 0, 0, user_lbas - 1);
        tree.apply_override("workload.lba_count=" + std::to_string(user_lbas - first));
    }
    c.workload = workload_config::from(workload);
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
    c.ssd.nvme.timing_only =
        !c.ssd.flash.functional &&
        (c.training ? c.training->data == training_data::timing : !c.workload.verify);
    if (c.ssd.nvme.msi_address != c.host_memory.msi_base) {
        root.child("nvme").fail("msi_address", "must equal host.msi_base");
    }
    tree.check_all_used();
    return c;
}

} // namespace osvp
