#include "host/block_trace.h"

#include "common/config.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

using namespace osvp;

namespace {

/// Lines of the MSR Cambridge trace hm_0 style: filetime ticks, host, disk, type, offset, size,
/// response time.
constexpr const char* three_requests = "128166372003061629,hm,0,Read,3872800768,4096,2802\n"
                                       "128166372003061729,hm,0,Write,8192,16384,1200\r\n"
                                       "\n"
                                       "128166372003071629,hm,0,Read,512,1024,55\n";

std::vector<trace_record> read_all(const std::string& text) {
    std::istringstream in(text);
    msr_trace_reader reader(in, "t.csv");
    std::vector<trace_record> out;
    while (const std::optional<trace_record> r = reader.next()) {
        out.push_back(*r);
    }
    return out;
}

/// The config_error a trace's reading throws, or "" when it reads to the end.
std::string error_of(const std::string& text) {
    try {
        read_all(text);
    } catch (const config_error& e) {
        return e.what();
    }
    return "";
}

trace_mapping mapping(std::uint64_t device_lbas, std::uint32_t max_command_lbas) {
    trace_mapping m;
    m.lba_bytes = 4096;
    m.device_lbas = device_lbas;
    m.max_command_lbas = max_command_lbas;
    return m;
}

std::vector<trace_command> commands_of(const std::string& text, const trace_mapping& m,
                                       std::uint64_t limit = 0) {
    std::istringstream in(text);
    trace_commands commands(in, "t.csv", m, limit);
    std::vector<trace_command> out;
    while (const std::optional<trace_command> c = commands.next()) {
        out.push_back(*c);
    }
    return out;
}

} // namespace

