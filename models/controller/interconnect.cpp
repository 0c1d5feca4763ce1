#include "controller/interconnect.h"

#include "common/sc_time_util.h"

namespace osvp {

interconnect::interconnect(const sc_core::sc_module_name& name, time_ps hop_latency)
    : sc_module(name), from_initiators("from_initiators"), to_targets("to_targets"),
      m_latency(to_sc(hop_latency)) {
    from_initiators.register_b_transport(this, &interconnect::b_transport);
    from_initiators.register_transport_dbg(this, &interconnect::transport_dbg);
}

void interconnect::map(unsigned port, std::uint64_t base, std::uint64_t size) {
    m_ranges.push_back({base, size, port});
}

const interconnect::range* interconnect::decode(std::uint64_t address) const {
    for (const range& r : m_ranges) {
        if (address >= r.base && address - r.base < r.size) {
            return &r;
        }
    }
    return nullptr;
}

void interconnect::b_transport(int, tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
    const std::uint64_t address = trans.get_address();
    const range* r = decode(address);
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
