// Helpers shared by the FTL unit tests.
#pragma once
#include <stdexcept>
#include <string>

#include "ftl/flash_geometry.h"
#include "ftl/ftl_config.h"

namespace osvp::fw::test {

// The message of the std::exception that f throws, or "no exception".
template <typename F>
std::string error_of(F&& f) {
    try {
        f();
    } catch (const std::exception& e) {
        return e.what();
    }
    return "no exception";
}

// True when text contains every one of parts.
template <typename... Parts>
bool contains_all(const std::string& text, const Parts&... parts) {
    return ((text.find(parts) != std::string::npos) && ...);
}

// One die, 2 planes, 16 blocks of 4 pages: 8 pages per super-block, 128 physical pages.
inline flash_geometry one_die() {
    return flash_geometry{1, 1, 2, 16, 4, 4096};
}

// op 0.25 -> 96 logical pages on one_die(); GC limit is (16 - 2 - 1) x 8 = 104.
inline page_ftl_config quarter_op() {
    return page_ftl_config{0.25, 2};
}

} // namespace osvp::fw::test