TEST(MsrTraceReader, ReadsTypeOffsetSizeAndArrivalSinceTheFirstRequest) {
    const std::vector<trace_record> r = read_all(three_requests);
    ASSERT_EQ(r.size(), 3u) << "the blank line is skipped";
    EXPECT_EQ(r[0].arrival, 0u);
    EXPECT_EQ(r[0].op, io_op::read);
    EXPECT_EQ(r[0].offset, 3872800768u);
    EXPECT_EQ(r[0].bytes, 4096u);
    EXPECT_EQ(r[1].arrival, 100u * 100'000) << "100 ticks of 100 ns = 10 us";
    EXPECT_EQ(r[1].op, io_op::write);
    EXPECT_EQ(r[1].bytes, 16384u) << "a CRLF line end is accepted";
    EXPECT_EQ(r[2].arrival, 10'000u * 100'000) << "1 ms";
}

TEST(MsrTraceReader, NamesTheLineAndWhatIsAllowedForEveryMalformedLine) {
    const std::string good = "128166372003061629,hm,0,Read,0,4096,1\n";
    const std::vector<std::pair<std::string, std::vector<std::string>>> cases = {
        {good + "128166372003061630,hm,0,Read,0,4096\n", {"t.csv:2:", "6", "7", "Timestamp,"}},
        {good + "x12,hm,0,Read,0,4096,1\n", {"t.csv:2:", "Timestamp 'x12'", "100 ns ticks"}},
        {good + "128166372003061630,hm,0,Trim,0,4096,1\n", {"t.csv:2:", "'Trim'", "Read, Write"}},
        {good + "128166372003061630,hm,0,Read,-5,4096,1\n", {"t.csv:2:", "Offset '-5'"}},
        {good + "128166372003061630,hm,0,Read,0,4k,1\n", {"t.csv:2:", "Size '4k'"}},
        {good + "128166372003061630,hm,0,Read,0,0,1\n", {"t.csv:2:", "Size is 0"}},
        {good + "128166372003061628,hm,0,Read,0,4096,1\n",
         {"t.csv:2:", "earlier than the line before", "time order"}},
        {"0,hm,0,Read,0,4096,1\n18446744073709551615,hm,0,Read,0,4096,1\n",
         {"t.csv:2:", "213 days"}},
        {good + "128166372003061630,hm,0,Read,99999999999999999999,4096,1\n",
         {"t.csv:2:", "below 2^64"}},
    };
    for (const auto& [text, parts] : cases) {
        const std::string error = error_of(text);
        ASSERT_FALSE(error.empty()) << text;
        for (const std::string& part : parts) {
            EXPECT_NE(error.find(part), std::string::npos) << error << " lacks " << part;
        }
    }
    EXPECT_EQ(error_of(good + good), "") << "equal timestamps are in order";
}

TEST(MsrTraceReader, RefusesAGzipFileWithAHint) {
    const std::string gzip = std::string("\x1f\x8b\x08\x00", 4) + "rest";
    try {
        read_all(gzip);
        FAIL() << "a gzip file was read";
    } catch (const config_error& e) {
        EXPECT_NE(std::string(e.what()).find("gzip"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("gunzip"), std::string::npos) << e.what();
    }
}

TEST(TraceCommands, WidenUnalignedRequestsToWholeLbasAndCutLargeOnes) {
    const std::string text = "0,h,0,Read,4000,200,1\n"      // bytes 4000..4199: LBAs 0 and 1
                             "10,h,0,Write,40960,40960,1\n" // LBAs 10..19, cut 4 + 4 + 2
                             "20,h,0,Read,8192,4096,1\n";   // LBA 2 exactly
    const std::vector<trace_command> c = commands_of(text, mapping(1000, 4));
    ASSERT_EQ(c.size(), 5u);
    EXPECT_EQ(c[0].request.slba, 0u);
    EXPECT_EQ(c[0].request.nlb, 2u);
    EXPECT_TRUE(c[0].first_of_request);
    const std::uint32_t pieces[] = {4, 4, 2};
    for (int i = 0; i < 3; ++i) {
        EXPECT_EQ(c[1 + i].request.op, io_op::write);
        EXPECT_EQ(c[1 + i].request.slba, 10u + 4u * i);
        EXPECT_EQ(c[1 + i].request.nlb, pieces[i]);
        EXPECT_EQ(c[1 + i].arrival, 10u * 100'000) << "every piece arrives with its request";
        EXPECT_EQ(c[1 + i].first_of_request, i == 0);
    }
    EXPECT_EQ(c[4].request.slba, 2u);
    EXPECT_EQ(c[4].request.nlb, 1u);
}

TEST(TraceCommands, ScaleArrivalsAndStopAtTheRequestLimit) {
    trace_mapping m = mapping(1u << 30, 256);
    m.time_scale = 0.5;
    const std::vector<trace_command> c = commands_of(three_requests, mapping(1u << 30, 256));
    const std::vector<trace_command> half = commands_of(three_requests, m, 2);
    ASSERT_EQ(c.size(), 3u);
    ASSERT_EQ(half.size(), 2u) << "request_limit 2";
    EXPECT_EQ(half[1].arrival, c[1].arrival / 2);
}

TEST(TraceCommands, RefuseARequestBeyondTheDeviceNamingItsLine) {
    const std::string text = "0,h,0,Read,0,4096,1\n"
                             "1,h,0,Read,36864,8192,1\n"; // LBAs 9 and 10 of a 10-LBA device
    try {
        commands_of(text, mapping(10, 256));
        FAIL() << "a request beyond the device was cut into commands";
    } catch (const config_error& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("t.csv:2:"), std::string::npos) << what;
        EXPECT_NE(what.find("10 LBAs of 4096 B"), std::string::npos) << what;
    }
    EXPECT_EQ(commands_of(text, mapping(11, 256)).size(), 2u) << "LBA 10 is the last of 11";
    EXPECT_THROW(commands_of("0,h,0,Read,0,18446744073709551615,1\n", mapping(10, 256)),
                 config_error)
        << "a size near 2^64 must not wrap around";
}

TEST(TraceCommands, ReadRangesMergeOverlappingAndAdjacentReadsOnly) {
    const std::string text = "0,h,0,Read,40960,8192,1\n"  // LBAs 10-11
                             "0,h,0,Read,49152,4096,1\n"  // LBA 12: adjacent
                             "0,h,0,Write,0,409600,1\n"   // writes do not count
                             "0,h,0,Read,4096,8192,1\n"   // LBAs 1-2
                             "0,h,0,Read,0,4096,1\n"      // LBA 0: adjacent below
                             "0,h,0,Read,36864,12288,1\n" // LBAs 9-11: overlaps 10-12
                             "0,h,0,Read,81920,4096,1\n"; // LBA 20
    std::istringstream in(text);
    trace_commands commands(in, "t.csv", mapping(1000, 256), 0);
    const std::vector<lba_range> ranges = read_ranges(commands);
    const std::vector<lba_range> expected = {{0, 3}, {9, 13}, {20, 21}};
    EXPECT_EQ(ranges, expected);
}

TEST(SummariseTrace, CountsCommandsBytesAndSpanAndNamesAMissingFile) {
    const std::filesystem::path path =
        std::filesystem::temp_directory_path() / "osvp_test_block_trace.csv";
    std::ofstream(path) << three_requests;
    const trace_summary s = summarise_trace(path.string(), mapping(1u << 30, 2), 0);
    std::filesystem::remove(path);
    EXPECT_EQ(s.requests, 3u);
    EXPECT_EQ(s.commands, 4u) << "the 16 KiB write is cut into two 2-LBA commands";
    EXPECT_EQ(s.read_bytes, 2u * 4096) << "one LBA each";
    EXPECT_EQ(s.write_bytes, 16384u);
    EXPECT_EQ(s.span, 10'000u * 100'000);
    EXPECT_EQ(s.max_command_bytes, 2u * 4096);
    try {
        summarise_trace("/nonexistent/trace.csv", mapping(10, 2), 0);
        FAIL() << "a missing file was summarised";
    } catch (const config_error& e) {
        EXPECT_NE(std::string(e.what()).find("/nonexistent/trace.csv"), std::string::npos);
    }
}
