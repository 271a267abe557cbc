#include "modbus_device.hpp"

#include <algorithm>

#include "meterhub/core/obis.hpp"
#include "register_value.hpp"

namespace meterhub::modbus_sim {

namespace {

using modbus::function_code;

modbus::response exception(const modbus::request& r, std::uint8_t code) {
  modbus::response out;
  out.transaction_id = r.transaction_id;
  out.unit_id = r.unit_id;
  out.function = r.function;
  out.exception_code = code;
  return out;
}

modbus::table table_of(function_code f) {
  switch (f) {
    case function_code::read_coils:
    case function_code::write_single_coil:
    case function_code::write_multiple_coils:
      return modbus::table::coil;
    case function_code::read_discrete_inputs:
      return modbus::table::discrete_input;
    case function_code::read_input_registers:
      return modbus::table::input;
    default:
      return modbus::table::holding;
  }
}

bool is_read(function_code f) {
  return f == function_code::read_coils || f == function_code::read_discrete_inputs
         || f == function_code::read_holding_registers || f == function_code::read_input_registers;
}

bool is_single_write(function_code f) {
  return f == function_code::write_single_coil || f == function_code::write_single_register;
}

/// The phase of an OBIS electricity quantity (C 21-40 L1, 41-60 L2, 61-80 L3), or 3 for the others.
unsigned phase_of(const std::string& quantity) {
  const auto code = obis_code::parse(quantity);
  if (!code || code->a() != 1 || code->c() < 21 || code->c() > 80)
    return 3;
  return (code->c() - 1u) / 20u - 1u;
}

} // namespace

physics_options physics_for(const profiles::profile& p, physics_options base) {
  if (p.protocol == profiles::protocol::mercury23x) {
    base.phases = p.mercury.phases;
  } else {
    bool l1 = false, others = false;
    for (const auto& def : p.registers) {
      const auto phase = phase_of(def.quantity);
      l1 = l1 || phase == 0;
      others = others || phase == 1 || phase == 2;
    }
    base.phases = l1 && !others ? 1 : 3;
  }
  if (base.phases == 1)
    base.rated_current = std::min(base.rated_current, 10.0);
  return base;
}

modbus_device::modbus_device(std::shared_ptr<const device_template> t, device_identity id,
                             const physics_options& model)
  : template_(std::move(t)), id_(id), physics_(physics_for(template_->profile(), model)),
    image_(template_->layout().words(), 0) {
}

modbus::response modbus_device::answer(const modbus::request& r, std::int64_t now_ms) {
  physics_.advance_to(now_ms);
  if (!modbus::is_supported(r.function))
    return exception(r, 1);
  return is_read(r.function) ? read(r) : write(r);
}

modbus::response modbus_device::read(const modbus::request& r) {
  const auto t = table_of(r.function);
  const auto& layout = template_->layout();
  if (const auto code = layout.check_span(t, r.address, r.count))
    return exception(r, code);
  refresh(t, r.address, r.count);
  modbus::response out;
  out.transaction_id = r.transaction_id;
  out.unit_id = r.unit_id;
  out.function = r.function;
  const auto first = *layout.word_of(t, r.address); // check_span found the span in one block
  out.values.assign(image_.begin() + static_cast<std::ptrdiff_t>(first),
                    image_.begin() + static_cast<std::ptrdiff_t>(first + r.count));
  out.count = r.count;
  return out;
}

modbus::response modbus_device::write(const modbus::request& r) {
  if (is_single_write(r.function) && !template_->profile().single_writes)
    return exception(r, 1); // OWEN Mx110: "function 16 for writing"
  const auto t = table_of(r.function);
  std::vector<held_write> writes;
  if (const auto code = check_write(t, r, writes))
    return exception(r, code);
  for (auto& w : writes) {
    auto it = std::find_if(held_.begin(), held_.end(), [&](const held_write& h) { return h.index == w.index; });
    if (it != held_.end())
      *it = std::move(w);
    else
      held_.push_back(std::move(w));
  }
  refresh(t, r.address, r.count);
  modbus::response out;
  out.transaction_id = r.transaction_id;
  out.unit_id = r.unit_id;
  out.function = r.function;
  out.address = r.address;
  out.count = r.count;
  if (is_single_write(r.function))
    out.values = r.values;
  return out;
}

std::uint8_t modbus_device::check_write(modbus::table t, const modbus::request& r,
                                        std::vector<held_write>& out) const {
  const auto& layout = template_->layout();
  const auto& p = template_->profile();
  if (const auto code = layout.check_span(t, r.address, r.count))
    return code;
  std::vector<bool> covered(r.count, false);
  std::uint8_t code = 0;
  layout.for_each_overlapping(t, r.address, r.count, [&](std::size_t index) {
    const auto& def = p.registers[index];
    const auto width = modbus::register_count(def.spec);
    if (def.spec.type == modbus::value_type::bits && !def.writable)
      return; // a view of bits of a register written whole
    if (def.address < r.address || def.address + width > std::uint32_t{r.address} + r.count) {
      code = code ? code : 3; // part of a value
      return;
    }
    const std::span<const std::uint16_t> words{r.values.data() + (def.address - r.address), width};
    const auto value = published_value(def, words, template_->source(index).exponent);
    if (!def.writable)
      code = code ? code : 2;
    else if (!value || (def.min && *value < *def.min) || (def.max && *value > *def.max))
      code = code ? code : 3;
    else
      out.push_back({index, {words.begin(), words.end()}, *value, base_value(index)});
    std::fill_n(covered.begin() + (def.address - r.address), width, true);
  });
  if (code == 0 && std::find(covered.begin(), covered.end(), false) != covered.end())
    code = 2; // a gap between registers
  return code;
}

void modbus_device::refresh(modbus::table t, std::uint16_t address, std::uint16_t count) {
  const auto& layout = template_->layout();
  const auto& p = template_->profile();
  std::vector<std::size_t> indexes;
  layout.for_each_overlapping(t, address, count, [&](std::size_t index) { indexes.push_back(index); });
  // Bit fields share a word with each other (and with the whole register): clear every word, then OR all in.
  for (auto index : indexes) {
    const auto& def = p.registers[index];
    std::fill_n(image_.begin() + static_cast<std::ptrdiff_t>(*layout.word_of(t, def.address)),
                modbus::register_count(def.spec), 0);
  }
  for (auto index : indexes) {
    const auto first = *layout.word_of(t, p.registers[index].address);
    const auto words = words_of(index);
    for (std::size_t k = 0; k < words.size(); ++k)
      image_[first + k] |= words[k];
  }
}

std::vector<std::uint16_t> modbus_device::words_of(std::size_t index) const {
  const auto& def = template_->profile().registers[index];
  const auto& src = template_->source(index);
  if (const auto* h = held(index)) {
    if (!src.quantity)
      return h->words;
    const double now = base_value(index);
    if (now == h->base)
      return h->words;
    return words_for(def, raw_for(def, now + (h->written - h->base), src.exponent, src.counter));
  }
  if (!src.quantity)
    return words_for(def, template_->fixed_value(index, id_.unit, id_.seed));
  return words_for(def, raw_for(def, base_value(index), src.exponent, src.counter));
}

double modbus_device::base_value(std::size_t index) const {
  const auto& src = template_->source(index);
  if (!src.quantity)
    return 0;
  return value_of(physics_, *src.quantity) - (src.negative ? value_of(physics_, *src.negative) : 0.0);
}

double modbus_device::value(std::size_t index) const {
  const auto& def = template_->profile().registers[index];
  return published_value(def, words_of(index), template_->source(index).exponent).value_or(0.0);
}

const modbus_device::held_write* modbus_device::held(std::size_t index) const noexcept {
  for (const auto& h : held_)
    if (h.index == index)
      return &h;
  return nullptr;
}

} // namespace meterhub::modbus_sim
