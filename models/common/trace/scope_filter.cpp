#include "common/trace/scope_filter.h"

#include <cctype>
#include <stdexcept>

namespace osvp::trace {
namespace {

constexpr std::string_view syntax =
    "glob patterns separated by commas, using '*' (any run of characters), '?' (one character), "
    "'[a-z0-9]' (one character of a set) and plain name characters without blanks";

[[noreturn]] void bad_pattern(std::string_view item, std::string_view all, std::string_view why) {
    throw std::invalid_argument("trace scope pattern \"" + std::string(item) + "\" in \"" +
                                std::string(all) + "\": " + std::string(why) + "; expected " +
                                std::string(syntax));
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
        text.remove_prefix(1);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
        text.remove_suffix(1);
    return text;
}

bool allowed_name_char(char c) {
    const auto u = static_cast<unsigned char>(c);
    return std::isgraph(u) && c != ',';
}

} // namespace

scope_filter::scope_filter(std::string_view patterns) : m_text(patterns) {
    if (trim(patterns).empty())
        return;
    std::size_t begin = 0;
    while (true) {
        const std::size_t comma = patterns.find(',', begin);
        const std::size_t end = comma == std::string_view::npos ? patterns.size() : comma;
        const std::string_view item = trim(patterns.substr(begin, end - begin));
        if (item.empty())
            bad_pattern(item, patterns, "empty pattern between commas");
        m_patterns.push_back(compile(item, patterns));
        if (comma == std::string_view::npos)
            break;
        begin = comma + 1;
    }
}

scope_filter::pattern scope_filter::compile(std::string_view item, std::string_view all) {
    pattern result;
    for (std::size_t i = 0; i < item.size(); ++i) {
        const char c = item[i];
        if (c == '*') {
            if (result.empty() || result.back().what != token::kind::any_run)
                result.push_back({token::kind::any_run, 0, {}});
        } else if (c == '?') {
            result.push_back({token::kind::any_one, 0, {}});
        } else if (c == '[') {
            const std::size_t close = item.find(']', i + 1);
            if (close == std::string_view::npos)
                bad_pattern(item, all, "'[' at position " + std::to_string(i) + " is not closed");
            if (close == i + 1)
                bad_pattern(item, all, "empty set '[]' at position " + std::to_string(i));
            token set{token::kind::set, 0, {}};
            for (std::size_t k = i + 1; k < close; ++k) {
                const char lo = item[k];
                if (lo == '[' || lo == '*' || lo == '?' || !allowed_name_char(lo))
                    bad_pattern(item, all,
                                "character '" + std::string(1, lo) + "' at position " +
                                    std::to_string(k) + " is not allowed in a set");
                if (k + 2 < close && item[k + 1] == '-') {
                    const char hi = item[k + 2];
                    if (hi < lo)
                        bad_pattern(item, all,
                                    "range '" + std::string(item.substr(k, 3)) + "' at position " +
                                        std::to_string(k) + " runs backwards");
                    for (int v = static_cast<unsigned char>(lo);
                         v <= static_cast<unsigned char>(hi); ++v)
                        set.members.set(static_cast<std::size_t>(v));
                    k += 2;
                } else {
                    set.members.set(static_cast<unsigned char>(lo));
                }
            }
            result.push_back(set);
            i = close;
        } else if (c == ']' || !allowed_name_char(c)) {
            bad_pattern(item, all,
                        "character '" + std::string(1, c) + "' at position " + std::to_string(i) +
                            " is not allowed");
        } else {
            result.push_back({token::kind::literal, c, {}});
        }
    }
    return result;
}

bool scope_filter::match(const pattern& p, std::string_view name) {
    std::size_t ti = 0;
    std::size_t ni = 0;
    std::size_t star_ti = p.size();
    std::size_t star_ni = 0;
    while (ni < name.size()) {
        if (ti < p.size()) {
            const token& t = p[ti];
            const auto c = static_cast<unsigned char>(name[ni]);
            if (t.what == token::kind::any_run) {
                star_ti = ti++;
                star_ni = ni;
                continue;
            }
            const bool hit = t.what == token::kind::any_one ||
                             (t.what == token::kind::literal && t.literal == name[ni]) ||
                             (t.what == token::kind::set && t.members.test(c));
            if (hit) {
                ++ti;
                ++ni;
                continue;
            }
        }
        if (star_ti == p.size())
            return false;
        ti = star_ti + 1;
        ni = ++star_ni;
    }
    while (ti < p.size() && p[ti].what == token::kind::any_run)
        ++ti;
    return ti == p.size();
}

bool scope_filter::matches(std::string_view name) const {
    if (m_patterns.empty())
        return true;
    for (const pattern& p : m_patterns)
        if (match(p, name))
            return true;
    return false;
}

} // namespace osvp::trace
