#include "host/training_stats.h"

#include <algorithm>

namespace osvp {
namespace {

double per_second(double amount, time_ps duration) {
    return duration == 0 ? 0.0 : amount * 1e12 / static_cast<double>(duration);
}

double mean(double sum, std::uint64_t count) {
    return count == 0 ? 0.0 : sum / static_cast<double>(count);
}

} // namespace

void transfer_phase::record(time_ps handed_over, time_ps done, std::uint64_t command_bytes) {
    if (commands == 0 || handed_over < start) {
        start = handed_over;
    }
    end = std::max(end, done);
    ++commands;
    bytes += command_bytes;
    latency_sum += done - handed_over;
    latency_max = std::max(latency_max, done - handed_over);
}

nlohmann::json transfer_phase::to_json() const {
    return {{"start_ps", start},
            {"end_ps", end},
            {"duration_ps", duration()},
            {"commands", commands},
            {"bytes", bytes},
            {"mean_latency_ps", mean(static_cast<double>(latency_sum), commands)},
            {"max_latency_ps", latency_max},
            {"bandwidth_Bps", per_second(static_cast<double>(bytes), duration())}};
}

nlohmann::json step_record::to_json(bool functional) const {
    nlohmann::json j = {{"step", step},
                        {"start_ps", start},
                        {"end_ps", end},
                        {"duration_ps", duration()},
                        {"step_begin_ps", begun - start},
                        {"gradients", gradients.to_json()},
                        {"readback", readback.to_json()},
                        {"bytes_written", gradients.bytes},
                        {"bytes_read", readback.bytes}};
    if (functional) {
        j["weight_digest"] = weight_digest;
    }
    return j;
}

nlohmann::json training_stats::to_json() const {
    nlohmann::json per_step = nlohmann::json::array();
    for (const step_record& s : steps) {
        per_step.push_back(s.to_json(functional()));
    }
    return {{"summary", summary()},
            {"setup",
             {{"start_ps", setup_start},
              {"end_ps", setup_end},
              {"duration_ps", setup_end - setup_start},
              {"initial_writes", initial_writes.to_json()}}},
            {"steps", per_step},
            {"final_reads", final_reads.to_json()}};
}

nlohmann::json training_stats::summary() const {
    double step_sum = 0;
    double command_sum = 0;
    double gradient_sum = 0;
    double readback_sum = 0;
    double written = 0;
    double read = 0;
    for (const step_record& s : steps) {
        step_sum += static_cast<double>(s.duration());
        command_sum += static_cast<double>(s.begun - s.start);
        gradient_sum += static_cast<double>(s.gradients.duration());
        readback_sum += static_cast<double>(s.readback.duration());
        written += static_cast<double>(s.gradients.bytes);
        read += static_cast<double>(s.readback.bytes);
    }
    const std::uint64_t n = steps.size();
    const double mean_step = mean(step_sum, n);
    return {{"model", model},
            {"parameters", parameters},
            {"data", data},
            {"readback", readback},
            {"steps", n},
            {"gradients_in_step", gradients_in_step},
            {"mean_step_ps", mean_step},
            {"mean_step_command_ps", mean(command_sum, n)},
            {"mean_gradient_phase_ps", mean(gradient_sum, n)},
            {"mean_readback_phase_ps", mean(readback_sum, n)},
            {"bytes_written_per_step", mean(written, n)},
            {"bytes_read_per_step", mean(read, n)},
            {"parameters_per_second",
             mean_step == 0 ? 0.0 : static_cast<double>(parameters) * 1e12 / mean_step}};
}

} // namespace osvp
