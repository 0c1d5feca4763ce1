// Data transfers of the front end: PRP walking, exact bytes in both directions, PRP and memory
// errors, and the timing of the chunk pipeline against its closed form.
#include "common/sc_scenario.h"
#include "nvme_bench.h"

#include <vector>

using namespace osvp;
using osvp::test::nvme_bench;
namespace fe = fw::nvme_fe;

namespace {

constexpr std::uint64_t page = 4096;
constexpr std::uint64_t dram_base = fw::memory_map::dram_base;

/// A host buffer of `pages` scattered pages (stride 2 pages from `first`), described by PRP1 =
/// first page + `offset` and, beyond two pages, a PRP list at `list`.
struct host_buffer {
    std::vector<std::uint64_t> pages;
    std::uint64_t prp1 = 0;
    std::uint64_t prp2 = 0;
};

host_buffer scatter(nvme_bench& b, std::uint64_t first, std::uint64_t offset, unsigned pages,
                    std::uint64_t list) {
    host_buffer buffer;
    for (unsigned i = 0; i < pages; ++i) {
        buffer.pages.push_back(first + 2 * page * i);
    }
    buffer.prp1 = buffer.pages[0] + offset;
    if (pages == 2) {
        buffer.prp2 = buffer.pages[1];
    } else if (pages > 2) {
        buffer.prp2 = list;
        b.host.memory.write(list, reinterpret_cast<const std::uint8_t*>(&buffer.pages[1]),
                            8 * (pages - 1));
    }
    return buffer;
}

/// Writes (or reads back) `data` to the buffer's pages in transfer order.
void host_bytes(nvme_bench& b, const host_buffer& buffer, std::uint64_t offset,
                std::vector<std::uint8_t>& data, bool write) {
    std::uint64_t done = 0;
    for (std::size_t i = 0; done < data.size(); ++i) {
        const std::uint64_t start = i == 0 ? buffer.pages[0] + offset : buffer.pages[i];
        const std::uint64_t piece =
            std::min<std::uint64_t>(data.size() - done, i == 0 ? page - offset : page);
        if (write) {
            b.host.memory.write(start, data.data() + done, piece);
        } else {
            b.host.memory.read(start, data.data() + done, piece);
        }
        done += piece;
    }
}

std::vector<std::uint8_t> pattern(std::size_t bytes) {
    std::vector<std::uint8_t> data(bytes);
    for (std::size_t i = 0; i < bytes; ++i) {
        data[i] = static_cast<std::uint8_t>(i * 31 + (i >> 8) + 7);
    }
    return data;
}

fe::dma_request request(fe::direction dir, std::uint32_t tag, std::uint64_t prp1,
                        std::uint64_t prp2, std::uint64_t dram_address, std::uint32_t length,
                        std::uint8_t flags = 0) {
    return {dir, flags, {}, tag, prp1, prp2, dram_address, length, 0};
}

} // namespace

TEST(nvme_dma, prp_list_transfer_lands_exact_bytes_in_dram_and_returns_them_to_another_buffer) {
    OSVP_SCENARIO({
        nvme_bench bench(nvme_config{}, [](nvme_bench& b) {
            const std::uint32_t length = 4 * page + 512;
            std::vector<std::uint8_t> data = pattern(length);
            const host_buffer source = scatter(b, 0x100000, 0x200, 5, 0x80000);
            host_bytes(b, source, 0x200, data, true);
            const fe::dma_completion in =
                b.dma(request(fe::direction::host_to_dram, 11, source.prp1, source.prp2,
                              dram_base + 0x10000, length));
            EXPECT_EQ(in.tag, 11u);
            EXPECT_EQ(in.valid, 1u);
            EXPECT_EQ(in.status, 0u);
            std::vector<std::uint8_t> in_dram(length);
            b.memory.contents().read(0x10000, in_dram.data(), length);
            EXPECT_EQ(in_dram, data);

            const host_buffer target = scatter(b, 0x200000, 0, 5, 0x90000);
            const fe::dma_completion out =
                b.dma(request(fe::direction::dram_to_host, 12, target.prp1, target.prp2,
                              dram_base + 0x10000, length));
            EXPECT_EQ(out.tag, 12u);
            EXPECT_EQ(out.status, 0u);
            std::vector<std::uint8_t> back(length);
            host_bytes(b, target, 0, back, false);
            EXPECT_EQ(back, data);
            const nlohmann::json stats = b.frontend.stats();
            EXPECT_EQ(stats["bytes_host_to_dram"], length);
            EXPECT_EQ(stats["bytes_dram_to_host"], length);
            EXPECT_EQ(stats["dma_transfers"], 2);
            EXPECT_FALSE(b.line_level[fw::irq::nvme_dma]) << "line low once results are popped";
        });
        test::run(bench);
    });
}

TEST(nvme_dma, prp_and_memory_errors_are_reported_in_the_dma_completion) {
    OSVP_SCENARIO({
        nvme_bench bench(nvme_config{}, [](nvme_bench& b) {
            using namespace nvme::status_code;
            const auto status = [&](std::uint64_t prp1, std::uint64_t prp2, std::uint64_t to,
                                    std::uint32_t length) {
                return b.dma(request(fe::direction::host_to_dram, 1, prp1, prp2, to, length))
                    .status;
            };
            const std::uint64_t beyond = b.host.memory.size();
            const std::uint64_t bad_entry = 0x300010;
            b.host.memory.write(0x80000, reinterpret_cast<const std::uint8_t*>(&bad_entry), 8);
            EXPECT_EQ(status(0x100002, 0, dram_base, 100), fe::pack_status(invalid_prp_offset))
                << "PRP1 not dword aligned";
            EXPECT_EQ(status(0x100000, 0x102010, dram_base, 2 * page),
                      fe::pack_status(invalid_prp_offset))
                << "PRP2 data pointer with an offset";
            EXPECT_EQ(status(0x100000, 0x80000, dram_base, 3 * page),
                      fe::pack_status(invalid_prp_offset))
                << "list entry with an offset";
            EXPECT_EQ(status(0x100000, beyond, dram_base, 3 * page),
                      fe::pack_status(data_transfer_error))
                << "PRP list outside host memory";
            EXPECT_EQ(status(beyond, 0, dram_base, 64), fe::pack_status(data_transfer_error))
                << "data page outside host memory";
            EXPECT_EQ(status(0x100000, 0, dram_base + b.controller.dram_bytes, 64),
                      fe::pack_status(data_transfer_error))
                << "DRAM address outside SSD DRAM";
            EXPECT_EQ(b.frontend.stats()["dma_errors"], 6);
        });
        test::run(bench);
    });
}

