#include "host/train/npy_header.h"

#include "host/train/npy.h"

#include <cctype>
#include <limits>
#include <set>

namespace osvp::train {

namespace {

// Recursive-descent reader for the subset of Python literals numpy emits.
class header_reader {
public:
    header_reader(const std::string& text, const std::string& source)
        : m_text(text), m_source(source) {}

    npy_header parse() {
        npy_header header;
        std::set<std::string> keys;
        expect('{');
        while (!accept('}')) {
            const std::string key = read_string();
            if (!keys.insert(key).second) {
                fail("key '" + key + "' appears twice");
            }
            expect(':');
            if (key == "descr") {
                header.descr = read_string();
            } else if (key == "fortran_order") {
                header.fortran_order = read_bool();
            } else if (key == "shape") {
                header.shape = read_shape();
            } else {
                fail("unknown key '" + key + "'; allowed: descr, fortran_order, shape");
            }
            if (!accept(',')) {
                expect('}');
                break;
            }
        }
        skip_space();
        if (m_pos != m_text.size()) {
            fail("unexpected text after the dictionary at byte " + std::to_string(m_pos));
        }
        if (keys.size() != 3) {
            fail("missing key; required: descr, fortran_order, shape");
        }
        return header;
    }

private:
    [[noreturn]] void fail(const std::string& what) const {
        throw npy_error(m_source + ": bad .npy header: " + what + " (header: " + m_text + ")");
    }

    void skip_space() {
        while (m_pos < m_text.size() && std::isspace(static_cast<unsigned char>(m_text[m_pos]))) {
            ++m_pos;
        }
    }

    bool accept(char c) {
        skip_space();
        if (m_pos < m_text.size() && m_text[m_pos] == c) {
            ++m_pos;
            return true;
        }
        return false;
    }

    void expect(char c) {
        if (!accept(c)) {
            fail(std::string("expected '") + c + "' at byte " + std::to_string(m_pos));
        }
    }

    std::string read_string() {
        skip_space();
        if (m_pos >= m_text.size() || (m_text[m_pos] != '\'' && m_text[m_pos] != '"')) {
            fail("expected a quoted string at byte " + std::to_string(m_pos));
        }
        const char quote = m_text[m_pos++];
        const std::size_t end = m_text.find(quote, m_pos);
        if (end == std::string::npos) {
            fail("unterminated string at byte " + std::to_string(m_pos));
        }
        std::string s = m_text.substr(m_pos, end - m_pos);
        m_pos = end + 1;
        return s;
    }

    bool read_bool() {
        skip_space();
        for (const auto& [word, value] : {std::pair{"True", true}, std::pair{"False", false}}) {
            const std::string w = word;
            if (m_text.compare(m_pos, w.size(), w) == 0) {
                m_pos += w.size();
                return value;
            }
        }
        fail("fortran_order must be True or False");
    }

    std::uint64_t read_dimension() {
        skip_space();
        const std::size_t start = m_pos;
        std::uint64_t value = 0;
        while (m_pos < m_text.size() && std::isdigit(static_cast<unsigned char>(m_text[m_pos]))) {
            const auto digit = static_cast<std::uint64_t>(m_text[m_pos++] - '0');
            if (value > (std::numeric_limits<std::uint64_t>::max() - digit) / 10) {
                fail("shape dimension does not fit in 64 bits");
            }
            value = value * 10 + digit;
        }
        if (m_pos == start) {
            fail("expected a non-negative integer in shape at byte " + std::to_string(start));
        }
        if (m_pos < m_text.size() && m_text[m_pos] == 'L') {
            ++m_pos;
        }
        return value;
    }

    std::vector<std::uint64_t> read_shape() {
        std::vector<std::uint64_t> shape;
        expect('(');
        if (accept(')')) {
            return shape;
        }
        for (;;) {
            shape.push_back(read_dimension());
            if (accept(')')) {
                break;
            }
            expect(',');
            if (accept(')')) {
                break;
            }
        }
        return shape;
    }

    const std::string& m_text;
    const std::string& m_source;
    std::size_t m_pos = 0;
};

} // namespace

npy_header parse_npy_header(const std::string& text, const std::string& source) {
    return header_reader(text, source).parse();
}

std::string format_npy_header(const npy_header& header) {
    std::string shape = "(";
    for (std::size_t i = 0; i < header.shape.size(); ++i) {
        shape += (i ? ", " : "") + std::to_string(header.shape[i]);
    }
    shape += header.shape.size() == 1 ? ",)" : ")";
    return "{'descr': '" + header.descr +
           "', 'fortran_order': " + (header.fortran_order ? "True" : "False") +
           ", 'shape': " + shape + ", }";
}

} // namespace osvp::train
