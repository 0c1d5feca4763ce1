#include "common/register_window.h"

#include <stdexcept>
#include <string>

namespace osvp {

register_window::entry& register_window::place(std::uint64_t offset, unsigned size) {
    for (entry& e : m_entries) {
        if (e.offset == offset && e.size == size) {
            return e;
        }
        if (offset < e.offset + e.size && e.offset < offset + size) {
            throw std::logic_error("register_window: register at offset " + std::to_string(offset) +
                                   " (" + std::to_string(size) + " B) overlaps the one at " +
                                   std::to_string(e.offset) + " (" + std::to_string(e.size) +
                                   " B)");
        }
    }
    m_entries.push_back({offset, size, {}, {}, {}});
    return m_entries.back();
}

unsigned register_window::debug(tlm::tlm_generic_payload& trans) const {
    const entry* e = find(trans.get_address());
    if (!trans.is_read() || e == nullptr || !e->peek || trans.get_data_length() != e->size) {
        return 0;
    }
    e->peek(trans.get_data_ptr());
    return e->size;
}

} // namespace osvp