// Closed form of the chunk pipeline with the bench's host port (latency l_h, bandwidth B_h)
// and DRAM (hop h, latency l_d, bandwidth B_d), for n chunks of C bytes behind one PRP list read
// of e entries, t_list = l_h + 8e / B_h:
//   host_to_dram: T = t_list + n (l_h + C / B_h) + h + l_d + C / B_d
//     (each chunk's link read starts when the previous ends; its DRAM write overlaps the next
//     read, exact when l_h + C / B_h >= C / B_d)
//   dram_to_host: T = t_list + D + l_h + n C / B_h with D = h + l_d + C / B_d
//     (DRAM reads chain; link writes queue on the host port, exact when C / B_h >= D)
// Both are below the unpipelined sum t_list + n (link + DRAM).
TEST(nvme_dma, transfer_time_is_the_closed_form_of_the_chunk_pipeline) {
    OSVP_SCENARIO({
        nvme_bench bench(nvme_config{}, [](nvme_bench& b) {
            const unsigned n = 16;
            const std::uint64_t chunk = b.config.dma_chunk;
            ASSERT_EQ(chunk, page);
            const test::host_stub& h = b.host;
            const controller_config& c = b.controller;
            const time_ps t_list = h.latency + transfer_time(8 * (n - 1), h.bandwidth);
            const time_ps link = h.latency + transfer_time(chunk, h.bandwidth);
            const time_ps dram_access =
                c.interconnect_latency + c.dram_latency + transfer_time(chunk, c.dram_bandwidth());
            ASSERT_GE(transfer_time(chunk, h.bandwidth), dram_access) << "closed forms' premise";
            const time_ps serial = t_list + n * (link + dram_access);

            const host_buffer buffer = scatter(b, 0x100000, 0, n, 0x80000);
            const auto timed = [&](fe::direction dir) {
                const time_ps start = to_ps(sc_core::sc_time_stamp());
                const fe::dma_completion done =
                    b.dma(request(dir, 5, buffer.prp1, buffer.prp2, dram_base, n * page));
                EXPECT_EQ(done.status, 0u);
                return b.raised_at[fw::irq::nvme_dma].back() - start;
            };
            const time_ps write_expected = t_list + n * link + dram_access;
            const time_ps write = timed(fe::direction::host_to_dram);
            EXPECT_EQ(write, write_expected)
                << format_time(write) << " vs " << format_time(write_expected);
            sc_core::wait(sc_core::sc_time(10, sc_core::SC_US));
            const time_ps read_expected =
                t_list + dram_access + h.latency + n * transfer_time(chunk, h.bandwidth);
            const time_ps read = timed(fe::direction::dram_to_host);
            EXPECT_EQ(read, read_expected)
                << format_time(read) << " vs " << format_time(read_expected);
            EXPECT_LT(write, serial);
            EXPECT_LT(read, serial);
        });
        test::run(bench);
    });
}

// In a timing-only run an I/O-data transfer takes exactly as long as the same transfer with data
// but moves no byte; admin transfers (no I/O-data flag) still move their bytes.
TEST(nvme_dma, timing_only_io_data_keeps_the_timing_and_moves_no_bytes) {
    OSVP_SCENARIO({
        nvme_config config;
        config.timing_only = true;
        nvme_bench bench(config, [](nvme_bench& b) {
            const unsigned n = 16;
            std::vector<std::uint8_t> data = pattern(n * page);
            const host_buffer source = scatter(b, 0x100000, 0, n, 0x80000);
            host_bytes(b, source, 0, data, true);
            const auto timed = [&](std::uint64_t dram, std::uint8_t flags) {
                sc_core::wait(sc_core::sc_time(10, sc_core::SC_US));
                const time_ps start = to_ps(sc_core::sc_time_stamp());
                const fe::dma_completion done =
                    b.dma(request(fe::direction::host_to_dram, 3, source.prp1, source.prp2,
                                  dram_base + dram, n * page, flags));
                EXPECT_EQ(done.status, 0u);
                return b.raised_at[fw::irq::nvme_dma].back() - start;
            };
            const time_ps admin = timed(0, 0);
            const time_ps io = timed(0x100000, fe::dma_flag_io_data);
            EXPECT_EQ(io, admin);
            std::vector<std::uint8_t> in_dram(n * page);
            b.memory.contents().read(0, in_dram.data(), in_dram.size());
            EXPECT_EQ(in_dram, data) << "admin data must still land in DRAM";
            EXPECT_EQ(b.memory.contents().allocated_pages(), in_dram.size() / 4096)
                << "the I/O-data transfer must store nothing in DRAM";
            EXPECT_EQ(b.host.timing_only_accesses, n) << "one timing-only link access per chunk";
            EXPECT_EQ(b.frontend.stats()["bytes_host_to_dram"], 2 * n * page);
        });
        test::run(bench);
    });
}
