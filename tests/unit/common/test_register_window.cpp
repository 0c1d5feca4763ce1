// The register window: each access reaches its register's handler with the right bytes and
// delay, or gets the TLM-2.0 error response of its fault without reaching any handler; debug reads
// see the side-effect-free view only.
#include "common/register_window.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <stdexcept>
#include <vector>

using namespace osvp;

namespace {

struct descriptor {
    std::uint32_t tag;
    std::uint16_t op;
    std::uint16_t flags;
    std::uint64_t address;
};

struct window_fixture : ::testing::Test {
    register_window window;
    std::vector<std::uint32_t> fifo{7, 8};
    unsigned pops = 0;
    std::vector<descriptor> written;
    sc_core::sc_time written_delay;

    void SetUp() override {
        window.add_read(
            0x40,
            [this] {
                ++pops;
                const std::uint32_t v = fifo.front();
                fifo.erase(fifo.begin());
                return v;
            },
            [this] { return fifo.front(); });
        window.add_write<descriptor>(0x00,
                                     [this](const descriptor& d, const sc_core::sc_time& delay) {
                                         written.push_back(d);
                                         written_delay = delay;
                                     });
        window.add_read(0x48, [] { return std::uint64_t{0x1122334455667788}; });
    }

    tlm::tlm_response_status access(tlm::tlm_command command, std::uint64_t address, void* data,
                                    unsigned length, unsigned width = 0,
                                    unsigned char* enables = nullptr) {
        tlm::tlm_generic_payload trans;
        trans.set_command(command);
        trans.set_address(address);
        trans.set_data_ptr(static_cast<unsigned char*>(data));
        trans.set_data_length(length);
        trans.set_streaming_width(width == 0 ? length : width);
        trans.set_byte_enable_ptr(enables);
        trans.set_byte_enable_length(enables == nullptr ? 0 : length);
        trans.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
        window.transport(trans, sc_core::sc_time(30, sc_core::SC_NS));
        return trans.get_response_status();
    }

    unsigned debug(tlm::tlm_command command, std::uint64_t address, void* data, unsigned length) {
        tlm::tlm_generic_payload trans;
        trans.set_command(command);
        trans.set_address(address);
        trans.set_data_ptr(static_cast<unsigned char*>(data));
        trans.set_data_length(length);
        return window.debug(trans);
    }
};

} // namespace

