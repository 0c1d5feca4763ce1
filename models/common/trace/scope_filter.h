// Selection of traced objects by hierarchical name (e.g. "ssd.ch0.die3.state").
//
// Pattern syntax (glob over the whole name, case-sensitive):
//   *      any run of characters, dots included ("ssd.ch0.*", "*.die3.*")
//   ?      exactly one character
//   [..]   one character from a set of characters and ranges ("ssd.ch[0-3].*", "die[02]")
//   other  itself; white space and ',' are not allowed inside a pattern
// Several patterns are separated by commas (blanks around them ignored); a name is selected if any
// pattern matches it. An empty list selects everything.
#pragma once
#include <bitset>
#include <string>
#include <string_view>
#include <vector>

namespace osvp::trace {

/// Compiled comma-separated list of glob patterns; immutable after construction.
class scope_filter {
public:
    /// Compiles `patterns` (syntax above). Throws std::invalid_argument naming the bad pattern, the
    /// offending character position and the allowed syntax.
    explicit scope_filter(std::string_view patterns = {});

    /// True if `name` matches any pattern, or if the filter is empty.
    bool matches(std::string_view name) const;

    /// True if the filter has no pattern and therefore selects every name.
    bool selects_everything() const { return m_patterns.empty(); }

    /// The pattern text as given to the constructor.
    const std::string& text() const { return m_text; }

private:
    struct token {
        enum class kind { literal, any_one, any_run, set } what;
        char literal;
        std::bitset<256> members;
    };
    using pattern = std::vector<token>;

    static pattern compile(std::string_view item, std::string_view all);
    static bool match(const pattern& p, std::string_view name);

    std::string m_text;
    std::vector<pattern> m_patterns;
};

} // namespace osvp::trace
