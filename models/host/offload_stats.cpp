#include "host/offload_stats.h"

namespace osvp {

offload_stats::offload_stats(std::string mode_name, const train::model_desc& model_desc,
                             const training_config& training)
    : mode(std::move(mode_name)), model(model_desc.name()),
      parameters(model_desc.parameter_count()), data(training_data_name(training.data)) {}

nlohmann::json offload_step::to_json() const {
    return {{"step", step},
            {"start_ps", start},
            {"end_ps", end},
            {"duration_ps", duration()},
            {"backward", backward.to_json()},
            {"reads", reads.to_json()},
            {"writes", writes.to_json()},
            {"compute_busy_ps", compute_busy},
            {"chunks", chunks},
            {"weight_digest", weight_digest}};
}

nlohmann::json offload_stats::to_json() const {
    double step_sum = 0, backward_sum = 0, compute_sum = 0;
    nlohmann::json per_step = nlohmann::json::array();
    for (const offload_step& s : steps) {
        step_sum += static_cast<double>(s.duration());
        backward_sum += static_cast<double>(s.backward.duration());
        compute_sum += static_cast<double>(s.compute_busy);
        per_step.push_back(s.to_json());
    }
    const double n = steps.empty() ? 1.0 : static_cast<double>(steps.size());
    const double mean_step = step_sum / n;
    const nlohmann::json summary = {
        {"mode", mode},
        {"model", model},
        {"parameters", parameters},
        {"data", data},
        {"steps", steps.size()},
        {"mean_step_ps", mean_step},
        {"mean_backward_phase_ps", backward_sum / n},
        {"mean_compute_ps", compute_sum / n},
        {"parameters_per_second",
         mean_step == 0 ? 0.0 : static_cast<double>(parameters) * 1e12 / mean_step}};
    return {{"summary", summary},
            {"setup", setup.to_json()},
            {"steps", per_step},
            {"final_reads", final_reads.to_json()}};
}

time_ps offload_stats::compute_busy() const {
    time_ps sum = 0;
    for (const offload_step& s : steps) {
        sum += s.compute_busy;
    }
    return sum;
}

} // namespace osvp
