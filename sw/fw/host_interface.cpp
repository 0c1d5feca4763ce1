#include "fw/host_interface.h"

#include "fw/fp16_readback.h"

#include "hal/flash_if.h"
#include "hal/isp_if.h"
#include "nvme/identify.h"
#include "nvme/io_command.h"

#include <sstream>

namespace osvp::fw {
namespace {

using nvme::status_code::invalid_field;
using nvme::status_code::invalid_opcode;
using nvme::status_code::success;
/// Media and Data Integrity Errors: Write Fault / Unrecovered Read Error (NVMe 1.4 4.6.1.2.4).
constexpr nvme::status write_fault{nvme::status_type::media, 0x80};
constexpr nvme::status read_error{nvme::status_type::media, 0x81};
static_assert(isp::reg_template == fic::reg_template && isp::reg_constants == fic::reg_constants,
              "install() writes the ISP engine at the flash controllers' register offsets");

} // namespace

host_interface::host_interface(const firmware_config& config, optimizer_state& optimizer,
                               std::uint64_t namespace_lbas, mailbox<page_done>& inbox,
                               mailbox<page_request>& to_flash)
    : m_config(config), m_optimizer(optimizer), m_layout(config), m_namespace_lbas(namespace_lbas),
      m_inbox(inbox), m_to_flash(to_flash), m_commands(config.max_commands) {
    for (std::uint32_t slot = config.max_commands; slot-- > 0;) {
        m_free.push_back(slot);
    }
}

void host_interface::on_commands(hardware& h) {
    while (true) {
        nvme_fe::fetched_command fetched{};
        h.read(memory_map::nvme_fe_base + nvme_fe::reg_command, &fetched, sizeof fetched);
        if (fetched.valid == 0) {
            return;
        }
        h.charge(m_config.costs.command);
        if (!m_waiting.empty() || (m_free.empty() && fetched.sqid != 0)) {
            m_waiting.push_back(fetched);
            continue;
        }
        dispatch(h, fetched);
    }
}

void host_interface::dispatch(hardware& h, const nvme_fe::fetched_command& fetched) {
    if (fetched.sqid == 0) {
        admin(h, fetched);
        return;
    }
    const nvme::submission_entry& sqe = fetched.sqe;
    const nvme::status check =
        check_io_command(sqe, m_namespace_lbas, m_config.lba_bytes, m_config.max_transfer_bytes);
    if (!check.ok() || sqe.opcode() == nvme::nvm_opcode::flush) {
        complete(h, fetched.sqid, sqe.cid(), check);
        return;
    }
    const std::uint32_t slot = m_free.back();
    m_free.pop_back();
    command& c = m_commands[slot];
    const std::uint64_t page = m_config.geometry.page_bytes;
    const std::uint64_t first_byte = io_slba(sqe) * m_config.lba_bytes;
    c.sqid = fetched.sqid;
    c.sqe = sqe;
    c.result = success;
    c.bytes = io_block_count(sqe) * m_config.lba_bytes;
    c.first_lpn = first_byte / page;
    c.offset = static_cast<std::uint32_t>(first_byte % page);
    c.pages = static_cast<std::uint32_t>((c.offset + c.bytes + page - 1) / page);
    c.read_kind = page_request::kind::read;
    c.write_kind = page_request::kind::program;
    c.fp16 = false;
    if (io_slba(sqe) >= m_optimizer.window_base() && !window_command(h, c)) {
        m_free.push_back(slot);
        return;
    }
    start_io(h, slot);
}

bool host_interface::window_command(hardware& h, command& c) {
    const std::uint64_t slba = io_slba(c.sqe);
    const std::uint64_t per_page = m_config.geometry.page_bytes / m_config.lba_bytes;
    const window_page first = m_optimizer.locate(slba);
    const window_page last = m_optimizer.locate(slba + io_block_count(c.sqe) - 1);
    const bool write = c.sqe.opcode() == nvme::nvm_opcode::write;
    const auto plane =
        m_optimizer.configured() ? m_optimizer.plane_of(first.region) : std::optional<unsigned>();
    c.fp16 = !write && first.region == optimstore_if::region::w && m_optimizer.configured() &&
             m_optimizer.fp16_readback();
    const fp16_source half = fp16_source_of((slba - m_optimizer.window_base()) * m_config.lba_bytes,
                                            c.bytes, m_config.geometry.page_bytes);
    const bool aligned = c.fp16 ? first.region == last.region
                                : slba % per_page == 0 && io_block_count(c.sqe) % per_page == 0 &&
                                      first.region == last.region;
    const std::uint64_t end_page = c.fp16 ? half.first_page + half.pages : last.super_page + 1;
    nvme::status status = nvme::status_code::success;
    if (!m_optimizer.configured()) {
        status = nvme::status_code::command_sequence_error;
    } else if (!aligned || end_page > m_optimizer.map().super_pages() ||
               (first.region == optimstore_if::region::g ? !write : !plane)) {
        status = nvme::status_code::invalid_field;
    }
    if (!status.ok()) {
        h.log(log_level::warning, "window command at LBA " + std::to_string(slba) +
                                      " refused: it must cover whole pages of one region of a "
                                      "configured optimizer (FP16 weights: the first half of W), "
                                      "and gradients are write-only");
        complete(h, c.sqid, c.sqe.cid(), status);
        return false;
    }
    c.first_lpn = first.super_page;
    if (c.fp16) {
        c.first_lpn = half.first_page;
        c.offset = half.offset;
        c.pages = half.pages;
    }
    c.read_kind = page_request::kind::state_read;
    const bool triggers =
        first.region == optimstore_if::region::g && m_config.engine != update_engine::read_path;
    c.write_kind = triggers ? page_request::kind::update : page_request::kind::state_program;
    c.plane = static_cast<std::uint8_t>(plane.value_or(0));
    return true;
}

bool host_interface::partial(const command& c, std::uint32_t page_index) const {
    const std::uint64_t page = m_config.geometry.page_bytes;
    const std::uint64_t begin = std::max<std::uint64_t>(c.offset, page_index * page);
    const std::uint64_t end = std::min<std::uint64_t>(c.offset + c.bytes, (page_index + 1) * page);
    return end - begin < page;
}

void host_interface::request_pages(hardware& h, std::uint32_t slot, page_request::kind kind,
                                   bool partial_only) {
    command& c = m_commands[slot];
    c.pending = 0;
    for (std::uint32_t i = 0; i < c.pages; ++i) {
        if (partial_only && !partial(c, i)) {
            continue;
        }
        ++c.pending;
        m_to_flash.post(
            h, {kind, c.plane, slot, c.first_lpn + i,
                m_layout.command_slot(slot) + std::uint64_t{i} * m_config.geometry.page_bytes});
    }
}

void host_interface::start_io(hardware& h, std::uint32_t slot) {
    command& c = m_commands[slot];
    if (c.sqe.opcode() == nvme::nvm_opcode::read) {
        c.st = state::reading;
        request_pages(h, slot, c.read_kind, false);
        return;
    }
    c.st = state::reading_old;
    request_pages(h, slot, c.read_kind, true);
    if (c.pending == 0) {
        c.st = state::receiving;
        transfer(h, slot, nvme_fe::direction::host_to_dram, m_layout.command_slot(slot) + c.offset,
                 c.bytes);
    }
}

void host_interface::transfer(hardware& h, std::uint32_t slot, nvme_fe::direction dir,
                              std::uint64_t dram_address, std::uint32_t length) {
    h.charge(m_config.costs.dma_request);
    const command& c = m_commands[slot];
    const std::uint8_t flags = c.sqid == 0 ? 0 : nvme_fe::dma_flag_io_data;
    const nvme_fe::dma_request request{dir,        flags,        {0, 0}, slot, c.sqe.prp1,
                                       c.sqe.prp2, dram_address, length, 0};
    h.write(memory_map::nvme_fe_base + nvme_fe::reg_dma_submit, &request, sizeof request);
}

void host_interface::on_dma(hardware& h) {
    while (true) {
        nvme_fe::dma_completion done{};
        h.read(memory_map::nvme_fe_base + nvme_fe::reg_dma_done, &done, sizeof done);
        if (done.valid == 0) {
            return;
        }
        h.charge(m_config.costs.dma_done);
        command& c = m_commands[done.tag];
        if (done.status != 0) {
            c.result = {static_cast<nvme::status_type>(done.status >> 8),
                        static_cast<std::uint8_t>(done.status & 0xFF)};
            finish(h, done.tag);
        } else if (c.st == state::receiving) {
            c.st = state::programming;
            request_pages(h, done.tag, c.write_kind, false);
        } else if (c.st == state::admin_receiving) {
            admin_data(h, done.tag);
        } else {
            finish(h, done.tag);
        }
    }
}

void host_interface::on_pages_done(hardware& h) {
    while (!m_inbox.empty()) {
        const page_done done = m_inbox.take();
        command& c = m_commands[done.command];
        if (!done.ok && c.result.ok()) {
            c.result = c.st == state::programming ? write_fault : read_error;
        }
        if (--c.pending != 0) {
            continue;
        }
        if (!c.result.ok() || c.st == state::programming) {
            finish(h, done.command);
        } else if (c.st == state::reading_old) {
            c.st = state::receiving;
            transfer(h, done.command, nvme_fe::direction::host_to_dram,
                     m_layout.command_slot(done.command) + c.offset, c.bytes);
        } else if (c.fp16) {
            c.st = state::sending;
            const std::uint64_t slot = m_layout.command_slot(done.command);
            convert_to_fp16(h, slot + c.offset, slot, 2ull * c.bytes,
                            m_config.costs.fp16_convert_kib);
            transfer(h, done.command, nvme_fe::direction::dram_to_host, slot, c.bytes);
        } else {
            c.st = state::sending;
            transfer(h, done.command, nvme_fe::direction::dram_to_host,
                     m_layout.command_slot(done.command) + c.offset, c.bytes);
        }
    }
}

void host_interface::finish(hardware& h, std::uint32_t slot) {
    command& c = m_commands[slot];
    complete(h, c.sqid, c.sqe.cid(), c.result);
    c.st = state::free;
    m_free.push_back(slot);
    while (!m_waiting.empty() && (!m_free.empty() || m_waiting.front().sqid == 0)) {
        const nvme_fe::fetched_command next = m_waiting.front();
        m_waiting.pop_front();
        dispatch(h, next);
    }
}

void host_interface::complete(hardware& h, std::uint16_t sqid, std::uint16_t cid,
                              nvme::status status, std::uint32_t dw0) {
    h.charge(m_config.costs.completion);
    const nvme_fe::completion_request request{sqid, cid, nvme_fe::pack_status(status), 0, dw0, 0};
    h.write(memory_map::nvme_fe_base + nvme_fe::reg_complete, &request, sizeof request);
    ++m_completed;
}

void host_interface::admin(hardware& h, const nvme_fe::fetched_command& fetched) {
    const nvme::submission_entry& sqe = fetched.sqe;
    switch (sqe.opcode()) {
    case nvme::admin_opcode::create_io_cq:
    case nvme::admin_opcode::create_io_sq:
    case nvme::admin_opcode::delete_io_sq:
    case nvme::admin_opcode::delete_io_cq: {
        h.write(memory_map::nvme_fe_base + nvme_fe::reg_queue_admin, &sqe, sizeof sqe);
        const std::uint32_t packed = h.read32(memory_map::nvme_fe_base + nvme_fe::reg_queue_status);
        complete(h, 0, sqe.cid(),
                 {static_cast<nvme::status_type>(packed >> 8),
                  static_cast<std::uint8_t>(packed & 0xFF)});
        return;
    }
    case nvme::admin_opcode::identify:
        identify(h, fetched);
        return;
    case nvme::admin_opcode::get_features:
    case nvme::admin_opcode::set_features:
        features(h, fetched);
        return;
    default:
        complete(h, 0, sqe.cid(), invalid_opcode);
    }
}

void host_interface::identify(hardware& h, const nvme_fe::fetched_command& fetched) {
    const nvme::submission_entry& sqe = fetched.sqe;
    const nvme::status check = check_identify(sqe);
    if (!check.ok() || m_free.empty()) {
        complete(h, 0, sqe.cid(), check.ok() ? invalid_field : check);
        return;
    }
    identify_page page{};
    switch (identify_cns(sqe)) {
    case nvme::cns::controller_data:
        page = build_identify_controller(m_config.identity);
        break;
    case nvme::cns::namespace_data:
        page = build_identify_namespace(m_namespace_lbas, m_config.lba_bytes);
        break;
    default:
        page = build_active_namespace_list(sqe.nsid);
        break;
    }
    const std::uint32_t slot = m_free.back();
    m_free.pop_back();
    command& c = m_commands[slot];
    c.sqid = 0;
    c.sqe = sqe;
    c.result = success;
    c.st = state::sending;
    h.write(m_layout.command_slot(slot), page.data(), page.size());
    transfer(h, slot, nvme_fe::direction::dram_to_host, m_layout.command_slot(slot),
             static_cast<std::uint32_t>(page.size()));
}

std::uint32_t host_interface::admin_slot(hardware& h, const nvme_fe::fetched_command& fetched,
                                         state st) {
    const std::uint32_t slot = m_free.back();
    m_free.pop_back();
    command& c = m_commands[slot];
    c.sqid = fetched.sqid;
    c.sqe = fetched.sqe;
    c.result = success;
    c.st = st;
    return slot;
}

void host_interface::features(hardware& h, const nvme_fe::fetched_command& fetched) {
    const nvme::submission_entry& sqe = fetched.sqe;
    const auto feature = static_cast<std::uint8_t>(sqe.cdw10 & 0xFF);
    const bool set = sqe.opcode() == nvme::admin_opcode::set_features;
    if (feature == nvme::feature::number_of_queues) {
        const std::uint32_t n = m_config.io_queues - 1;
        complete(h, 0, sqe.cid(), success, n | (n << 16));
        return;
    }
    const bool vendor = feature == optimstore_if::feature_parameter_set ||
                        (set && (feature == optimstore_if::feature_command_sequence ||
                                 feature == optimstore_if::feature_step));
    if (!vendor || m_free.empty()) {
        complete(h, 0, sqe.cid(), invalid_field);
        return;
    }
    if (set) {
        const std::uint32_t slot = admin_slot(h, fetched, state::admin_receiving);
        transfer(h, slot, nvme_fe::direction::host_to_dram, m_layout.command_slot(slot), 4096);
        return;
    }
    const std::uint32_t slot = admin_slot(h, fetched, state::sending);
    const optimstore_if::window_info info = m_optimizer.info();
    h.write(m_layout.command_slot(slot), &info, sizeof info);
    transfer(h, slot, nvme_fe::direction::dram_to_host, m_layout.command_slot(slot), 4096);
}

void host_interface::install(hardware& h, std::uint64_t reg, const void* data, std::size_t length) {
    for (unsigned channel = 0; channel < m_config.geometry.channels; ++channel) {
        h.write(memory_map::fic(channel) + reg, data, length);
    }
    if (m_config.engine == update_engine::controller) {
        h.write(memory_map::isp_base + reg, data, length);
    }
}

void host_interface::admin_data(hardware& h, std::uint32_t slot) {
    command& c = m_commands[slot];
    const auto feature = static_cast<std::uint8_t>(c.sqe.cdw10 & 0xFF);
    const std::uint64_t buffer = m_layout.command_slot(slot);
    if (feature == optimstore_if::feature_parameter_set) {
        optimstore_if::parameter_set set{};
        h.read(buffer, &set, sizeof set);
        std::string why;
        c.result = m_optimizer.configure(set, why);
        if (c.result.ok()) {
            install(h, fic::reg_template, &m_optimizer.program().commands,
                    sizeof m_optimizer.program().commands);
            h.log(log_level::info, std::string("optimizer configured: ") +
                                       optimizer_kind_name(m_optimizer.program().kind) + ", " +
                                       std::to_string(m_optimizer.map().super_pages()) +
                                       " super-pages");
        } else {
            h.log(log_level::warning, "parameter_set refused: " + why);
        }
    } else if (!m_optimizer.configured()) {
        c.result = nvme::status_code::command_sequence_error;
    } else if (feature == optimstore_if::feature_command_sequence) {
        hal::odp_template commands{};
        h.read(buffer, &commands, sizeof commands);
        try {
            hal::validate_template(commands, m_config.geometry.planes_per_die);
            install(h, fic::reg_template, &commands, sizeof commands);
        } catch (const std::invalid_argument& e) {
            h.log(log_level::warning, std::string("command_sequence refused: ") + e.what());
            c.result = invalid_field;
        }
    } else {
        optimstore_if::step_begin begin{};
        h.read(buffer, &begin, sizeof begin);
        const step_constants constants = m_optimizer.begin_step(begin);
        fic::odp_constants regs{};
        regs.generation = static_cast<std::uint32_t>(constants.step);
        regs.count = static_cast<std::uint32_t>(constants.loads.size());
        for (std::size_t i = 0; i < constants.loads.size(); ++i) {
            regs.entries[i] = {
                constants.loads[i].reg, {0, 0, 0}, constants.loads[i].a, constants.loads[i].b};
        }
        install(h, fic::reg_constants, &regs, sizeof regs);
        h.log(log_level::info, "step " + std::to_string(constants.step) + " begins, lr " +
                                   std::to_string(constants.lr));
        if (m_config.engine == update_engine::read_path) {
            c.st = state::programming;
            c.pending = 1;
            m_to_flash.post(h, {page_request::kind::step, 0, slot, 0, 0});
            return;
        }
    }
    finish(h, slot);
}

std::string host_interface::describe() const {
    static const char* const names[] = {"free",    "reading_old", "receiving",      "programming",
                                        "reading", "sending",     "admin_receiving"};
    std::ostringstream out;
    out << "hil: " << m_completed << " completed, " << m_waiting.size() << " waiting\n";
    for (std::size_t s = 0; s < m_commands.size(); ++s) {
        const command& c = m_commands[s];
        if (c.st != state::free) {
            out << "  slot " << s << ": sq " << c.sqid << " cid " << c.sqe.cid() << " opcode "
                << unsigned{c.sqe.opcode()} << " lpn " << c.first_lpn << " pages " << c.pages << " "
                << names[static_cast<unsigned>(c.st)] << " pending " << c.pending << "\n";
        }
    }
    return out.str();
}

} // namespace osvp::fw
