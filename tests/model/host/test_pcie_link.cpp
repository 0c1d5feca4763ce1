// Timing of the PCIe link against pcie_math's closed forms, and host memory's TLM behaviour.
// Each scenario elaborates its own kernel in a forked child.
#define SC_INCLUDE_DYNAMIC_PROCESSES
#include "common/sc_scenario.h"
#include "host/host_memory.h"
#include "pcie/pcie_link.h"

#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include <vector>

using namespace osvp;

namespace {

host_memory_config small_memory() {
    host_memory_config c;
    c.size = 1ull << 30;
    c.msi_base = 0x3000'0000;
    return c;
}

/// Host memory and a link, driven from both ends by test threads; the device's BAR0 is a sink
/// that answers instantly.
struct link_bench : sc_core::sc_module {
    host_memory memory;
    pcie_link link;
    tlm_utils::simple_initiator_socket<link_bench> cpu;
    tlm_utils::simple_initiator_socket<link_bench> device_dma;
    tlm_utils::simple_target_socket<link_bench> bar0;
    std::vector<std::tuple<pcie_direction, time_ps, time_ps>> busy;

    explicit link_bench(const sc_core::sc_module_name& name = "bench")
        : sc_core::sc_module(name), memory("memory", small_memory()), link("link", pcie_config{}),
          cpu("cpu"), device_dma("device_dma"), bar0("bar0") {
        cpu.bind(link.host_side);
        link.to_device.bind(bar0);
        device_dma.bind(link.device_side);
        link.to_host.bind(memory.socket);
        bar0.register_b_transport(this, &link_bench::sink);
        link.set_busy_observer([this](pcie_direction d, time_ps start, time_ps end) {
            busy.emplace_back(d, start, end);
        });
    }

    void sink(tlm::tlm_generic_payload& trans, sc_core::sc_time&) {
        trans.set_response_status(tlm::TLM_OK_RESPONSE);
    }

    /// Issues one access at the current time and returns the annotated delay in ps.
    static time_ps access(tlm_utils::simple_initiator_socket<link_bench>& socket,
                          tlm::tlm_command command, std::uint64_t address,
                          std::vector<std::uint8_t>& data) {
        tlm::tlm_generic_payload trans;
        trans.set_command(command);
        trans.set_address(address);
        trans.set_data_ptr(data.data());
        trans.set_data_length(static_cast<unsigned>(data.size()));
        trans.set_streaming_width(static_cast<unsigned>(data.size()));
        trans.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
        sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
        socket->b_transport(trans, delay);
        EXPECT_TRUE(trans.is_response_ok()) << trans.get_response_string();
        return delay.value();
    }
};

/// Host memory alone, accessed directly by a test initiator.
struct memory_bench : sc_core::sc_module {
    host_memory memory;
    tlm_utils::simple_initiator_socket<memory_bench> direct;

    explicit memory_bench(const sc_core::sc_module_name& name = "bench")
        : sc_core::sc_module(name), memory("memory", small_memory()), direct("direct") {
        direct.bind(memory.socket);
    }
};

void spawn(std::function<void()> body) {
    sc_core::sc_spawn(std::move(body));
}

} // namespace

TEST(pcie_link, isolated_transfers_take_the_closed_form_time) {
    OSVP_SCENARIO({
        link_bench b;
        const pcie_math& m = b.link.math();
        spawn([&] {
            std::vector<std::uint8_t> data(4096, 0x5A), back(4096, 0);
            time_ps d = link_bench::access(b.device_dma, tlm::TLM_WRITE_COMMAND, 0x10000, data);
            EXPECT_EQ(d, m.write_time(4096));
            wait(sc_core::sc_time::from_value(d));
            d = link_bench::access(b.device_dma, tlm::TLM_READ_COMMAND, 0x10000, back);
            EXPECT_EQ(d, m.read_time(4096));
            EXPECT_EQ(back, data);
            wait(sc_core::sc_time::from_value(d));
            std::vector<std::uint8_t> reg(4, 0);
            d = link_bench::access(b.cpu, tlm::TLM_READ_COMMAND, 0x1C, reg);
            EXPECT_EQ(d, m.read_time(4));
            wait(sc_core::sc_time::from_value(d));
            EXPECT_EQ(link_bench::access(b.cpu, tlm::TLM_WRITE_COMMAND, 0x1000, reg),
                      m.write_time(4));
        });
        sc_core::sc_start();
        const auto stats = b.link.stats();
        EXPECT_EQ(stats["upstream"]["payload_bytes"], 4096u + 4) << "DMA write, MMIO completion";
        EXPECT_EQ(stats["downstream"]["payload_bytes"], 4096u + 4) << "DMA completion, MMIO write";
        EXPECT_EQ(stats["upstream"]["wire_bytes"], m.write_wire_bytes(4096) +
                                                       m.read_request_wire_bytes(4096) +
                                                       m.completion_wire_bytes(4));
    });
}

TEST(pcie_link, concurrent_transfers_in_one_direction_serialise) {
    OSVP_SCENARIO({
        link_bench b;
        const pcie_math& m = b.link.math();
        const time_ps wire = m.wire_time(m.write_wire_bytes(4096));
        std::vector<time_ps> delays;
        for (int i = 0; i < 2; ++i) {
            spawn([&, i] {
                std::vector<std::uint8_t> data(4096, static_cast<std::uint8_t>(i));
                const time_ps d =
                    link_bench::access(b.device_dma, tlm::TLM_WRITE_COMMAND, 0x1000 * i, data);
                delays.push_back(d);
                wait(sc_core::sc_time::from_value(d));
            });
        }
        sc_core::sc_start();
        ASSERT_EQ(delays.size(), 2u);
        EXPECT_EQ(delays[0], wire + m.config().latency);
        EXPECT_EQ(delays[1], 2 * wire + m.config().latency);
        ASSERT_EQ(b.busy.size(), 2u);
        EXPECT_EQ(b.busy[0], std::make_tuple(pcie_direction::upstream, time_ps{0}, wire));
        EXPECT_EQ(b.busy[1], std::make_tuple(pcie_direction::upstream, wire, 2 * wire));
        const double utilisation = b.link.stats()["upstream"]["utilisation"];
        EXPECT_DOUBLE_EQ(utilisation, double(2 * wire) / double(2 * wire + m.config().latency));
    });
}

