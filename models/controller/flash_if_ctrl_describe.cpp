// flash_if_ctrl::describe: the controller's state in words, for debuggers (osvp_channel).
#include "common/sc_time_util.h"
#include "common/units.h"
#include "controller/flash_if_ctrl.h"

#include <cstring>
#include <sstream>

namespace osvp {
namespace {

const char* status_name(fw::fic::status s) {
    switch (s) {
    case fw::fic::status::ok:
        return "ok";
    case fw::fic::status::program_fail:
        return "program_fail";
    case fw::fic::status::refused:
        return "refused";
    case fw::fic::status::bad_descriptor:
        return "bad_descriptor";
    }
    return "unknown";
}

void describe_descriptor(std::ostream& out, const fw::fic::descriptor& d) {
    static const char* const names[] = {"?", "read", "program", "erase", "odp_update"};
    const auto op = static_cast<unsigned>(d.op);
    out << "tag " << d.tag << " " << (op < 5 ? names[op] : "?");
    if (d.op == fw::fic::opcode::odp_update) {
        fw::fic::odp_update_descriptor u;
        std::memcpy(&u, &d, sizeof u);
        out << " source block " << u.src_block << " page " << u.src_page << ", destination block "
            << u.dst_block << " page " << u.dst_page;
        return;
    }
    out << " planes 0x" << std::hex << unsigned{d.plane_mask} << std::dec << " block " << d.block;
    if (d.op != fw::fic::opcode::erase) {
        out << " page " << d.page;
    }
}

} // namespace

std::string flash_if_ctrl::describe() const {
    const time_ps now = now_ps();
    std::ostringstream out;
    out << name() << " at " << format_time(now) << ": descriptors in flight " << m_queued
        << ", completions to read " << m_done.size() << ", bus booked until "
        << format_time(m_bus_free) << " (" << m_bus_free << " ps)\n";
    for (const auto& l : m_lanes) {
        out << "  die " << l->die << ": ";
        if (l->idle) {
            out << "sequencer idle";
        } else if (l->waiting) {
            out << "sequencer resumes at " << format_time(l->resume_at);
        } else {
            out << "sequencer running";
        }
        out << ", die ready at " << format_time(l->ready) << " (" << l->ready << " ps), "
            << l->queue.size() << " queued\n";
        for (const queued& q : l->queue) {
            out << "    ";
            describe_descriptor(out, q.desc);
            out << ", arrived " << format_time(q.arrival) << "\n";
        }
    }
    if (!m_done.empty()) {
        out << "  oldest completion: tag " << m_done.front().tag << " "
            << status_name(m_done.front().result) << "\n";
    }
    return out.str();
}

} // namespace osvp
