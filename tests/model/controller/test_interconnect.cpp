// The on-chip interconnect routes a transaction to the target whose range holds it (address made
// relative to the range, one hop of latency added), rejects a transaction no range holds whole,
// and refuses to map an empty, wrapping or overlapping range.
#include "common/sc_scenario.h"
#include "common/sc_time_util.h"
#include "controller/interconnect.h"

#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include <array>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <utility>
#include <vector>

using namespace osvp;

namespace {

constexpr time_ps hop = 3'000;

/// An interconnect with three targets mapped out of base order, each recording the (relative)
/// addresses it receives, and a thread that runs `body` once the sockets are elaborated.
struct bus_bench : sc_core::sc_module {
    tlm_utils::simple_initiator_socket<bus_bench> cpu{"cpu"};
    interconnect bus{"bus", hop};
    tlm_utils::simple_target_socket_tagged<bus_bench> targets[3] = {
        tlm_utils::simple_target_socket_tagged<bus_bench>("t0"),
        tlm_utils::simple_target_socket_tagged<bus_bench>("t1"),
        tlm_utils::simple_target_socket_tagged<bus_bench>("t2")};
    std::array<std::vector<std::uint64_t>, 3> seen;
    std::function<void(bus_bench&)> body;

    SC_HAS_PROCESS(bus_bench);
    bus_bench(const sc_core::sc_module_name& name, std::function<void(bus_bench&)> b)
        : sc_module(name), body(std::move(b)) {
        cpu.bind(bus.from_initiators);
        for (int t = 0; t < 3; ++t) {
            bus.to_targets.bind(targets[t]);
            targets[t].register_b_transport(this, &bus_bench::accept, t);
        }
        bus.map(0, 0x3000, 0x1000);
        bus.map(1, 0x1000, 0x1000);
        bus.map(2, 0x8000, 0x100);
        SC_THREAD(run);
    }
    void run() { body(*this); }
    void accept(int id, tlm::tlm_generic_payload& trans, sc_core::sc_time&) {
        seen[id].push_back(trans.get_address());
        trans.set_response_status(tlm::TLM_OK_RESPONSE);
    }
    /// Sends a 4-byte read of `address`; returns its response and the delay it came back with.
    std::pair<tlm::tlm_response_status, time_ps> read(std::uint64_t address, unsigned length = 4) {
        std::array<unsigned char, 64> data{};
        tlm::tlm_generic_payload trans;
        trans.set_command(tlm::TLM_READ_COMMAND);
        trans.set_address(address);
        trans.set_data_ptr(data.data());
        trans.set_data_length(length);
        trans.set_streaming_width(length);
        sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
        cpu->b_transport(trans, delay);
        EXPECT_EQ(trans.get_address(), address) << "the initiator's address is restored";
        return {trans.get_response_status(), to_ps(delay)};
    }
};

} // namespace

TEST(interconnect, routes_to_the_range_holding_the_address_relative_to_its_base) {
    OSVP_SCENARIO({
        bus_bench b("b", [](bus_bench& b) {
            EXPECT_EQ(b.read(0x3000), std::make_pair(tlm::TLM_OK_RESPONSE, hop));
            EXPECT_EQ(b.read(0x1ffc).first, tlm::TLM_OK_RESPONSE);
            EXPECT_EQ(b.read(0x80f0).first, tlm::TLM_OK_RESPONSE);
        });
        sc_core::sc_start();
        EXPECT_EQ(b.seen[0], std::vector<std::uint64_t>{0});
        EXPECT_EQ(b.seen[1], std::vector<std::uint64_t>{0xffc});
        EXPECT_EQ(b.seen[2], std::vector<std::uint64_t>{0xf0});
    });
}

TEST(interconnect, repeated_and_alternating_targets_from_one_initiator_each_route_right) {
    // The bus remembers each initiator's latest range: hits, misses and errors in between must
    // not change where a transaction goes.
    OSVP_SCENARIO({
        bus_bench b("b", [](bus_bench& b) {
            EXPECT_EQ(b.read(0x3000).first, tlm::TLM_OK_RESPONSE);
            EXPECT_EQ(b.read(0x3ffc).first, tlm::TLM_OK_RESPONSE);
            EXPECT_EQ(b.read(0x3ffe).first, tlm::TLM_ADDRESS_ERROR_RESPONSE) << "past its end";
            EXPECT_EQ(b.read(0x4000).first, tlm::TLM_ADDRESS_ERROR_RESPONSE) << "just after";
            EXPECT_EQ(b.read(0x1000).first, tlm::TLM_OK_RESPONSE);
            EXPECT_EQ(b.read(0x3004).first, tlm::TLM_OK_RESPONSE);
            EXPECT_EQ(b.read(0x8000).first, tlm::TLM_OK_RESPONSE);
            EXPECT_EQ(b.read(0x0fff).first, tlm::TLM_ADDRESS_ERROR_RESPONSE) << "just before";
            EXPECT_EQ(b.read(0x1004).first, tlm::TLM_OK_RESPONSE);
        });
        sc_core::sc_start();
        EXPECT_EQ(b.seen[0], (std::vector<std::uint64_t>{0, 0xffc, 4}));
        EXPECT_EQ(b.seen[1], (std::vector<std::uint64_t>{0, 4}));
        EXPECT_EQ(b.seen[2], std::vector<std::uint64_t>{0});
    });
}

TEST(interconnect, an_address_outside_every_range_or_a_transaction_past_its_end_is_rejected) {
    OSVP_SCENARIO({
        bus_bench b("b", [](bus_bench& b) {
            for (std::uint64_t address : {0x0ull, 0xfffull, 0x2000ull, 0x4000ull, 0x8100ull}) {
                EXPECT_EQ(b.read(address).first, tlm::TLM_ADDRESS_ERROR_RESPONSE) << address;
            }
            EXPECT_EQ(b.read(0x1ffc, 8).first, tlm::TLM_ADDRESS_ERROR_RESPONSE)
                << "starts in a range, ends past it";
        });
        sc_core::sc_start();
        for (const auto& s : b.seen) {
            EXPECT_TRUE(s.empty());
        }
    });
}

TEST(interconnect, empty_wrapping_and_overlapping_ranges_are_refused) {
    OSVP_SCENARIO({
        interconnect bus("bus", hop);
        bus.map(0, 0x1000, 0x1000);
        EXPECT_THROW(bus.map(1, 0x5000, 0), std::invalid_argument);
        EXPECT_THROW(bus.map(1, ~std::uint64_t{0} - 0xff, 0x200), std::invalid_argument);
        EXPECT_THROW(bus.map(1, 0x1800, 0x100), std::invalid_argument) << "inside";
        EXPECT_THROW(bus.map(1, 0x0800, 0x1000), std::invalid_argument) << "over its start";
        EXPECT_THROW(bus.map(1, 0x1fff, 0x10), std::invalid_argument) << "over its end";
        EXPECT_THROW(bus.map(1, 0x0, 0x10000), std::invalid_argument) << "around it";
        EXPECT_NO_THROW(bus.map(1, 0x2000, 0x1000)) << "touching is fine";
        EXPECT_NO_THROW(bus.map(2, 0x0, 0x1000));
    });
}
