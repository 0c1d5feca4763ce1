#include "host/run_summary.h"

#include <sstream>

namespace osvp {
namespace {

double per_second(std::uint64_t amount, time_ps first, time_ps last) {
    return last > first ? static_cast<double>(amount) * 1e12 / static_cast<double>(last - first)
                        : 0.0;
}

} // namespace

void run_summary::record(bool read, const nvme::status& status, std::uint64_t bytes,
                         time_ps latency_ps, time_ps completed) {
    ++commands;
    ++(read ? reads : writes);
    latency.record(latency_ps);
    (read ? read_latency : write_latency).record(latency_ps);
    last_completion = completed;
    if (!status.ok()) {
        std::ostringstream text;
        text << status;
        ++errors[text.str()];
        return;
    }
    this->bytes += bytes;
}

std::uint64_t run_summary::error_count() const {
    std::uint64_t n = 0;
    for (const auto& [status, count] : errors) {
        n += count;
    }
    return n;
}

double run_summary::throughput() const {
    return per_second(bytes, first_submission, last_completion);
}

double run_summary::iops() const {
    return per_second(commands, first_submission, last_completion);
}

nlohmann::json run_summary::to_json() const {
    return {{"commands", commands},
            {"reads", reads},
            {"writes", writes},
            {"bytes", bytes},
            {"errors", errors},
            {"verified_reads", verified_reads},
            {"unverified_reads", unverified_reads},
            {"mismatched_reads", mismatched_reads},
            {"first_submission_ps", first_submission},
            {"last_completion_ps", last_completion},
            {"throughput_bytes_per_s", throughput()},
            {"iops", iops()},
            {"latency", latency.to_json()},
            {"read_latency", read_latency.to_json()},
            {"write_latency", write_latency.to_json()}};
}

} // namespace osvp
