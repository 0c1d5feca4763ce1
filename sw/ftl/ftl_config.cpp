#include "ftl/ftl_config.h"

#include "ftl/ftl_errors.h"

#include <sstream>
#include <stdexcept>

namespace osvp::fw {

void page_ftl_config::validate() const {
    if (!(over_provisioning > 0.0 && over_provisioning < 0.5)) {
        std::ostringstream msg;
        msg << "page_ftl_config.over_provisioning = " << over_provisioning
            << "; allowed: 0 < value < 0.5";
        throw ftl_config_error(ftl_config_error::parameter::over_provisioning, msg.str());
    }
    if (gc_threshold_super_blocks < 1) {
        throw ftl_config_error(ftl_config_error::parameter::gc_threshold,
                               "page_ftl_config.gc_threshold_super_blocks = 0; allowed: >= 1");
    }
}

} // namespace osvp::fw
