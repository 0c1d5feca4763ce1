// Test helper: one die reduced to what an optimizer template touches. The array is a map of
// (plane, super-page) -> page bytes; BPR/BPP copy between it and the data registers; VPP writes
// the gradient page into the target plane's cache register; ODCs and register copies go to the
// real odp_unit. Concurrent template groups run in order (the template rules make that
// equivalent). Any refused command throws, naming the step and the status.
#pragma once
#include <cstddef>
#include <cstdint>
#include <map>
#include <utility>
#include <vector>

#include "flash/odp/odp_unit.h"
#include "optim/iteration_manager.h"

namespace osvp::test {

class emulated_die {
public:
    emulated_die(const odp::odp_config& config, std::size_t super_pages);

    // LCR of every constant of a step.
    void load_constants(const fw::step_constants& c);
    // Runs the template once for super_page with one page of (scaled) gradients.
    void run(const hal::odp_template& t, std::size_t super_page, const std::vector<float>& grad);

    // The stored page of a plane as floats; and writing it (host initialisation).
    std::vector<float> read_state(std::uint8_t plane, std::size_t super_page) const;
    void write_state(std::uint8_t plane, std::size_t super_page, const std::vector<float>& v);

    std::size_t elements_per_page() const { return m_unit.config().page_bytes / 4; }
    const odp::odp_unit& unit() const { return m_unit; }

private:
    odp::odp_unit m_unit;
    std::size_t m_super_pages;
    std::map<std::pair<std::uint8_t, std::size_t>, std::vector<std::uint8_t>> m_array;
};

} // namespace osvp::test
