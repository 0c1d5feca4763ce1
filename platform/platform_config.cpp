#include "platform_config.h"

#include "firmware_config_reader.h"

namespace osvp {

platform_config platform_config::from(config_tree& tree) {
    const config_node root = tree.root();
    platform_config c;
    const config_node host = root.child("host");
    c.host_memory = host_memory_config::from(host);
    c.driver = nvme_driver_config::from(host);
    c.workload = workload_config::from(root.child("workload"));
    c.pcie = pcie_config::from(root.child("pcie"));
    c.ssd.flash = flash_config::from(root.child("flash"));
    c.ssd.controller = controller_config::from(root.child("controller"));
    c.ssd.nvme = nvme_config::from(root.child("nvme"));
    c.ssd.firmware = read_firmware_config(root.child("firmware"), root.child("ftl"), c.ssd.flash,
                                          c.ssd.controller, c.ssd.nvme.max_io_queues);
    if (c.ssd.nvme.msi_address != c.host_memory.msi_base) {
        root.child("nvme").fail("msi_address", "must equal host.msi_base");
    }
    tree.check_all_used();
    return c;
}

} // namespace osvp
