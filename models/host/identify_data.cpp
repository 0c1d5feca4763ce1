#include "host/identify_data.h"

#include <cstring>

namespace osvp {

std::uint64_t controller_identity::max_transfer_bytes(std::uint64_t page_bytes) const {
    return mdts == 0 ? 0 : page_bytes << mdts;
}

bool controller_identity::supports_entry_sizes(unsigned sq_log2, unsigned cq_log2) const {
    return (sqes & 0xF) <= sq_log2 && sq_log2 <= (sqes >> 4) && (cqes & 0xF) <= cq_log2 &&
           cq_log2 <= (cqes >> 4);
}

controller_identity parse_controller_identity(const std::uint8_t* data) {
    controller_identity id;
    id.mdts = data[77];
    id.sqes = data[512];
    id.cqes = data[513];
    std::memcpy(&id.nn, data + 516, sizeof id.nn);
    return id;
}

namespace_identity parse_namespace_identity(const std::uint8_t* data) {
    namespace_identity id;
    std::memcpy(&id.nsze, data, sizeof id.nsze);
    id.nlbaf = data[25];
    id.format_index = data[26] & 0xF;
    id.lbads = id.format_index <= id.nlbaf ? data[128 + 4 * id.format_index + 2] : 0;
    return id;
}

} // namespace osvp
