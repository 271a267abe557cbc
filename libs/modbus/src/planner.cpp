#include "meterhub/modbus/planner.hpp"

#include <algorithm>
#include <tuple>

namespace meterhub::modbus {

namespace {

/// One past the last address of a ref; 32 bits so that address 65535 with a count of 2 does not wrap. A count of
/// 0 is taken as 1: the value still lives at its address.
std::uint32_t end_of(const register_ref& ref) noexcept {
  return std::uint32_t{ref.address} + std::max<std::uint32_t>(ref.count, 1);
}

std::uint32_t limit_for(modbus::table t, const request_limits& limits) noexcept {
  return std::max<std::uint32_t>(is_bit_table(t) ? limits.max_bits : limits.max_registers, 1);
}

/// True when [first, end) holds both `b - 1` and `b` for a boundary b.
bool spans_boundary(std::uint32_t first, std::uint32_t end, const request_limits& limits) noexcept {
  return std::any_of(limits.boundaries.begin(), limits.boundaries.end(),
                     [&](std::uint32_t b) { return b > first && b < end; });
}

bool covers_forbidden(std::uint32_t first, std::uint32_t end, const request_limits& limits) noexcept {
  return std::any_of(limits.forbidden.begin(), limits.forbidden.end(), [&](const auto& range) {
    return std::uint32_t{range.first} < end && std::uint32_t{range.second} >= first;
  });
}

/// Extends `request` to cover `ref` when the limits allow it.
bool merge(read_request& request, const register_ref& ref, const request_limits& limits) {
  if (request.unit_id != ref.unit_id || request.table != ref.table)
    return false;
  std::uint32_t first = request.address;
  std::uint32_t end = first + request.count;
  std::uint32_t ref_end = end_of(ref);
  if (ref_end <= end) { // already read: duplicates and values inside a wider one share the read
    request.ids.push_back(ref.id);
    return true;
  }
  if (ref.address > end && ref.address - end > limits.max_gap)
    return false;
  if (ref_end - first > limit_for(ref.table, limits) || spans_boundary(first, ref_end, limits)
      || covers_forbidden(first, ref_end, limits))
    return false;
  request.count = static_cast<std::uint16_t>(ref_end - first);
  request.ids.push_back(ref.id);
  return true;
}

read_request request_for(const register_ref& ref) {
  // A ref wider than 65535 cannot exist (count is 16 bits), so the count fits; the device may still refuse a
  // request above its limit, which the profile loader reports.
  return {ref.unit_id, ref.table, ref.address, static_cast<std::uint16_t>(std::max<std::uint16_t>(ref.count, 1)),
          {ref.id}};
}

} // namespace

std::vector<read_request> plan_reads(std::vector<register_ref> wanted, const request_limits& limits) {
  // At one address the widest value comes first, so the narrower ones fall inside its read.
  std::sort(wanted.begin(), wanted.end(), [](const register_ref& a, const register_ref& b) {
    return std::tie(a.unit_id, a.table, a.address, b.count, a.id)
           < std::tie(b.unit_id, b.table, b.address, a.count, b.id);
  });
  std::vector<read_request> plan;
  for (const auto& ref : wanted)
    if (plan.empty() || !merge(plan.back(), ref, limits))
      plan.push_back(request_for(ref));
  return plan;
}

slice slice_of(const read_request& request, const register_ref& ref) noexcept {
  std::uint32_t end = std::uint32_t{request.address} + request.count;
  if (ref.unit_id != request.unit_id || ref.table != request.table || ref.address < request.address
      || end_of(ref) > end)
    return {};
  return {std::size_t{ref.address} - request.address, std::max<std::size_t>(ref.count, 1)};
}

} // namespace meterhub::modbus
