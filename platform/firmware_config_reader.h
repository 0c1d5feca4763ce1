// Fills the firmware's plain configuration from the "firmware" and "ftl" sections and from the
// hardware it runs on (the firmware itself parses nothing).
#pragma once
#include "common/config.h"
#include "controller/controller_config.h"
#include "flash/flash_config.h"
#include "fw/firmware_config.h"

namespace osvp {

fw::firmware_config read_firmware_config(const config_node& firmware, const config_node& ftl,
                                         const flash_config& flash,
                                         const controller_config& controller,
                                         std::uint32_t io_queues, fw::update_engine engine);

} // namespace osvp
