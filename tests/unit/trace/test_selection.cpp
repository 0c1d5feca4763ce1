// Scope patterns and time windows: documented syntax, an independent regex reference, and error
// messages that name the bad text and the allowed form.
#include "common/trace/scope_filter.h"
#include "common/trace/time_window.h"

#include <gtest/gtest.h>

#include <cctype>
#include <functional>
#include <regex>
#include <string>
#include <vector>

namespace osvp::trace {
namespace {

std::string message_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const std::invalid_argument& e) {
        return e.what();
    }
    return "no exception";
}

// Reference semantics of one glob: '*' -> ".*", '?' -> ".", sets copied, the rest escaped.
std::regex reference_regex(const std::string& glob) {
    std::string re;
    for (std::size_t i = 0; i < glob.size(); ++i) {
        const char c = glob[i];
        if (c == '*') {
            re += ".*";
        } else if (c == '?') {
            re += ".";
        } else if (c == '[') {
            const std::size_t close = glob.find(']', i);
            re += glob.substr(i, close - i + 1);
            i = close;
        } else if (std::isalnum(static_cast<unsigned char>(c))) {
            re += c;
        } else {
            re += std::string("\\") + c;
        }
    }
    return std::regex(re);
}

TEST(scope_filter, star_crosses_dots_and_must_match_whole_name) {
    const scope_filter f("ssd.ch0.*");
    EXPECT_TRUE(f.matches("ssd.ch0.die0.state"));
    EXPECT_TRUE(f.matches("ssd.ch0.busy"));
    EXPECT_FALSE(f.matches("ssd.ch0"));
    EXPECT_FALSE(f.matches("ssd.ch1.busy"));
    EXPECT_FALSE(f.matches("top.ssd.ch0.busy"));
}

TEST(scope_filter, die_pattern_sets_and_single_characters) {
    const scope_filter dies("*.die3.*");
    EXPECT_TRUE(dies.matches("ssd.ch5.die3.state"));
    EXPECT_FALSE(dies.matches("ssd.ch5.die30.state"));
    const scope_filter range("ssd.ch[0-3].*");
    EXPECT_TRUE(range.matches("ssd.ch0.busy"));
    EXPECT_TRUE(range.matches("ssd.ch3.die1.state"));
    EXPECT_FALSE(range.matches("ssd.ch4.busy"));
    const scope_filter list("ssd.ch[05].busy");
    EXPECT_TRUE(list.matches("ssd.ch5.busy"));
    EXPECT_FALSE(list.matches("ssd.ch3.busy"));
    const scope_filter one("ssd.ch?.busy");
    EXPECT_TRUE(one.matches("ssd.ch7.busy"));
    EXPECT_FALSE(one.matches("ssd.ch10.busy"));
}

TEST(scope_filter, comma_list_is_a_union_and_empty_selects_all) {
    const scope_filter f(" ssd.ch0.* , host.* ");
    EXPECT_TRUE(f.matches("host.link.busy"));
    EXPECT_TRUE(f.matches("ssd.ch0.busy"));
    EXPECT_FALSE(f.matches("ssd.ch1.busy"));
    EXPECT_TRUE(scope_filter("").matches("anything.at.all"));
    EXPECT_TRUE(scope_filter("   ").selects_everything());
    EXPECT_FALSE(f.selects_everything());
}

TEST(scope_filter, agrees_with_regex_reference) {
    const std::vector<std::string> globs = {"*",       "a*b",   "*a*b*c", "a?c*",  "*.d[0-3]",
                                            "a*a*a*b", "??.*x", "*[ab]",  "x.*.y", "a.b"};
    const std::vector<std::string> names = {
        "a",    "ab",     "aab",  "axxb",    "abc", "abxbc", "aaaab", "aaab", "aaa",       "q.d2",
        "q.d4", "ss.x.x", "ss.x", "x.mid.y", "x.y", "a.b",   "a.bc",  "zb",   "x.m.n.o.y", ""};
    for (const std::string& g : globs) {
        const scope_filter f(g);
        const std::regex ref = reference_regex(g);
        for (const std::string& n : names)
            EXPECT_EQ(f.matches(n), std::regex_match(n, ref)) << "glob " << g << " name " << n;
    }
}

