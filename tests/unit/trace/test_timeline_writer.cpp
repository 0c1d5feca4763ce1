// timeline_writer: Chrome trace-event JSON parsed back with nlohmann::json; events, exact
// durations, instants, track metadata, scope filter and window, escaping, empty output, errors.
#include "common/trace/timeline_writer.h"
#include "unit/trace/temp_path.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <limits>
#include <sstream>

namespace osvp::trace {
namespace {

using test::temp_path;

std::string text_of(const std::string& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

nlohmann::json events_of(const std::string& path) {
    const nlohmann::json doc = nlohmann::json::parse(text_of(path));
    EXPECT_TRUE(doc.is_object());
    return doc.at("traceEvents");
}

std::vector<nlohmann::json> with_phase(const nlohmann::json& events, const std::string& ph) {
    std::vector<nlohmann::json> out;
    for (const nlohmann::json& e : events)
        if (e.at("ph") == ph)
            out.push_back(e);
    return out;
}

class timeline_scenario : public testing::Test {
protected:
    void SetUp() override {
        timeline_writer w(path, scope_filter("ssd.ch0.*,host"),
                          time_window{1 * ps_per_us, 10 * ps_per_us});
        const track_handle die0 = w.add_track("ssd.ch0.die0");
        const track_handle die1 = w.add_track("ssd.ch0.die1");
        const track_handle other = w.add_track("ssd.ch1.die0");
        const track_handle host = w.add_track("host");
        EXPECT_FALSE(other.selected());
        EXPECT_EQ(w.add_track("ssd.ch0.die1").index, die1.index);
        w.span(die0, "LVS", "odc", 1'500'000, 4'500'123,
               {text_arg("opcode", "LVS"), hex_arg("address", 0x1a2b), uint_arg("plane", 2)});
        w.span(die1, "tR", "array", 0, 1'000'000);
        w.span(die1, "tPROG", "array", 9'999'999, 130'000'000);
        w.span(die1, "mark_end", "marker", 10'000'000, 10'000'000);
        w.span(die1, "mark", "marker", 5'000'000, 5'000'000, {int_arg("delta", -3)});
        w.span(other, "LVS", "odc", 2'000'000, 3'000'000);
        w.span(host, "write", "nvme", 2'000'000, 3'000'000, {real_arg("gbps", 7.25)});
        w.instant(host, "step 1 begins", "info", 2'500'000, {uint_arg("core", 0)});
        w.instant(host, "before the window", "info", 999'999);
        w.instant(host, "at the window's end", "info", 10'000'000);
        w.instant(other, "unselected", "info", 2'000'000);
        spans = w.stats().spans_written;
        instants = w.stats().instants_written;
    }

    const std::string path = temp_path("timeline.json");
    std::uint64_t spans = 0;
    std::uint64_t instants = 0;
};

TEST_F(timeline_scenario, metadata_maps_hierarchy_to_processes_and_threads) {
    const std::vector<nlohmann::json> meta = with_phase(events_of(path), "M");
    std::vector<std::tuple<std::string, int, int, std::string>> names;
    for (const nlohmann::json& m : meta)
        if (m.at("name") == "process_name" || m.at("name") == "thread_name")
            names.emplace_back(m.at("name"), m.at("pid"), m.at("tid"), m.at("args").at("name"));
    const std::vector<std::tuple<std::string, int, int, std::string>> expected = {
        {"process_name", 1, 0, "ssd.ch0"},
        {"thread_name", 1, 1, "die0"},
        {"thread_name", 1, 2, "die1"},
        {"process_name", 2, 0, "host"},
        {"thread_name", 2, 1, "host"}};
    EXPECT_EQ(names, expected);
    int sort_entries = 0;
    for (const nlohmann::json& m : meta)
        if (m.at("name") == "thread_sort_index") {
            EXPECT_EQ(m.at("args").at("sort_index"), m.at("tid"));
            ++sort_entries;
        }
    EXPECT_EQ(sort_entries, 3);
}

TEST_F(timeline_scenario, spans_kept_by_filter_and_window_with_exact_microseconds) {
    const std::vector<nlohmann::json> spans_read = with_phase(events_of(path), "X");
    ASSERT_EQ(spans_read.size(), 4u);
    EXPECT_EQ(spans, 4u);
    const nlohmann::json& lvs = spans_read[0];
    EXPECT_EQ(lvs.at("name"), "LVS");
    EXPECT_EQ(lvs.at("cat"), "odc");
    EXPECT_EQ(lvs.at("pid"), 1);
    EXPECT_EQ(lvs.at("tid"), 1);
    EXPECT_DOUBLE_EQ(lvs.at("ts").get<double>(), 1.5);
    EXPECT_DOUBLE_EQ(lvs.at("dur").get<double>(), 3.000123);
    EXPECT_EQ(lvs.at("args"),
              (nlohmann::json{{"opcode", "LVS"}, {"address", "0x1a2b"}, {"plane", 2}}));
    const nlohmann::json& prog = spans_read[1];
    EXPECT_EQ(prog.at("name"), "tPROG");
    EXPECT_EQ(prog.at("tid"), 2);
    EXPECT_DOUBLE_EQ(prog.at("ts").get<double>(), 9.999999);
    EXPECT_DOUBLE_EQ(prog.at("dur").get<double>(), 120.000001);
    EXPECT_FALSE(prog.contains("args"));
    EXPECT_EQ(spans_read[2].at("name"), "mark");
    EXPECT_EQ(spans_read[2].at("dur"), 0);
    EXPECT_EQ(spans_read[2].at("args").at("delta"), -3);
    EXPECT_EQ(spans_read[3].at("name"), "write");
    EXPECT_EQ(spans_read[3].at("pid"), 2);
    EXPECT_DOUBLE_EQ(spans_read[3].at("args").at("gbps").get<double>(), 7.25);
    const std::string raw = text_of(path);
    EXPECT_NE(raw.find("\"ts\":1.5,\"dur\":3.000123,"), std::string::npos);
    EXPECT_NE(raw.find("\"ts\":9.999999,\"dur\":120.000001,"), std::string::npos);
    EXPECT_EQ(nlohmann::json::parse(raw).at("displayTimeUnit"), "ns");
}

TEST_F(timeline_scenario, instants_are_thread_scoped_markers_inside_the_window) {
    const std::vector<nlohmann::json> marks = with_phase(events_of(path), "i");
    ASSERT_EQ(marks.size(), 1u) << "the window is [1 us, 10 us); ssd.ch1 is out of scope";
    EXPECT_EQ(instants, 1u);
    EXPECT_EQ(marks[0].at("name"), "step 1 begins");
    EXPECT_EQ(marks[0].at("cat"), "info");
    EXPECT_EQ(marks[0].at("s"), "t");
    EXPECT_EQ(marks[0].at("pid"), 2);
    EXPECT_DOUBLE_EQ(marks[0].at("ts").get<double>(), 2.5);
    EXPECT_FALSE(marks[0].contains("dur"));
    EXPECT_EQ(marks[0].at("args").at("core"), 0);
}

TEST(timeline_writer, empty_trace_is_valid_json) {
    const std::string path = temp_path("empty.json");
    { timeline_writer w(path); }
    EXPECT_TRUE(events_of(path).empty());
    const std::string unselected = temp_path("unselected.json");
    {
        timeline_writer w(unselected, scope_filter("nothing.*"));
        w.span(w.add_track("ssd.ch0.die0"), "LVS", "odc", 0, 10);
    }
    EXPECT_TRUE(events_of(unselected).empty());
}

TEST(timeline_writer, strings_are_escaped) {
    const std::string path = temp_path("escape.json");
    const std::string odd = "quote\" back\\ nl\n tab\t bell\a";
    {
        timeline_writer w(path);
        w.span(w.add_track("a.b"), odd, "c", 0, 1, {text_arg("k\"ey", odd)});
    }
    const std::vector<nlohmann::json> spans = with_phase(events_of(path), "X");
    ASSERT_EQ(spans.size(), 1u);
    EXPECT_EQ(spans[0].at("name"), odd);
    EXPECT_EQ(spans[0].at("args").at("k\"ey"), odd);
    EXPECT_DOUBLE_EQ(spans[0].at("dur").get<double>(), 0.000001);
}

TEST(timeline_writer, bad_input_names_the_problem) {
    const std::string path = temp_path("errors.json");
    timeline_writer w(path);
    const track_handle t = w.add_track("ssd.ch0.die0");
    try {
        w.span(t, "LVS", "odc", 20, 10);
        ADD_FAILURE() << "negative span accepted";
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("ends at 10 ps before it begins at 20 ps"),
                  std::string::npos)
            << e.what();
    }
    EXPECT_THROW(real_arg("x", std::numeric_limits<double>::quiet_NaN()), std::invalid_argument);
    EXPECT_THROW(real_arg("x", std::numeric_limits<double>::infinity()), std::invalid_argument);
    EXPECT_THROW(w.add_track(""), std::invalid_argument);
    EXPECT_THROW(w.add_track("a..b"), std::invalid_argument);
    EXPECT_THROW(w.add_track("a b"), std::invalid_argument);
    EXPECT_THROW(w.span(track_handle{7}, "x", "y", 0, 1), std::invalid_argument);
    EXPECT_THROW(w.instant(track_handle{7}, "x", "y", 0), std::invalid_argument);
    w.close();
    EXPECT_THROW(w.span(t, "x", "y", 0, 1), std::runtime_error);
    EXPECT_THROW(w.instant(t, "x", "y", 0), std::runtime_error);
    EXPECT_THROW(w.add_track("late"), std::runtime_error);
    EXPECT_NO_THROW(w.close());
    EXPECT_TRUE(with_phase(events_of(path), "X").empty());
    EXPECT_THROW(timeline_writer("/nonexistent-dir/t.json"), std::runtime_error);
}

} // namespace
} // namespace osvp::trace
