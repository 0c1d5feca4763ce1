// The --compare table: figures read from each mode's statistics, ratios to the reference mode
// (baseline when it ran), and refused or failed modes listed with their reason.
#include "compare_table.h"

#include <gtest/gtest.h>

#include <iterator>
#include <sstream>
#include <stdexcept>

namespace osvp {
namespace {

/// Statistics as optimstore-vp writes them, reduced to what the table reads. `offload` selects
/// the host-side modes' shape (host.offload.summary) over the in-storage one. The iteration
/// estimate adds 3 s of GPU time to the step.
nlohmann::json stats(double step_ps, double energy_J, bool offload = false) {
    nlohmann::json summary = {{"mean_step_ps", step_ps}};
    nlohmann::json host = offload ? nlohmann::json{{"offload", {{"summary", summary}}}}
                                  : nlohmann::json{{"training_summary", summary}};
    // Two channels of two dies; the dies' array time is 40 % of the first step and 60 % of the
    // second.
    const auto activity = [](double pcie_in, double pcie_out, double channel, double array_ps) {
        return nlohmann::json{{"activity",
                               {{"pcie_bytes_to_device", pcie_in},
                                {"pcie_bytes_to_host", pcie_out},
                                {"transfer_bytes", channel},
                                {"array_busy_ps", array_ps},
                                {"elapsed_ps", 1000.0}}}};
    };
    const nlohmann::json two_dies = {
        {"dies", {nlohmann::json::object(), nlohmann::json::object()}}};
    return {{"host", host},
            {"iteration", {{"estimate", {{"iteration_ps", step_ps + 3e12}}}}},
            {"step_bound", {{"bound", {{"bound_ps", step_ps / 2}, {"bottleneck", "channels"}}}}},
            {"energy",
             {{"mean_step",
               {{"total_J", energy_J}, {"ssd_J", 0.25 * energy_J}, {"host_J", 0.75 * energy_J}}},
              {"steps", {activity(100, 50, 1000, 1600), activity(300, 150, 3000, 2400)}}}},
            {"ssd", {{"channels", {two_dies, two_dies}}}}};
}

mode_run ran(const std::string& mode, nlohmann::json s) {
    mode_run r;
    r.mode = mode;
    r.result = mode_run::outcome::ok;
    r.stats = std::move(s);
    return r;
}

mode_run refused(const std::string& mode, const std::string& why) {
    mode_run r;
    r.mode = mode;
    r.result = mode_run::outcome::refused;
    r.message = why;
    return r;
}

TEST(CompareTable, RowReadsStepBoundEnergyAndMeanBytesPerStep) {
    const mode_row row = mode_row::from(stats(4e12, 30.0));
    EXPECT_DOUBLE_EQ(row.step_s, 4.0);
    EXPECT_DOUBLE_EQ(row.iteration_s, 7.0);
    EXPECT_DOUBLE_EQ(row.bound_s, 2.0);
    EXPECT_EQ(row.bottleneck, "channels");
    EXPECT_DOUBLE_EQ(row.energy_J, 30.0);
    EXPECT_DOUBLE_EQ(row.ssd_J, 7.5);
    EXPECT_DOUBLE_EQ(row.host_J, 22.5);
    EXPECT_DOUBLE_EQ(row.pcie_bytes, (150.0 + 450.0) / 2);
    EXPECT_DOUBLE_EQ(row.channel_bytes, 2000.0);
    EXPECT_DOUBLE_EQ(row.array_busy, 0.5);
    EXPECT_DOUBLE_EQ(mode_row::from(stats(3e12, 1.0, true)).step_s, 3.0);
}

TEST(CompareTable, AStepWithoutABoundHasNoBottleneck) {
    nlohmann::json s = stats(4e12, 30.0);
    s["step_bound"] = {{"mode", "cisp"}, {"error", "no controller rate"}};
    const mode_row row = mode_row::from(s);
    EXPECT_EQ(row.bottleneck, "");
    EXPECT_EQ(row.bound_s, 0.0);
}

TEST(CompareTable, AMissingFigureIsAnErrorNamingIt) {
    nlohmann::json s = stats(4e12, 30.0);
    s["energy"].erase("mean_step");
    try {
        mode_row::from(s);
        FAIL() << "expected std::runtime_error";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("energy.mean_step"), std::string::npos) << e.what();
    }
}

TEST(CompareTable, BaselineIsTheReferenceWhenItRanElseTheFirstThatRan) {
    EXPECT_EQ(reference_mode({ran("optimstore", stats(1, 1)), ran("baseline", stats(2, 2))}),
              "baseline");
    EXPECT_EQ(reference_mode({refused("baseline", "x"), ran("cisp", stats(1, 1)),
                              ran("optimstore", stats(1, 1))}),
              "cisp");
    EXPECT_EQ(reference_mode({refused("cpu", "x")}), "");
}

TEST(CompareTable, RatiosAreTheReferenceOverEachMode) {
    const std::vector<mode_run> runs = {ran("optimstore", stats(2e12, 10.0)),
                                        ran("baseline", stats(5e12, 36.0, true)),
                                        refused("cpu", "host.memory: does not fit")};
    const nlohmann::json j = comparison_json(runs);
    EXPECT_EQ(j["reference"], "baseline");
    ASSERT_EQ(j["modes"].size(), 3u);
    EXPECT_DOUBLE_EQ(j["modes"][0]["speedup"].get<double>(), 2.5);
    EXPECT_DOUBLE_EQ(j["modes"][0]["iteration_speedup"].get<double>(), 8.0 / 5.0);
    EXPECT_DOUBLE_EQ(j["modes"][0]["energy_ratio"].get<double>(), 3.6);
    EXPECT_DOUBLE_EQ(j["modes"][1]["speedup"].get<double>(), 1.0);
    EXPECT_EQ(j["modes"][1]["stats"], runs[1].stats);
    EXPECT_EQ(j["modes"][2]["status"], "refused");
    EXPECT_EQ(j["modes"][2]["message"], "host.memory: does not fit");
    EXPECT_FALSE(j["modes"][2].contains("speedup"));

    std::ostringstream table;
    print_comparison(table, runs);
    const std::string text = table.str();
    EXPECT_NE(text.find("baseline over the mode"), std::string::npos) << text;
    // The mode's row in the time table, then in the energy and traffic table below it.
    const auto fields_of_row = [&text](std::size_t from) {
        const std::size_t row = text.find("\n  optimstore ", from);
        if (row == std::string::npos) {
            return std::make_pair(row, std::vector<std::string>{});
        }
        std::istringstream fields(text.substr(row, text.find('\n', row + 1) - row));
        return std::make_pair(row,
                              std::vector<std::string>{std::istream_iterator<std::string>(fields),
                                                       std::istream_iterator<std::string>()});
    };
    const auto [time_row, time_fields] = fields_of_row(0);
    const std::vector<std::string> time_expected = {"optimstore", "2", "s", "2.50x", "5",       "s",
                                                    "1.60x",      "1", "s", "2.00x", "channels"};
    EXPECT_EQ(time_fields, time_expected) << text;
    const std::size_t energy_table = text.find("energy and traffic per optimizer step");
    ASSERT_NE(energy_table, std::string::npos) << text;
    EXPECT_GT(energy_table, time_row);
    const std::vector<std::string> energy_fields = fields_of_row(energy_table).second;
    const std::vector<std::string> energy_expected = {"optimstore", "10",  "J",     "2.5", "J",
                                                      "7.5",        "J",   "3.60x", "300", "B",
                                                      "1.953",      "KiB", "50",    "%"};
    EXPECT_EQ(energy_fields, energy_expected) << text;
    EXPECT_EQ(text.find("\n  cpu ", energy_table), std::string::npos)
        << "a refused mode is listed once, with its reason\n"
        << text;
    EXPECT_NE(text.find("\n  cpu         refused: host.memory: does not fit\n"), std::string::npos)
        << text;
}

} // namespace
} // namespace osvp