TEST(scope_filter, bad_patterns_name_the_text_and_the_syntax) {
    for (const std::string bad :
         {"a,,b", "a,", "ssd.ch[0-3", "ssd.ch[]", "ssd.ch[3-0].*", "ssd ch0", "a]b", "a[*]"}) {
        const std::string msg = message_of([&] { scope_filter f(bad); });
        EXPECT_NE(msg.find("\"" + bad + "\""), std::string::npos) << msg;
        EXPECT_NE(msg.find("expected glob patterns"), std::string::npos) << msg;
    }
    EXPECT_NE(message_of([] { scope_filter f("ssd.ch[3-0].*"); }).find("runs backwards"),
              std::string::npos);
    EXPECT_NE(message_of([] { scope_filter f("ssd.ch[0-3"); }).find("not closed"),
              std::string::npos);
}

TEST(time_point, units_decimals_and_bare_zero) {
    EXPECT_EQ(parse_time_point("10ms"), 10 * ps_per_ms);
    EXPECT_EQ(parse_time_point("1.5 us"), 1'500'000u);
    EXPECT_EQ(parse_time_point("0"), 0u);
    EXPECT_EQ(parse_time_point("0.001ns"), 1u);
    EXPECT_EQ(parse_time_point("25us"), 25 * ps_per_us);
    EXPECT_EQ(parse_time_point("2s"), 2 * ps_per_s);
    EXPECT_EQ(parse_time_point("7ps"), 7u);
    EXPECT_EQ(parse_time_point(".5ms"), 500 * ps_per_us);
    EXPECT_EQ(parse_time_point("18446744.073709551615s"), time_window::open_end);
}

TEST(time_point, bad_text_names_the_text_and_the_form) {
    for (const std::string bad : {"10", "ms", "1.ms", "1.5ps", "0.0001ns", "10 m", "-1ms", "1e3ns",
                                  "", "18446745s", "18446744.073709551616s"}) {
        const std::string msg = message_of([&] { parse_time_point(bad); });
        EXPECT_NE(msg.find("\"" + bad + "\""), std::string::npos) << msg;
        EXPECT_NE(msg.find("expected a non-negative number with a unit"), std::string::npos) << msg;
    }
    EXPECT_NE(message_of([] { parse_time_point("1.5ps"); }).find("1 ps resolution"),
              std::string::npos);
    EXPECT_NE(message_of([] { parse_time_point("3 min"); }).find("unknown unit \"min\""),
              std::string::npos);
}

TEST(time_window, forms_and_half_open_semantics) {
    const time_window w = parse_time_window("10ms:12ms");
    EXPECT_EQ(w.start, 10 * ps_per_ms);
    EXPECT_EQ(w.end, 12 * ps_per_ms);
    EXPECT_TRUE(w.contains(10 * ps_per_ms));
    EXPECT_FALSE(w.contains(12 * ps_per_ms));
    EXPECT_TRUE(w.overlaps(9 * ps_per_ms, 10 * ps_per_ms + 1));
    EXPECT_FALSE(w.overlaps(9 * ps_per_ms, 10 * ps_per_ms));
    EXPECT_FALSE(w.overlaps(12 * ps_per_ms, 12 * ps_per_ms));
    EXPECT_TRUE(w.overlaps(11 * ps_per_ms, 11 * ps_per_ms));
    EXPECT_EQ(parse_time_window("0:500us").end, 500 * ps_per_us);
    const time_window open = parse_time_window("5ms:");
    EXPECT_EQ(open.start, 5 * ps_per_ms);
    EXPECT_EQ(open.end, time_window::open_end);
    EXPECT_EQ(parse_time_window(":2us").start, 0u);
    EXPECT_EQ(parse_time_window(":2us").end, 2 * ps_per_us);
    EXPECT_EQ(parse_time_window("").end, time_window::open_end);
    EXPECT_EQ(parse_time_window(" : ").start, 0u);
}

TEST(time_window, bad_windows_name_the_text_and_the_form) {
    for (const std::string bad : {"12ms:10ms", "5ms:5ms", "10ms", "1ms:2ms:3ms"}) {
        const std::string msg = message_of([&] { parse_time_window(bad); });
        EXPECT_NE(msg.find("\"" + bad + "\""), std::string::npos) << msg;
    }
    EXPECT_NE(message_of([] { parse_time_window("10ms"); }).find("expected START:END"),
              std::string::npos);
    EXPECT_NE(message_of([] { parse_time_window("12ms:10ms"); }).find("later than START"),
              std::string::npos);
    EXPECT_NE(message_of([] { parse_time_window("x:1ms"); }).find("\"x\""), std::string::npos);
}

} // namespace
} // namespace osvp::trace
