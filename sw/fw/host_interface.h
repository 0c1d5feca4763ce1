// The firmware's host interface layer: takes the commands the NVMe front end fetched, runs the
// admin commands, splits reads and writes into page requests for the flash layer, asks the front
// end to move the data between host and DRAM, and posts the completions. Partial-page writes
// read the old page first (read-modify-write). Commands in the optimizer window become state
// page reads and programs, or super-page updates (hal/optimstore_if.h); the vendor features
// install the optimizer and begin steps. One DRAM slot per command in flight; commands that find
// no free slot wait in arrival order.
#pragma once
#include "fw/dram_layout.h"
#include "fw/firmware_config.h"
#include "fw/mailbox.h"
#include "fw/optimizer_state.h"
#include "hal/nvme_fe.h"

#include <deque>
#include <string>
#include <vector>

namespace osvp::fw {

class host_interface {
public:
    host_interface(const firmware_config& config, optimizer_state& optimizer,
                   std::uint64_t namespace_lbas, mailbox<page_done>& inbox,
                   mailbox<page_request>& to_flash);

    void on_commands(hardware& h);
    void on_dma(hardware& h);
    void on_pages_done(hardware& h);

    std::uint64_t commands_completed() const { return m_completed; }
    /// One line per command in flight, for debugging.
    std::string describe() const;

private:
    enum class state : std::uint8_t {
        free,
        reading_old,
        receiving,
        programming,
        reading,
        sending,
        admin_receiving
    };
    struct command {
        state st = state::free;
        page_request::kind read_kind = page_request::kind::read;
        page_request::kind write_kind = page_request::kind::program;
        std::uint8_t plane = 0;
        bool fp16 = false; ///< W read-back in FP16: pages hold 2 x bytes of FP32 data
        std::uint16_t sqid = 0;
        nvme::submission_entry sqe{};
        nvme::status result{};
        std::uint64_t first_lpn = 0;
        std::uint32_t pages = 0;
        std::uint32_t offset = 0; ///< byte offset of the data in the first page
        std::uint32_t bytes = 0;
        std::uint32_t pending = 0;
    };

    void dispatch(hardware& h, const nvme_fe::fetched_command& fetched);
    void admin(hardware& h, const nvme_fe::fetched_command& fetched);
    void identify(hardware& h, const nvme_fe::fetched_command& fetched);
    void features(hardware& h, const nvme_fe::fetched_command& fetched);
    bool window_command(hardware& h, command& c);
    std::uint32_t admin_slot(hardware& h, const nvme_fe::fetched_command& fetched, state st);
    void admin_data(hardware& h, std::uint32_t slot);
    void install(hardware& h, std::uint64_t reg, const void* data, std::size_t length);
    void start_io(hardware& h, std::uint32_t slot);
    void request_pages(hardware& h, std::uint32_t slot, page_request::kind kind, bool partial_only);
    void transfer(hardware& h, std::uint32_t slot, nvme_fe::direction dir,
                  std::uint64_t dram_address, std::uint32_t length);
    void finish(hardware& h, std::uint32_t slot);
    void complete(hardware& h, std::uint16_t sqid, std::uint16_t cid, nvme::status status,
                  std::uint32_t dw0 = 0);
    bool partial(const command& c, std::uint32_t page_index) const;

    const firmware_config& m_config;
    optimizer_state& m_optimizer;
    dram_layout m_layout;
    std::uint64_t m_namespace_lbas;
    mailbox<page_done>& m_inbox;
    mailbox<page_request>& m_to_flash;
    std::vector<command> m_commands;
    std::vector<std::uint32_t> m_free;
    std::deque<nvme_fe::fetched_command> m_waiting;
    std::uint64_t m_completed = 0;
};

} // namespace osvp::fw