TEST(pcie_link, opposite_directions_overlap_but_read_completions_share_downstream) {
    OSVP_SCENARIO({
        link_bench b;
        const pcie_math& m = b.link.math();
        const time_ps latency = m.config().latency;
        time_ps down = 0, read = 0, up = 0;
        spawn([&] {
            std::vector<std::uint8_t> mmio(4096, 2), in(4096, 0), out(4096, 1);
            down = link_bench::access(b.cpu, tlm::TLM_WRITE_COMMAND, 0x1000, mmio);
            read = link_bench::access(b.device_dma, tlm::TLM_READ_COMMAND, 0x8000, in);
            up = link_bench::access(b.device_dma, tlm::TLM_WRITE_COMMAND, 0x2000, out);
        });
        sc_core::sc_start();
        const time_ps write_wire = m.wire_time(m.write_wire_bytes(4096));
        EXPECT_EQ(down, m.write_time(4096));
        const time_ps request_arrival = m.wire_time(m.config().tlp_overhead) + latency;
        ASSERT_LT(request_arrival, write_wire) << "scenario needs the completions to queue";
        EXPECT_EQ(read, write_wire + m.wire_time(m.completion_wire_bytes(4096)) + latency);
        EXPECT_EQ(up, m.wire_time(m.read_request_wire_bytes(4096)) + write_wire + latency)
            << "the write queues behind the read requests only, not behind downstream traffic";
    });
}

TEST(host_memory, msi_window_raises_vectors_and_bad_accesses_get_error_responses) {
    OSVP_SCENARIO({
        memory_bench b;
        std::vector<std::pair<std::uint32_t, std::uint32_t>> irqs;
        b.memory.set_interrupt_handler(
            [&](std::uint32_t v, std::uint32_t data, const sc_core::sc_time&) {
                irqs.emplace_back(v, data);
            });
        const std::uint64_t msi = small_memory().msi_base;
        auto status = [&](tlm::tlm_command cmd, std::uint64_t address, unsigned length) {
            std::vector<std::uint8_t> data(length, 7);
            tlm::tlm_generic_payload t;
            t.set_command(cmd);
            t.set_address(address);
            t.set_data_ptr(data.data());
            t.set_data_length(length);
            t.set_streaming_width(length);
            sc_core::sc_time delay;
            b.direct->b_transport(t, delay);
            return t.get_response_status();
        };
        EXPECT_EQ(status(tlm::TLM_WRITE_COMMAND, msi + 16 * 3, 4), tlm::TLM_OK_RESPONSE);
        EXPECT_EQ(status(tlm::TLM_WRITE_COMMAND, msi + 8, 4), tlm::TLM_ADDRESS_ERROR_RESPONSE);
        EXPECT_EQ(status(tlm::TLM_READ_COMMAND, msi, 4), tlm::TLM_ADDRESS_ERROR_RESPONSE);
        EXPECT_EQ(status(tlm::TLM_WRITE_COMMAND, msi, 8), tlm::TLM_BURST_ERROR_RESPONSE);
        EXPECT_EQ(status(tlm::TLM_WRITE_COMMAND, msi - 4, 8), tlm::TLM_ADDRESS_ERROR_RESPONSE);
        EXPECT_EQ(status(tlm::TLM_READ_COMMAND, (1ull << 30) - 4, 8),
                  tlm::TLM_ADDRESS_ERROR_RESPONSE);
        ASSERT_EQ(irqs.size(), 1u);
        EXPECT_EQ(irqs[0], std::make_pair(3u, 0x07070707u));
        EXPECT_EQ(b.memory.storage().allocated_pages(), 0u);

        tlm::tlm_generic_payload t;
        tlm::tlm_dmi dmi;
        t.set_address(0x12345);
        ASSERT_TRUE(b.direct->get_direct_mem_ptr(t, dmi));
        EXPECT_EQ(dmi.get_start_address(), 0x12000u);
        EXPECT_EQ(dmi.get_end_address(), 0x12FFFu);
        dmi.get_dmi_ptr()[0x345] = 0xAB;
        EXPECT_EQ(b.memory.storage().load<std::uint8_t>(0x12345), 0xABu);
        t.set_address(msi);
        EXPECT_FALSE(b.direct->get_direct_mem_ptr(t, dmi));
    });
}

TEST(pcie_link, grants_no_dmi_and_forwards_debug_accesses) {
    OSVP_SCENARIO({
        link_bench b;
        b.memory.storage().store<std::uint8_t>(0x12345, 0xAB);
        tlm::tlm_generic_payload t;
        tlm::tlm_dmi dmi;
        t.set_address(0x12345);
        EXPECT_FALSE(b.device_dma->get_direct_mem_ptr(t, dmi))
            << "DMI through the link would bypass its timing";
        std::uint8_t byte = 0;
        t.set_command(tlm::TLM_READ_COMMAND);
        t.set_data_ptr(&byte);
        t.set_data_length(1);
        t.set_streaming_width(1);
        EXPECT_EQ(b.device_dma->transport_dbg(t), 1u);
        EXPECT_EQ(byte, 0xABu);
        EXPECT_EQ(b.link.stats()["upstream"]["transactions"], 0u);
    });
}
