#include "nvme/identify.h"

#include <stdexcept>

namespace osvp::fw {
namespace {

// Byte offsets in Identify Controller data (5.15.2.1).
constexpr std::size_t off_vid = 0, off_ssvid = 2, off_sn = 4, off_mn = 24, off_fr = 64,
                      off_mdts = 77, off_cntlid = 78, off_ver = 80, off_cntrltype = 111,
                      off_acl = 258, off_aerl = 259, off_frmw = 260, off_sqes = 512, off_cqes = 513,
                      off_nn = 516, off_vwc = 525;
// Byte offsets in Identify Namespace data (5.15.2.2); LBAF0 is the dword at 128.
constexpr std::size_t off_nsze = 0, off_ncap = 8, off_nuse = 16, off_nlbaf = 25, off_flbas = 26,
                      off_lbaf0 = 128;

template <typename T>
void put_le(identify_page& page, std::size_t offset, T value) {
    for (std::size_t i = 0; i < sizeof(T); ++i) {
        page[offset + i] = static_cast<std::uint8_t>(static_cast<std::uint64_t>(value) >> (8 * i));
    }
}

// ASCII field, left justified and padded with spaces (the spec's ASCII string convention).
void put_ascii(identify_page& page, std::size_t offset, std::size_t width, const std::string& s) {
    for (std::size_t i = 0; i < width; ++i) {
        page[offset + i] = i < s.size() ? static_cast<std::uint8_t>(s[i]) : ' ';
    }
}

void check_ascii(const char* key, const std::string& value, std::size_t width) {
    bool printable = !value.empty() && value.size() <= width;
    for (char c : value) {
        printable = printable && c >= 0x20 && c <= 0x7E;
    }
    if (!printable) {
        throw std::invalid_argument(std::string("controller_identity.") + key + " = \"" + value +
                                    "\" is invalid; allowed 1.." + std::to_string(width) +
                                    " printable ASCII characters");
    }
}

bool power_of_two(std::uint64_t v) {
    return v != 0 && (v & (v - 1)) == 0;
}

unsigned log2_exact(std::uint64_t v) {
    unsigned n = 0;
    while ((std::uint64_t{1} << n) < v) {
        ++n;
    }
    return n;
}

} // namespace

void controller_identity::validate() const {
    check_ascii("serial_number", serial_number, 20);
    check_ascii("model_number", model_number, 40);
    check_ascii("firmware_revision", firmware_revision, 8);
    if (!power_of_two(min_page_bytes) || min_page_bytes < nvme::memory_page_bytes(0) ||
        min_page_bytes > nvme::memory_page_bytes(15)) {
        throw std::invalid_argument(
            "controller_identity.min_page_bytes = " + std::to_string(min_page_bytes) +
            " is invalid; allowed powers of two 4096..134217728");
    }
    const bool mdts_ok =
        max_transfer_bytes == 0 ||
        (max_transfer_bytes > min_page_bytes && max_transfer_bytes % min_page_bytes == 0 &&
         power_of_two(max_transfer_bytes / min_page_bytes));
    if (!mdts_ok) {
        throw std::invalid_argument(
            "controller_identity.max_transfer_bytes = " + std::to_string(max_transfer_bytes) +
            " is invalid; allowed 0 (no limit) or min_page_bytes (" +
            std::to_string(min_page_bytes) + ") times 2^n, n >= 1");
    }
}

identify_page build_identify_controller(const controller_identity& identity) {
    identity.validate();
    identify_page page{};
    put_le(page, off_vid, identity.vendor_id);
    put_le(page, off_ssvid, identity.subsystem_vendor_id);
    put_ascii(page, off_sn, 20, identity.serial_number);
    put_ascii(page, off_mn, 40, identity.model_number);
    put_ascii(page, off_fr, 8, identity.firmware_revision);
    const unsigned mdts = identity.max_transfer_bytes == 0
                              ? 0
                              : log2_exact(identity.max_transfer_bytes / identity.min_page_bytes);
    put_le(page, off_mdts, static_cast<std::uint8_t>(mdts));
    put_le(page, off_cntlid, identity.controller_id);
    put_le(page, off_ver, nvme::version_1_4);
    put_le(page, off_cntrltype, std::uint8_t{1});
    put_le(page, off_acl, std::uint8_t{3});
    put_le(page, off_aerl, std::uint8_t{3});
    put_le(page, off_frmw, std::uint8_t{1 << 1});
    put_le(page, off_sqes, std::uint8_t{nvme::sqe_size_log2 << 4 | nvme::sqe_size_log2});
    put_le(page, off_cqes, std::uint8_t{nvme::cqe_size_log2 << 4 | nvme::cqe_size_log2});
    put_le(page, off_nn, namespace_count);
    put_le(page, off_vwc, static_cast<std::uint8_t>(0x3 << 1 | identity.volatile_write_cache));
    return page;
}

identify_page build_identify_namespace(std::uint64_t size_lbas, std::uint32_t lba_bytes) {
    if (size_lbas == 0) {
        throw std::invalid_argument("namespace size 0 LBAs is invalid; allowed at least 1");
    }
    if (!power_of_two(lba_bytes) || lba_bytes < 512) {
        throw std::invalid_argument("LBA size " + std::to_string(lba_bytes) +
                                    " bytes is invalid; allowed powers of two >= 512");
    }
    identify_page page{};
    put_le(page, off_nsze, size_lbas);
    put_le(page, off_ncap, size_lbas);
    put_le(page, off_nuse, size_lbas);
    put_le(page, off_nlbaf, std::uint8_t{0});
    put_le(page, off_flbas, std::uint8_t{0});
    put_le(page, off_lbaf0, std::uint32_t{log2_exact(lba_bytes)} << 16);
    return page;
}

identify_page build_active_namespace_list(std::uint32_t after_nsid) {
    identify_page page{};
    std::size_t offset = 0;
    for (std::uint32_t nsid = 1; nsid <= namespace_count && offset < page.size(); ++nsid) {
        if (nsid > after_nsid) {
            put_le(page, offset, nsid);
            offset += 4;
        }
    }
    return page;
}

nvme::status check_identify(const nvme::submission_entry& cmd) {
    if (cmd.psdt() != 0 || cmd.fuse() != 0) {
        return nvme::status_code::invalid_field;
    }
    switch (identify_cns(cmd)) {
    case nvme::cns::namespace_data:
        return cmd.nsid >= 1 && cmd.nsid <= namespace_count ? nvme::status_code::success
                                                            : nvme::status_code::invalid_namespace;
    case nvme::cns::controller_data:
        return nvme::status_code::success;
    case nvme::cns::active_namespace_list:
        return cmd.nsid >= nvme::nsid_reserved ? nvme::status_code::invalid_namespace
                                               : nvme::status_code::success;
    default:
        return nvme::status_code::invalid_field;
    }
}

} // namespace osvp::fw
