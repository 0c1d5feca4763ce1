// Block workload generator for the NVMe host driver: which commands to issue (operation, start
// LBA, block count), in which order. Plain C++, deterministic for a given seed.
#pragma once
#include "common/config.h"
#include "host/prng.h"

#include <cstdint>
#include <string>

namespace osvp {

/// NVM command set I/O operation (NVMe 1.4 section 6).
enum class io_op { read, write };

/// One block request: `nlb` logical blocks (a count, not 0's based) starting at `slba`.
struct block_request {
    io_op op = io_op::read;
    std::uint64_t slba = 0;
    std::uint32_t nlb = 0;
};

/// LBAs [first, end).
struct lba_range {
    std::uint64_t first = 0;
    std::uint64_t end = 0;
    bool operator==(const lba_range& o) const { return first == o.first && end == o.end; }
};

/// The "workload" section. Requests are aligned to request_size inside the LBA range.
struct workload_config {
    /// "sequential" (ascending, wrapping at the end of the range) or "random" (uniform).
    std::string pattern = "sequential";
    /// "read", "write" or "mixed".
    std::string op = "write";
    /// Probability of a read when op is "mixed"; the key exists only for "mixed".
    double read_fraction = 0.5;
    /// Bytes per request, a multiple of the namespace's LBA size. Default 1 MiB, DeepSpeed's
    /// aio block_size default (the BL mode's I/O size).
    std::uint64_t request_bytes = 1ull << 20;
    /// Commands kept in flight, 1..65535. Default 8, DeepSpeed's aio queue_depth default.
    std::uint32_t queue_depth = 8;
    /// Run length in bytes, a multiple of request_size [ours: 64 MiB]; must be "0 B" when
    /// request_count is given.
    std::uint64_t total_bytes = 64ull << 20;
    /// Run length in requests; 0 means total_bytes decides.
    std::uint64_t request_count = 0;
    /// First LBA of the addressed range.
    std::uint64_t first_lba = 0;
    /// LBAs in the range; 0 means up to the end of the namespace.
    std::uint64_t lba_count = 0;
    /// Seed of the generator and of the verify data pattern.
    std::uint64_t seed = 1;
    /// Write seeded data and compare every read with what was last written there.
    bool verify = false;
    /// Before the measured run, write the whole LBA range once sequentially (not counted), so
    /// that reads find mapped pages (an SSD returns unwritten LBAs without touching flash).
    bool precondition = false;

    /// Throws config_error naming the field, the value and what is allowed.
    void validate() const;
    /// Reads the keys above (request_size is the key of request_bytes) from `node`.
    static workload_config from(const config_node& node);
};

/// Produces the requests of one run against a namespace of `namespace_lbas` blocks of
/// `lba_bytes` each.
class workload {
public:
    /// Throws std::invalid_argument if request_size is not a multiple of `lba_bytes`, exceeds
    /// 65536 blocks (16-bit NLB, NVMe 1.4 6.9), or the range does not fit the namespace.
    workload(const workload_config& config, std::uint32_t lba_bytes, std::uint64_t namespace_lbas);

    const workload_config& config() const { return m_config; }
    std::uint64_t request_count() const { return m_request_count; }
    std::uint32_t blocks_per_request() const { return m_blocks; }
    /// Request-sized slots in the range; slot k starts at first_lba + k x blocks_per_request.
    std::uint64_t slots() const { return m_slots; }
    /// Slot of a request's start LBA.
    std::uint64_t slot_of(std::uint64_t slba) const { return (slba - m_first_lba) / m_blocks; }
    bool done() const { return m_issued == m_request_count; }
    /// The next request; std::logic_error after request_count requests.
    block_request next();

private:
    workload_config m_config;
    std::uint32_t m_blocks;
    std::uint64_t m_first_lba;
    std::uint64_t m_slots;
    std::uint64_t m_request_count;
    std::uint64_t m_issued = 0;
    splitmix64 m_random;
};

} // namespace osvp
