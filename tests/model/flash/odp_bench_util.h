// Test helpers for on-die-processing scenarios on a flash_bench: installing an optimizer's
// template and a step's constants through the controller's registers, and posting updates.
#pragma once
#include "flash_bench.h"
#include "optim/iteration_manager.h"
#include "optim/optimizer_program.h"

#include <cstring>

namespace osvp::test {

inline void install_template(flash_bench& b, const hal::odp_template& t) {
    hal::odp_template copy = t;
    b.access(tlm::TLM_WRITE_COMMAND, fw::fic::reg_template, &copy, sizeof copy);
}

inline void install_constants(flash_bench& b, std::uint32_t generation,
                              const fw::step_constants& c) {
    fw::fic::odp_constants k{};
    k.generation = generation;
    k.count = static_cast<std::uint32_t>(c.loads.size());
    for (std::size_t i = 0; i < c.loads.size(); ++i) {
        k.entries.at(i) = {c.loads[i].reg, {}, c.loads[i].a, c.loads[i].b};
    }
    b.access(tlm::TLM_WRITE_COMMAND, fw::fic::reg_constants, &k, sizeof k);
}

inline void submit_update(flash_bench& b, unsigned die, std::uint32_t src_block,
                          std::uint32_t src_page, std::uint32_t dst_block, std::uint32_t dst_page,
                          std::uint64_t gradient_address, std::uint32_t tag) {
    fw::fic::odp_update_descriptor u{};
    u.op = fw::fic::opcode::odp_update;
    u.die = static_cast<std::uint8_t>(die);
    u.src_block = src_block;
    u.src_page = src_page;
    u.dst_block = dst_block;
    u.dst_page = dst_page;
    u.gradient_address = gradient_address;
    u.tag = tag;
    b.access(tlm::TLM_WRITE_COMMAND, fw::fic::reg_submit, &u, sizeof u);
}

/// Adam's constants of step 1 with the default hyper-parameters.
inline fw::step_constants adam_step_constants(std::uint64_t steps = 1) {
    fw::optimizer_params p;
    p.lr = 1e-2;
    fw::iteration_manager manager(p, fw::lr_schedule{});
    fw::step_constants c = manager.next_step();
    while (manager.step() < steps) {
        c = manager.next_step();
    }
    return c;
}

/// One channel of 2 dies with 4 planes (Adam needs 3), small blocks, 8 KiB pages.
inline flash_config odp_flash(bool functional = true) {
    flash_config f = small_flash();
    f.planes_per_die = 4;
    f.functional = functional;
    return f;
}

} // namespace osvp::test
