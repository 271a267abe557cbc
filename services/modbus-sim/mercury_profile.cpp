// The Mercury meter's power-profile memory (memory 3) and its last-record pointer (08 13), read from the
// history's records (protocol.hpp notes 6-8).
#include <map>

#include "mercury_meter.hpp"
#include "meterhub/mercury/profile.hpp"
#include "meterhub/mercury/reply.hpp"

namespace meterhub::modbus_sim {

namespace {

using mercury::bytes;

bool by_index(const profiles::profile& p) {
  return p.mercury.profile_addressing == "record_index";
}

/// Cells the address space holds: 4096 of 16 bytes in a 16-bit byte address, 8192 in the 17-bit space of
/// record-index meters.
std::uint64_t cells_of(const profiles::profile& p) {
  return by_index(p) ? 8192 : 4096;
}

mercury::profile_record record_of(const profile_entry& e, std::chrono::minutes period) {
  mercury::profile_record r;
  r.status = mercury::profile_status::winter; // the meter keeps standard time all year (no DST in Russia)
  r.stamp = mercury::profile_stamp_at(e.end_local_ms);
  r.period_minutes = static_cast<std::uint8_t>(period.count());
  for (std::size_t k = 0; k < 4; ++k)
    r.counts[k] = e.counts[k];
  return r;
}

} // namespace

std::optional<std::uint64_t> mercury_meter::record_at(std::uint32_t address) const {
  const auto& records = history_.records();
  if (records.empty())
    return std::nullopt;
  const auto cells = cells_of(*profile_);
  const auto cell = (address / mercury::profile_record_stride) % cells;
  const auto newest = history_.first_record() + records.size() - 1;
  const auto n = newest - (newest % cells + cells - cell) % cells;
  if (n > newest || n < history_.first_record())
    return std::nullopt;
  return n;
}

mercury::profile_pointer mercury_meter::pointer() const {
  const auto& records = history_.records();
  const auto newest = history_.first_record() + records.size() - 1;
  mercury::profile_pointer p;
  p.address = static_cast<std::uint16_t>(by_index(*profile_) ? newest % cells_of(*profile_)
                                                              : (newest % 4096) * mercury::profile_record_stride);
  p.status = static_cast<std::uint8_t>(mercury::profile_status::winter
                                       | (history_.wrapped() ? mercury::profile_status::overflow : 0));
  p.stamp = mercury::profile_stamp_at(records.back().end_local_ms);
  p.period_minutes = static_cast<std::uint8_t>(history_.period().count());
  return p;
}

bytes mercury_meter::memory(std::uint8_t to, const mercury::read_memory& r) const {
  if ((r.memory & 0x7F) != mercury::profile_memory || !profile_->mercury.power_profile)
    return mercury::status_reply(to, 1);
  const std::uint32_t base = by_index(*profile_) ? mercury::memory_address_of(r) : r.address;
  const std::uint32_t space = by_index(*profile_) ? 0x20000 : 0x10000;
  std::vector<std::uint8_t> data(r.count, 0xFF); // cells never written read FF
  std::map<std::uint64_t, std::array<std::uint8_t, 15>> encoded;
  for (std::size_t i = 0; i < data.size(); ++i) {
    const auto address = static_cast<std::uint32_t>((base + i) % space);
    const auto offset = address % mercury::profile_record_stride;
    const auto n = record_at(address);
    if (!n || offset >= mercury::profile_record_size)
      continue;
    auto it = encoded.find(*n);
    if (it == encoded.end()) {
      const auto& entry = history_.records()[*n - history_.first_record()];
      it = encoded.emplace(*n, mercury::encode_profile_record(record_of(entry, history_.period()))).first;
    }
    data[i] = it->second[offset];
  }
  return mercury::data_reply(to, data);
}

} // namespace meterhub::modbus_sim
