// Checks across registers: unique names, scale-factor registers, what the device accepts, overlaps.
#include <map>

#include "loader.hpp"

namespace meterhub::profiles::detail {

namespace {

using modbus::value_type;

std::uint32_t end_of(const register_def& def) {
  return std::uint32_t{def.address} + modbus::register_count(def.spec);
}

/// "holding 72-73", "holding 51 (bits 4-7)", "coil 3".
std::string span_text(const register_def& def) {
  auto text = std::string{to_string(def.table)} + " " + std::to_string(def.address);
  if (modbus::register_count(def.spec) > 1)
    text += "-" + std::to_string(end_of(def) - 1);
  if (def.spec.type == value_type::bits) {
    text += " (bit" + std::string{def.spec.bit_count > 1 ? "s " : " "} + std::to_string(def.spec.bit_offset);
    if (def.spec.bit_count > 1)
      text += "-" + std::to_string(def.spec.bit_offset + def.spec.bit_count - 1);
    text += ")";
  }
  return text;
}

void check_names(const load_state& st) {
  std::map<std::string, std::size_t> first;
  for (std::size_t i = 0; i < st.p.registers.size(); ++i) {
    const auto& name = st.p.registers[i].name;
    if (name.empty())
      continue;
    auto [it, fresh] = first.emplace(name, i);
    if (!fresh)
      st.fail_at(st.sources[i].path, "name", in_quotes(name) + " is already defined at " + st.sources[it->second].path);
  }
}

void resolve_scale_register(load_state& st, std::size_t i) {
  const auto& src = st.sources[i];
  auto& def = st.p.registers[i];
  const register_def* sf = nullptr;
  std::size_t sf_index = 0;
  for (std::size_t j = 0; j < st.p.registers.size() && !sf; ++j)
    if (st.p.registers[j].name == src.scale_name)
      sf = &st.p.registers[sf_index = j];
  if (!sf)
    st.fail_at(src.path, "scale_register", "no register named " + in_quotes(src.scale_name) + " in the profile");
  else if (sf_index == i)
    st.fail_at(src.path, "scale_register", "a register cannot be its own scale factor");
  else if (sf->spec.type != value_type::s16 || sf->table != def.table)
    st.fail_at(src.path, "scale_register", src.scale_name + " is " + std::string{to_string(sf->spec.type)} + " in "
                                             + std::string{to_string(sf->table)} + ": a scale factor is an s16 in "
                                             + "the same table (" + std::string{to_string(def.table)} + ")");
  else if (def.spec.type == value_type::string)
    st.fail_at(src.path, "scale_register", "a string has no scale");
  else {
    def.scale_register = sf->address;
    def.scale_register_index = sf_index;
  }
}

/// The register against what the device accepts in one request and the address space.
void check_extent(const load_state& st, std::size_t i) {
  const auto& def = st.p.registers[i];
  const auto& src = st.sources[i];
  const auto& limits = st.p.limits;
  const auto count = modbus::register_count(def.spec);
  if (!modbus::is_bit_table(def.table) && count > limits.max_registers)
    st.fail_at(src.path, def.spec.type == value_type::string ? "length" : "type",
               std::string{to_string(def.spec.type)} + " of " + std::to_string(count) + " registers is wider than "
                 + "limits.max_registers (" + std::to_string(limits.max_registers) + ")");
  if (end_of(def) > 0x10000)
    st.fail_at(src.path, src.location_key, std::string{to_string(def.spec.type)} + " at "
                                             + std::to_string(def.address) + " needs " + std::to_string(count)
                                             + " registers and runs past the last address 65535");
  for (const auto& [first, last] : limits.forbidden)
    if (first < end_of(def) && last >= def.address)
      st.fail_at(src.path, src.location_key, span_text(def) + " lies in limits.forbidden " + std::to_string(first)
                                               + "-" + std::to_string(last) + " (the device refuses those reads)");
  for (auto b : limits.boundaries)
    if (b > def.address && b < end_of(def))
      st.fail_at(src.path, src.location_key, span_text(def) + " crosses limits.boundaries " + std::to_string(b)
                                               + " and cannot be read in one request");
}

/// Two definitions of the same register are fine only as bit fields of one register that do not share bits, or as
/// bit fields of a register that is also read whole (the DI bitmask and its inputs).
bool may_share(const register_def& a, const register_def& b) {
  const bool a_bits = a.spec.type == value_type::bits, b_bits = b.spec.type == value_type::bits;
  if (!a_bits && !b_bits)
    return false;
  if (modbus::register_count(a.spec) != 1 || modbus::register_count(b.spec) != 1)
    return false;
  if (!a_bits || !b_bits)
    return true;
  return a.spec.bit_offset + a.spec.bit_count <= b.spec.bit_offset
         || b.spec.bit_offset + b.spec.bit_count <= a.spec.bit_offset;
}

void check_overlaps(const load_state& st) {
  const auto& regs = st.p.registers;
  for (std::size_t j = 0; j < regs.size(); ++j)
    for (std::size_t i = 0; i < j; ++i) {
      if (!st.sources[i].placed || !st.sources[j].placed || regs[i].table != regs[j].table || regs[i].address >= end_of(regs[j]) || regs[j].address >= end_of(regs[i]))
        continue;
      if (!may_share(regs[i], regs[j]))
        st.fail_at(st.sources[j].path, st.sources[j].location_key,
                   span_text(regs[j]) + " overlaps " + regs[i].name + " (" + span_text(regs[i]) + ", "
                     + st.sources[i].path + ")");
    }
}

} // namespace

void check_registers(load_state& st) {
  check_names(st);
  for (std::size_t i = 0; i < st.p.registers.size(); ++i) {
    if (!st.sources[i].scale_name.empty())
      resolve_scale_register(st, i);
    if (st.sources[i].placed)
      check_extent(st, i);
  }
  check_overlaps(st);
}

} // namespace meterhub::profiles::detail
