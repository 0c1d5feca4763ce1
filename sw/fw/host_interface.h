// The firmware's host interface layer: takes the commands the NVMe front end fetched, runs the
// admin commands, splits reads and writes into page requests for the flash layer, asks the front
// end to move the data between host and DRAM, and posts the completions. Partial-page writes
// read the old page first (read-modify-write). One DRAM slot per command in flight; commands that
// find no free slot wait in arrival order.
#pragma once
#include "fw/dram_layout.h"
#include "fw/firmware_config.h"
#include "fw/mailbox.h"
#include "hal/nvme_fe.h"

#include <deque>
#include <string>
#include <vector>

namespace osvp::fw {

class host_interface {
public:
    host_interface(const firmware_config& config, std::uint64_t namespace_lbas,
                   mailbox<page_done>& inbox, mailbox<page_request>& to_flash);

    void on_commands(hal& h);
    void on_dma(hal& h);
    void on_pages_done(hal& h);

    std::uint64_t commands_completed() const { return m_completed; }
    /// One line per command in flight, for debugging.
    std::string describe() const;

private:
    enum class state : std::uint8_t { free, reading_old, receiving, programming, reading, sending };
    struct command {
        state st = state::free;
        std::uint16_t sqid = 0;
        nvme::submission_entry sqe{};
        nvme::status result{};
        std::uint64_t first_lpn = 0;
        std::uint32_t pages = 0;
        std::uint32_t offset = 0; ///< byte offset of the data in the first page
        std::uint32_t bytes = 0;
        std::uint32_t pending = 0;
    };

    void dispatch(hal& h, const nvme_fe::fetched_command& fetched);
    void admin(hal& h, const nvme_fe::fetched_command& fetched);
    void identify(hal& h, const nvme_fe::fetched_command& fetched);
    void features(hal& h, const nvme_fe::fetched_command& fetched);
    void start_io(hal& h, std::uint32_t slot);
    void request_pages(hal& h, std::uint32_t slot, page_request::kind kind, bool partial_only);
    void transfer(hal& h, std::uint32_t slot, nvme_fe::direction dir, std::uint64_t dram_address,
                  std::uint32_t length);
    void finish(hal& h, std::uint32_t slot);
    void complete(hal& h, std::uint16_t sqid, std::uint16_t cid, nvme::status status,
                  std::uint32_t dw0 = 0);
    bool partial(const command& c, std::uint32_t page_index) const;

    const firmware_config& m_config;
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
