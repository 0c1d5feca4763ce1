#include "controller/interconnect.h"

#include "common/sc_time_util.h"

#include <algorithm>
#include <iterator>
#include <stdexcept>
#include <string>

namespace osvp {

interconnect::interconnect(const sc_core::sc_module_name& name, time_ps hop_latency)
    : sc_module(name), from_initiators("from_initiators"), to_targets("to_targets"),
      m_latency(to_sc(hop_latency)) {
    from_initiators.register_b_transport(this, &interconnect::b_transport);
    from_initiators.register_transport_dbg(this, &interconnect::transport_dbg);
}

void interconnect::map(unsigned port, std::uint64_t base, std::uint64_t size) {
    if (size == 0 || base > ~std::uint64_t{0} - (size - 1)) {
        throw std::invalid_argument(std::string(name()) + ": range of " + std::to_string(size) +
                                    " B at " + std::to_string(base) +
                                    " is empty or wraps past the end of the address space");
    }
    const auto at = std::upper_bound(m_ranges.begin(), m_ranges.end(), base,
                                     [](std::uint64_t b, const range& r) { return b < r.base; });
    const bool overlaps_previous =
        at != m_ranges.begin() && base - std::prev(at)->base < std::prev(at)->size;
    const bool overlaps_next = at != m_ranges.end() && at->base - base < size;
    if (overlaps_previous || overlaps_next) {
        throw std::invalid_argument(std::string(name()) + ": range of " + std::to_string(size) +
                                    " B at " + std::to_string(base) + " overlaps a mapped range");
    }
    m_ranges.insert(at, {base, size, port});
    std::fill(m_last.begin(), m_last.end(), nullptr);
}

void interconnect::end_of_elaboration() {
    m_last.assign(from_initiators.size(), nullptr);
}

const interconnect::range* interconnect::decode(std::uint64_t address) const {
    const auto after = std::upper_bound(m_ranges.begin(), m_ranges.end(), address,
                                        [](std::uint64_t a, const range& r) { return a < r.base; });
    if (after == m_ranges.begin()) {
        return nullptr;
    }
    const range& r = *std::prev(after);
    return address - r.base < r.size ? &r : nullptr;
}

void interconnect::b_transport(int id, tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
    const std::uint64_t address = trans.get_address();
    const range*& last = m_last[static_cast<std::size_t>(id)];
    const range* r = last != nullptr && address - last->base < last->size ? last : decode(address);
    last = r;
    if (r == nullptr || trans.get_data_length() > r->size - (address - r->base)) {
        trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
        return;
    }
    delay += m_latency;
    trans.set_address(address - r->base);
    to_targets[r->port]->b_transport(trans, delay);
    trans.set_address(address);
}

unsigned interconnect::transport_dbg(int, tlm::tlm_generic_payload& trans) {
    const std::uint64_t address = trans.get_address();
    const range* r = decode(address);
    if (r == nullptr) {
        return 0;
    }
    trans.set_address(address - r->base);
    const unsigned n = to_targets[r->port]->transport_dbg(trans);
    trans.set_address(address);
    return n;
}

} // namespace osvp