TEST_F(window_fixture, a_read_returns_the_registers_value_and_runs_its_side_effect_once) {
    std::uint32_t value = 0;
    EXPECT_EQ(access(tlm::TLM_READ_COMMAND, 0x40, &value, 4), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(value, 7u);
    EXPECT_EQ(access(tlm::TLM_READ_COMMAND, 0x40, &value, 4), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(value, 8u);
    EXPECT_EQ(pops, 2u);
    std::uint64_t wide = 0;
    EXPECT_EQ(access(tlm::TLM_READ_COMMAND, 0x48, &wide, 8), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(wide, 0x1122334455667788u);
}

TEST_F(window_fixture, a_write_hands_over_the_whole_value_and_the_annotated_delay) {
    descriptor d{42, 3, 0x8001, 0xDEADBEEF00};
    EXPECT_EQ(access(tlm::TLM_WRITE_COMMAND, 0x00, &d, sizeof d), tlm::TLM_OK_RESPONSE);
    ASSERT_EQ(written.size(), 1u);
    EXPECT_EQ(written[0].tag, 42u);
    EXPECT_EQ(written[0].op, 3u);
    EXPECT_EQ(written[0].flags, 0x8001u);
    EXPECT_EQ(written[0].address, 0xDEADBEEF00u);
    EXPECT_EQ(written_delay, sc_core::sc_time(30, sc_core::SC_NS));
}

TEST_F(window_fixture, bad_accesses_get_their_error_response_and_reach_no_handler) {
    std::uint64_t buffer[4] = {};
    unsigned char enables[4] = {0xFF, 0, 0xFF, 0xFF};
    EXPECT_EQ(access(tlm::TLM_READ_COMMAND, 0x80, buffer, 4), tlm::TLM_ADDRESS_ERROR_RESPONSE)
        << "no register there";
    EXPECT_EQ(access(tlm::TLM_WRITE_COMMAND, 0x04, buffer, 4), tlm::TLM_ADDRESS_ERROR_RESPONSE)
        << "inside a register, not at its start";
    EXPECT_EQ(access(tlm::TLM_READ_COMMAND, 0x41, buffer, 4), tlm::TLM_ADDRESS_ERROR_RESPONSE)
        << "unaligned";
    EXPECT_EQ(access(tlm::TLM_READ_COMMAND, 0x10000, buffer, 4), tlm::TLM_ADDRESS_ERROR_RESPONSE)
        << "beyond the last register";
    EXPECT_EQ(access(tlm::TLM_READ_COMMAND, 0x40, buffer, 8), tlm::TLM_BURST_ERROR_RESPONSE)
        << "longer than the register";
    EXPECT_EQ(access(tlm::TLM_WRITE_COMMAND, 0x00, buffer, 8), tlm::TLM_BURST_ERROR_RESPONSE)
        << "shorter than the register";
    EXPECT_EQ(access(tlm::TLM_READ_COMMAND, 0x40, buffer, 4, 2), tlm::TLM_BURST_ERROR_RESPONSE)
        << "streaming width below the length";
    EXPECT_EQ(access(tlm::TLM_WRITE_COMMAND, 0x40, buffer, 4), tlm::TLM_COMMAND_ERROR_RESPONSE)
        << "a read-only register written";
    EXPECT_EQ(access(tlm::TLM_READ_COMMAND, 0x00, buffer, sizeof(descriptor)),
              tlm::TLM_COMMAND_ERROR_RESPONSE)
        << "a write-only register read";
    EXPECT_EQ(access(tlm::TLM_IGNORE_COMMAND, 0x40, buffer, 4), tlm::TLM_COMMAND_ERROR_RESPONSE);
    EXPECT_EQ(access(tlm::TLM_READ_COMMAND, 0x40, buffer, 4, 0, enables),
              tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE);
    EXPECT_EQ(pops, 0u);
    EXPECT_TRUE(written.empty());
    EXPECT_EQ(fifo.size(), 2u);
}

TEST_F(window_fixture, debug_reads_see_the_peek_view_without_side_effects) {
    std::uint32_t value = 0;
    EXPECT_EQ(debug(tlm::TLM_READ_COMMAND, 0x40, &value, 4), 4u);
    EXPECT_EQ(value, 7u);
    EXPECT_EQ(debug(tlm::TLM_READ_COMMAND, 0x40, &value, 4), 4u);
    EXPECT_EQ(value, 7u);
    EXPECT_EQ(pops, 0u);
    std::uint64_t buffer[4] = {};
    EXPECT_EQ(debug(tlm::TLM_READ_COMMAND, 0x48, buffer, 8), 0u) << "no peek view";
    EXPECT_EQ(debug(tlm::TLM_READ_COMMAND, 0x40, buffer, 8), 0u) << "wrong length";
    EXPECT_EQ(debug(tlm::TLM_READ_COMMAND, 0x80, buffer, 4), 0u) << "no register";
    EXPECT_EQ(debug(tlm::TLM_WRITE_COMMAND, 0x00, buffer, sizeof(descriptor)), 0u);
    EXPECT_TRUE(written.empty()) << "debug writes change nothing";
}

TEST_F(window_fixture, a_register_read_and_written_is_one_register_and_overlaps_are_refused) {
    std::uint32_t stored = 5;
    window.add_write<std::uint32_t>(0x48 + 8,
                                    [&](std::uint32_t v, const sc_core::sc_time&) { stored = v; });
    window.add_read(
        0x48 + 8, [&] { return stored; }, [&] { return stored; });
    std::uint32_t value = 9;
    EXPECT_EQ(access(tlm::TLM_WRITE_COMMAND, 0x50, &value, 4), tlm::TLM_OK_RESPONSE);
    value = 0;
    EXPECT_EQ(access(tlm::TLM_READ_COMMAND, 0x50, &value, 4), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(value, 9u);
    EXPECT_THROW(window.add_read(0x50, [] { return std::uint64_t{0}; }), std::logic_error)
        << "same offset, other size";
    EXPECT_THROW(window.add_read(0x4C, [] { return 0u; }), std::logic_error)
        << "inside the 8-byte register at 0x48";
    EXPECT_THROW(window.add_read(0x3C, [] { return descriptor{}; }), std::logic_error)
        << "across the register at 0x40";
}
