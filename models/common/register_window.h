// A target's window of memory-mapped registers: each register is declared once, with its offset,
// its size and what a read or a write of it does; the window decodes every transaction and gives a
// bad access the TLM-2.0 error response it deserves (IEEE 1666-2011, the generic payload's
// response status attribute), so models never compare addresses. An access must cover one whole
// register:
// - no register starts at the address: TLM_ADDRESS_ERROR_RESPONSE;
// - a register starts there but has another size, or the streaming width is below the length:
//   TLM_BURST_ERROR_RESPONSE;
// - a read of a register nobody reads, a write of one nobody writes: TLM_COMMAND_ERROR_RESPONSE;
// - byte enables: TLM_BYTE_ENABLE_ERROR_RESPONSE.
// Debug reads (transport_dbg) see a register's peek view, which has no side effects (a read that
// pops a queue peeks at its front instead), and read nothing where the register has none.
#pragma once
#include <systemc>
#include <tlm>

#include <cstdint>
#include <cstring>
#include <functional>
#include <type_traits>
#include <vector>

namespace osvp {

class register_window {
public:
    /// A register that firmware reads: `read()` gives its value (a trivially copyable type; the
    /// call may have side effects), `peek()` the same type without side effects, for debug reads.
    template <class Read, class Peek>
    void add_read(std::uint64_t offset, Read read, Peek peek) {
        static_assert(std::is_same_v<std::invoke_result_t<Read&>, std::invoke_result_t<Peek&>>);
        entry& e = place(offset, sizeof(std::invoke_result_t<Read&>));
        e.read = reader(std::move(read));
        e.peek = reader(std::move(peek));
    }
    /// A register that firmware reads and debug reads do not see.
    template <class Read>
    void add_read(std::uint64_t offset, Read read) {
        place(offset, sizeof(std::invoke_result_t<Read&>)).read = reader(std::move(read));
    }
    /// A register of type T that firmware writes: `write(const T&, const sc_core::sc_time&
    /// delay)` gets the value and the access's annotated delay (its time is the kernel's time
    /// plus the delay).
    template <class T, class Write>
    void add_write(std::uint64_t offset, Write write) {
        static_assert(std::is_trivially_copyable_v<T>);
        place(offset, sizeof(T)).write =
            [write = std::move(write)](const unsigned char* data,
                                       const sc_core::sc_time& delay) mutable {
                T value;
                std::memcpy(&value, data, sizeof value);
                write(value, delay);
            };
    }

    /// Serves a transaction (b_transport); sets its response status. Inline: every register
    /// access of the firmware's per-page work passes here.
    void transport(tlm::tlm_generic_payload& trans, const sc_core::sc_time& delay) const {
        const entry* e = find(trans.get_address());
        const unsigned length = trans.get_data_length();
        tlm::tlm_response_status status = tlm::TLM_OK_RESPONSE;
        if (trans.get_byte_enable_ptr() != nullptr) {
            status = tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE;
        } else if (e == nullptr) {
            status = tlm::TLM_ADDRESS_ERROR_RESPONSE;
        } else if (length != e->size || trans.get_streaming_width() < length) {
            status = tlm::TLM_BURST_ERROR_RESPONSE;
        } else if (trans.is_read() && e->read) {
            e->read(trans.get_data_ptr());
        } else if (trans.is_write() && e->write) {
            e->write(trans.get_data_ptr(), delay);
        } else {
            status = tlm::TLM_COMMAND_ERROR_RESPONSE;
        }
        trans.set_response_status(status);
    }
    /// Serves a debug transaction: the bytes read, 0 for a write or where nothing can be read.
    unsigned debug(tlm::tlm_generic_payload& trans) const;

private:
    struct entry {
        std::uint64_t offset = 0;
        unsigned size = 0;
        std::function<void(unsigned char*)> read;
        std::function<void(unsigned char*)> peek;
        std::function<void(const unsigned char*, const sc_core::sc_time&)> write;
    };
    /// Wraps `read` into a function that stores its value at a transaction's data pointer.
    template <class Read>
    static std::function<void(unsigned char*)> reader(Read read) {
        static_assert(std::is_trivially_copyable_v<std::invoke_result_t<Read&>>);
        return [read = std::move(read)](unsigned char* data) mutable {
            const auto value = read();
            std::memcpy(data, &value, sizeof value);
        };
    }
    /// The register at `offset` (created if new). Throws std::logic_error when it overlaps
    /// another register or exists with another size.
    entry& place(std::uint64_t offset, unsigned size);
    const entry* find(std::uint64_t offset) const {
        for (const entry& e : m_entries) {
            if (e.offset == offset) {
                return &e;
            }
        }
        return nullptr;
    }

    std::vector<entry> m_entries;
};

} // namespace osvp
