#include "nvme/io_command.h"

#include "nvme/identify.h"

#include <stdexcept>
#include <string>

namespace osvp::fw {

nvme::status check_io_command(const nvme::submission_entry& cmd, std::uint64_t namespace_size_lbas,
                              std::uint32_t lba_bytes, std::uint64_t max_transfer_bytes) {
    if (namespace_size_lbas == 0) {
        throw std::invalid_argument("namespace size 0 LBAs is invalid; allowed at least 1");
    }
    if (lba_bytes < 512 || (lba_bytes & (lba_bytes - 1)) != 0) {
        throw std::invalid_argument("LBA size " + std::to_string(lba_bytes) +
                                    " bytes is invalid; allowed powers of two >= 512");
    }
    const std::uint8_t opcode = cmd.opcode();
    if (opcode != nvme::nvm_opcode::flush && opcode != nvme::nvm_opcode::write &&
        opcode != nvme::nvm_opcode::read) {
        return nvme::status_code::invalid_opcode;
    }
    if (cmd.fuse() != 0 || cmd.psdt() != 0) {
        return nvme::status_code::invalid_field;
    }
    const bool broadcast_flush =
        opcode == nvme::nvm_opcode::flush && cmd.nsid == nvme::nsid_broadcast;
    if (cmd.nsid != active_nsid && !broadcast_flush) {
        return nvme::status_code::invalid_namespace;
    }
    if (opcode == nvme::nvm_opcode::flush) {
        return nvme::status_code::success;
    }
    if (opcode == nvme::nvm_opcode::write && io_directive_type(cmd) != 0) {
        return nvme::status_code::invalid_field;
    }
    const std::uint64_t blocks = io_block_count(cmd);
    if (max_transfer_bytes != 0 && blocks * lba_bytes > max_transfer_bytes) {
        return nvme::status_code::invalid_field;
    }
    const std::uint64_t slba = io_slba(cmd);
    if (slba >= namespace_size_lbas || blocks > namespace_size_lbas - slba) {
        return nvme::status_code::lba_out_of_range;
    }
    return nvme::status_code::success;
}

} // namespace osvp::fw
