#include "ftl/ftl_config.h"

#include <sstream>
#include <stdexcept>

namespace osvp::fw {

void page_ftl_config::validate() const {
    if (!(over_provisioning > 0.0 && over_provisioning < 0.5)) {
        std::ostringstream msg;
        msg << "page_ftl_config.over_provisioning = " << over_provisioning
            << "; allowed: 0 < value < 0.5";
        throw std::invalid_argument(msg.str());
    }
    if (gc_threshold_super_blocks < 1) {
        throw std::invalid_argument("page_ftl_config.gc_threshold_super_blocks = 0; allowed: >= 1");
    }
}

} // namespace osvp::fw
