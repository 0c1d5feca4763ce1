// One blocking TLM-2.0 access from a test bench's initiator socket: a fresh generic payload
// with `length` bytes at `data`, sent with `delay` as the initiator's annotated local time.
#pragma once
#include <systemc>
#include <tlm>

#include <cstdint>

namespace osvp::test {

template <typename Socket>
tlm::tlm_response_status tlm_access(Socket& socket, tlm::tlm_command command, std::uint64_t address,
                                    void* data, unsigned length,
                                    sc_core::sc_time delay = sc_core::SC_ZERO_TIME) {
    tlm::tlm_generic_payload trans;
    trans.set_command(command);
    trans.set_address(address);
    trans.set_data_ptr(static_cast<unsigned char*>(data));
    trans.set_data_length(length);
    trans.set_streaming_width(length);
    trans.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    socket->b_transport(trans, delay);
    return trans.get_response_status();
}

} // namespace osvp::test
