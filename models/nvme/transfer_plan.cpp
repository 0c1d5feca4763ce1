#include "nvme/transfer_plan.h"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace osvp::nvme {

std::vector<sq_run> sq_fetch_runs(std::uint64_t base, std::uint32_t head, std::uint32_t size,
                                  std::uint32_t count) {
    if (head >= size || count >= size) {
        throw std::invalid_argument("SQ fetch of " + std::to_string(count) + " entries at head " +
                                    std::to_string(head) + " of a " + std::to_string(size) +
                                    "-entry queue; allowed head < size and count < size");
    }
    constexpr std::uint64_t sqe_bytes = 1u << sqe_size_log2;
    std::vector<sq_run> runs;
    const std::uint32_t first = std::min(count, size - head);
    if (first > 0) {
        runs.push_back({base + head * sqe_bytes, head, first});
    }
    if (count > first) {
        runs.push_back({base, 0, count - first});
    }
    return runs;
}

void split_chunks(const std::vector<dma_segment>& segments, std::uint64_t chunk_bytes,
                  transfer_chunks& into) {
    if (chunk_bytes == 0) {
        throw std::invalid_argument("transfer chunk size 0 bytes is invalid; allowed >= 1");
    }
    std::vector<transfer_chunk>& chunks = into.chunks;
    chunks.clear();
    into.pieces.clear();
    std::uint64_t offset = 0;
    for (const dma_segment& segment : segments) {
        std::uint64_t done = 0;
        while (done < segment.length) {
            if (chunks.empty() || chunks.back().length == chunk_bytes) {
                chunks.push_back({offset, 0, into.pieces.size(), 0});
            }
            transfer_chunk& chunk = chunks.back();
            const std::uint64_t piece = std::min(segment.length - done, chunk_bytes - chunk.length);
            into.pieces.push_back({segment.address + done, piece});
            ++chunk.pieces;
            chunk.length += piece;
            done += piece;
            offset += piece;
        }
    }
}

status unpack_status(std::uint16_t packed) {
    return {static_cast<status_type>((packed >> 8) & 0x7), static_cast<std::uint8_t>(packed)};
}

completion_entry make_cqe(std::uint32_t dw0, std::uint16_t sq_head, std::uint16_t sq_id,
                          std::uint16_t cid, std::uint16_t packed_status, bool phase) {
    completion_entry cqe;
    cqe.dw0 = dw0;
    cqe.sq_head = sq_head;
    cqe.sq_id = sq_id;
    cqe.cid = cid;
    cqe.status_phase = make_status_phase(unpack_status(packed_status), false, phase);
    return cqe;
}

} // namespace osvp::nvme
