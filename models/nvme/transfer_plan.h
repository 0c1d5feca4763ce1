// Plain arithmetic of the front end's host-memory traffic: which contiguous reads fetch new
// submission queue entries (NVMe 1.4 4.1), how a transfer is cut into pipelining chunks, and the
// completion queue entry (4.6) posted for a firmware completion request.
#pragma once
#include "hal/nvme_spec.h"
#include "nvme/core/prp_walker.h"

#include <cstdint>
#include <vector>

namespace osvp::nvme {

/// `entries` consecutive SQ slots starting at slot `first`, at host byte address `address`.
struct sq_run {
    std::uint64_t address;
    std::uint32_t first;
    std::uint32_t entries;
};

/// Reads that fetch `count` entries of 64 bytes from a contiguous SQ of `size` slots at `base`,
/// starting at slot `head`: one run, or two when the entries wrap past the last slot. Throws
/// std::invalid_argument if head >= size or count >= size (a ring holds at most size - 1).
std::vector<sq_run> sq_fetch_runs(std::uint64_t base, std::uint32_t head, std::uint32_t size,
                                  std::uint32_t count);

/// One pipelining chunk of a transfer: bytes [offset, offset + length) of the transfer, held in
/// host memory by pieces [first_piece, first_piece + pieces) of its transfer_chunks (the parts of
/// the PRP segments that fall into the chunk, in order).
struct transfer_chunk {
    std::uint64_t offset;
    std::uint64_t length;
    std::size_t first_piece;
    std::size_t pieces;
};

/// A transfer cut into chunks; the pieces of all chunks in one array (a DMA engine reuses one
/// transfer_chunks for every transfer, so cutting allocates nothing once it has grown).
struct transfer_chunks {
    std::vector<transfer_chunk> chunks;
    std::vector<dma_segment> pieces;

    const dma_segment* begin(const transfer_chunk& c) const { return &pieces[c.first_piece]; }
    const dma_segment* end(const transfer_chunk& c) const { return begin(c) + c.pieces; }
};

/// Cuts the transfer described by `segments` into chunks of `chunk_bytes` (the last may be
/// shorter), replacing the contents of `into`. Throws std::invalid_argument for a zero chunk
/// size.
void split_chunks(const std::vector<dma_segment>& segments, std::uint64_t chunk_bytes,
                  transfer_chunks& into);

/// A status packed as type << 8 | code (hal nvme_fe.h) as an nvme::status.
status unpack_status(std::uint16_t packed);

/// The CQE for a completion (4.6): command specific dw0, the SQ head pointer and id, the
/// command id, the packed status and the CQ's current Phase Tag. DNR is left clear.
completion_entry make_cqe(std::uint32_t dw0, std::uint16_t sq_head, std::uint16_t sq_id,
                          std::uint16_t cid, std::uint16_t packed_status, bool phase);

} // namespace osvp::nvme
