// The plan of the baseline mode (DeepSpeed NVMe offload, ZeRO-Infinity; optimstore.md section
// 5): where W, M, V and G live on the SSD's block device and which NVMe commands move each
// chunk, plus the chunk pipeline's rules (baseline_pipeline). Plain C++.
#pragma once
#include "host/offload_config.h"
#include "host/workload.h"

#include "optim/optimizer_params.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace osvp {

/// The tensors the baseline swaps: weights, the optimizer's two states and the FP32 gradient.
enum class swap_region : std::uint8_t { w, m, v, g };

/// One NVMe command of the plan: `nlb` blocks from `slba`, carrying the FP32 elements
/// [first_element, first_element + elements) of `region` (flat model order, page padding
/// included).
struct swap_request {
    io_op op = io_op::read;
    swap_region region = swap_region::w;
    std::uint64_t slba = 0;
    std::uint32_t nlb = 0;
    std::uint64_t first_element = 0;
    std::uint64_t elements = 0;
};

/// Layout [ours]: each region holds the model's flat FP32 elements padded to whole flash pages,
/// the regions W, M, V, G (only the states the optimizer keeps) follow each other from LBA 0.
/// Chunks are chunk_parameters rounded up to whole pages; the last chunk holds the rest.
class baseline_plan {
public:
    /// config_error naming baseline.request_size when it is no multiple of the page or the LBA,
    /// training.model when the regions exceed `lba_limit` blocks.
    baseline_plan(std::uint64_t parameters, fw::optimizer_kind kind, const baseline_config& config,
                  std::uint32_t page_bytes, std::uint32_t lba_bytes, std::uint64_t lba_limit);

    /// Regions the optimizer keeps, W first, G last.
    const std::vector<swap_region>& regions() const { return m_regions; }
    /// Padded elements per region (whole pages).
    std::uint64_t region_elements() const { return m_region_elements; }
    std::size_t chunk_count() const { return m_chunk_count; }
    /// First element and element count of chunk `c`.
    std::uint64_t chunk_first(std::size_t c) const { return c * m_chunk_elements; }
    std::uint64_t chunk_elements(std::size_t c) const;
    /// Reads of chunk `c` (every region, W, M, V, G order) or writes (every region but G).
    std::vector<swap_request> chunk_requests(io_op op, std::size_t c) const;
    /// Every command of one whole region in ascending order.
    std::vector<swap_request> region_requests(io_op op, swap_region region) const;

private:
    void append(std::vector<swap_request>& out, io_op op, swap_region region, std::uint64_t first,
                std::uint64_t elements) const;

    std::uint32_t m_lba_bytes;
    std::uint64_t m_request_elements;
    std::vector<swap_region> m_regions;
    std::uint64_t m_region_elements;
    std::uint64_t m_chunk_elements;
    std::size_t m_chunk_count;
};

/// Which chunk may move next (DeepSpeed's pipelined optimizer swapper). A chunk holds one of
/// buffer_count buffers from the start of its reads to the end of its writes. The reads of
/// chunk c start after the compute of c-1 unless pipeline_read, and after the writes of c-1
/// unless pipeline_write; the compute of c needs its reads, the end of the compute of c-1 and,
/// unless pipeline_write, the writes of c-1. With both pipelines, reads of c+1, the compute of
/// c and the writes of c-1 overlap.
class baseline_pipeline {
public:
    baseline_pipeline(std::size_t chunks, const baseline_config& config);

    /// Next chunk whose reads may start now (taking a buffer), if any.
    std::optional<std::size_t> start_read();
    /// Next chunk the CPU may update now, if any (the caller runs one compute at a time).
    std::optional<std::size_t> start_compute();
    void read_done(std::size_t c);
    void computed(std::size_t c);
    /// Frees the chunk's buffer.
    void written(std::size_t c);
    bool finished() const { return m_written == m_chunks; }

private:
    bool previous_allows(std::size_t c, bool pipelined_read_side) const;

    std::size_t m_chunks;
    baseline_config m_config;
    std::vector<std::uint8_t> m_state;
    std::size_t m_next_read = 0;
    std::size_t m_next_compute = 0;
    std::size_t m_written = 0;
    std::uint32_t m_buffers_used = 0;
};

} // namespace osvp
