#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "meterhub/modbus/value.hpp"

/// Planning a poll: the registers a profile asks for, merged into as few read requests as the device accepts.
/// Pure: the same list and limits always give the same plan, tested without a device (Telegraf's modbus
/// `optimization` and wb-mqtt-serial's read ranges solve the same problem).
namespace meterhub::modbus {

/// One wanted value: where it lives and how many registers (or bits) it spans. `id` is the caller's index, carried
/// into the plan so results find their way back.
struct register_ref {
  std::uint8_t unit_id = 1;
  modbus::table table = table::holding;
  std::uint16_t address = 0;
  std::uint16_t count = 1; ///< registers, or bits for the bit tables (0 is taken as 1)
  std::size_t id = 0;
};

/// What a device accepts in one request.
struct request_limits {
  std::uint16_t max_registers = 125; ///< per read of registers (Modbus allows 125)
  std::uint16_t max_bits = 2000;     ///< per read of coils / discrete inputs (Modbus allows 2000)
  std::uint16_t max_gap = 0;         ///< registers (or bits) not wanted that may be read in between to merge
  /// Addresses a request must not span: a request never covers both `b - 1` and `b` (devices whose register map has
  /// holes that answer "illegal data address" when read across, or blocks the firmware serves separately).
  std::vector<std::uint16_t> boundaries;
  /// Address ranges that must not be read at all (the device refuses them), as [first, last] pairs; a gap that
  /// contains one cannot be bridged. Boundaries and forbidden ranges apply to every unit and table planned with
  /// these limits (plan each table with its own limits when they differ).
  std::vector<std::pair<std::uint16_t, std::uint16_t>> forbidden;
};

/// One read request and which wanted values it answers.
struct read_request {
  std::uint8_t unit_id = 1;
  modbus::table table = table::holding;
  std::uint16_t address = 0;
  std::uint16_t count = 0;
  std::vector<std::size_t> ids; ///< the register_refs it covers, in address order (the widest first at one address)
};

/// Merges `wanted` into requests: grouped by unit id and table, sorted by address, neighbours merged while the
/// request stays within `limits` (count, gap, boundaries, forbidden ranges). A value wider than the request limit
/// gets a request of its own (as does a value that itself spans a boundary or covers a forbidden range). Duplicates
/// (the same address wanted twice) and values inside another's registers share its read. The plan is sorted by
/// unit id, table and address and depends only on the set of refs, not on their order in `wanted`.
std::vector<read_request> plan_reads(std::vector<register_ref> wanted, const request_limits& limits);

/// The registers (or bits) of a request's reply that belong to one ref.
struct slice {
  std::size_t offset = 0; ///< registers (or bits) from the start of the reply
  std::size_t count = 0;  ///< 0: the request does not cover the ref
};
/// Where `ref`'s registers lie in `request`'s reply (an offset into the reply and a count); a count of 0 when the
/// request does not cover `ref` (another unit or table, or an address outside it).
slice slice_of(const read_request& request, const register_ref& ref) noexcept;

} // namespace meterhub::modbus
