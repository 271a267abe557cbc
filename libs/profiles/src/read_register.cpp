// One register definition: where it is and how it is stored (register_meaning.cpp reads what it means).
#include <charconv>

#include "loader.hpp"
#include "meterhub/profiles/numbering.hpp"
#include "text.hpp"

namespace meterhub::profiles::detail {

namespace {

using modbus::value_type;

constexpr std::string_view type_list = "u16, s16, u32, s32, u64, s64, f32, f64, bcd16, bcd32, bits, string, bool";

void read_plain_address(const config::reader& r, register_def& def, register_source& src) {
  auto text = r.get<std::string>("address", "");
  auto a = parse_address(text);
  if (!a) {
    r.fail("address", "expected an address from 0 to 65535 (decimal or 0x hex), got " + in_quotes(text));
    return;
  }
  def.address = *a;
  src.placed = true;
}

void read_vendor_number(const config::reader& r, std::optional<modbus::table> table_key, register_def& def,
                        register_source& src) {
  src.location_key = "register";
  auto text = r.get<std::string>("register", "");
  auto vendor = parse_vendor_register(text);
  if (!vendor) {
    r.fail("register", "expected a vendor register number such as 30001, 40001 or 400001 (table digit 0, 1, 3 "
                       "or 4, then the 1-based number), got " + in_quotes(text));
    return;
  }
  if (table_key && *table_key != vendor->first)
    r.fail("table", std::string{to_string(*table_key)} + " contradicts register " + text + ", which is in the "
                      + std::string{to_string(vendor->first)} + " table");
  def.table = vendor->first;
  def.address = vendor->second;
  src.placed = true;
}

void read_location(const config::reader& r, load_state& st, register_def& def, register_source& src) {
  auto table_key = read_table(r, "table");
  def.table = table_key.value_or(st.defaults.table);
  src.placed = false;
  const bool has_address = r.has("address");
  if (has_address && r.has("register"))
    r.fail("register", "give either address or register, not both");
  else if (has_address)
    read_plain_address(r, def, src);
  else if (r.has("register"))
    read_vendor_number(r, table_key, def, src);
  else
    r.fail("address", "required key missing (or register: for a vendor number such as 30001)");
}

void read_type(const config::reader& r, load_state& st, register_def& def) {
  const bool bit_table = modbus::is_bit_table(def.table);
  auto& spec = def.spec;
  if (auto t = r.has("type") ? read_value_type(r, "type") : std::nullopt)
    spec.type = *t;
  else if (r.has("type"))
    spec.type = bit_table ? value_type::boolean : value_type::u16; // already reported
  else if (bit_table)
    spec.type = value_type::boolean;
  else
    spec.type = r.has("bit") || r.has("bits") ? value_type::bits : st.defaults.type;
  if (bit_table && spec.type != value_type::boolean)
    r.fail("type", std::string{to_string(def.table)} + " entries are one bit each: the type is bool");
  else if (!bit_table && spec.type == value_type::boolean)
    r.fail("type", "bool is for coils and discrete inputs; one bit of a register is type bits with bit: N");
  spec.order = r.has("word_order") ? read_word_order(r, "word_order").value_or(st.defaults.order)
                                   : st.defaults.order;
}

/// "4-7" into (4, 7).
std::optional<std::pair<unsigned, unsigned>> bit_range(std::string_view text) {
  auto dash = text.find('-');
  if (dash == std::string_view::npos)
    dash = text.size();
  unsigned first = 0, last = 0;
  auto a = std::from_chars(text.data(), text.data() + dash, first);
  if (a.ec != std::errc{} || a.ptr != text.data() + dash)
    return std::nullopt;
  if (dash == text.size())
    return std::make_pair(first, first);
  auto b = std::from_chars(text.data() + dash + 1, text.data() + text.size(), last);
  if (b.ec != std::errc{} || b.ptr != text.data() + text.size())
    return std::nullopt;
  return std::make_pair(first, last);
}

void read_bits(const config::reader& r, modbus::value_spec& spec) {
  auto text = r.get<std::string>("bits", "");
  auto range = bit_range(text);
  if (!range) {
    r.fail("bits", "expected FIRST-LAST such as 4-7 (bit 0 is the least significant), got " + in_quotes(text));
  } else if (range->first > range->second) {
    r.fail("bits", "bits " + text + ": the first bit comes after the last");
  } else if (range->second > 15) {
    r.fail("bits", "bits " + text + " run past bit 15 of the 16-bit register");
  } else {
    spec.bit_offset = range->first;
    spec.bit_count = range->second - range->first + 1;
  }
}

void read_shape(const config::reader& r, modbus::value_spec& spec) {
  const bool has_bit = r.has("bit"), has_bits = r.has("bits");
  if (spec.type != value_type::bits) {
    if (has_bit || has_bits)
      r.fail(has_bit ? "bit" : "bits", "only for type bits (a field of one register)");
  } else if (has_bit && has_bits) {
    r.fail("bits", "give either bit or bits, not both");
  } else if (has_bit) {
    spec.bit_offset = static_cast<unsigned>(r.integer("bit", 0, 0, 15));
    spec.bit_count = 1;
  } else if (has_bits) {
    read_bits(r, spec);
  } else {
    r.fail("bit", "required key missing: type bits needs bit: N or bits: FIRST-LAST");
  }
}

void read_length(const config::reader& r, modbus::value_spec& spec) {
  if (spec.type != value_type::string) {
    if (r.has("length"))
      r.fail("length", "only for type string");
  } else if (r.has("length")) {
    spec.length = static_cast<unsigned>(r.integer("length", 1, 1, 65535));
  } else {
    r.fail("length", "required key missing: type string needs its length in registers");
  }
}

} // namespace

std::optional<modbus::table> read_table(const config::reader& r, std::string_view key) {
  if (!r.has(key))
    return std::nullopt;
  auto text = r.get<std::string>(key, "");
  auto t = modbus::table_from_string(text);
  if (!t)
    r.fail(key, "unknown table " + in_quotes(text)
                  + " (known: coil, discrete_input, holding, input, or the function codes 1 to 4)");
  return t;
}

std::optional<modbus::value_type> read_value_type(const config::reader& r, std::string_view key) {
  auto text = r.get<std::string>(key, "");
  auto t = modbus::value_type_from_string(text);
  if (!t)
    r.fail(key, "unknown type " + in_quotes(text) + " (known: " + std::string{type_list} + ")");
  return t;
}

std::optional<modbus::word_order> read_word_order(const config::reader& r, std::string_view key) {
  auto text = r.get<std::string>(key, "");
  auto o = modbus::word_order_from_string(text);
  if (!o)
    r.fail(key, "unknown word order " + in_quotes(text) + " (known: ABCD, CDAB, BADC, DCBA)");
  return o;
}

void read_register(const config::reader& r, load_state& st) {
  r.allow_only({"name", "description", "address", "register", "table", "type", "word_order", "scale", "offset",
                "scale_register", "bit", "bits", "length", "quantity", "negative_quantity", "unit", "wrap",
                "writable", "min", "max"});
  register_def def;
  register_source src;
  src.path = section_path(r);
  def.name = r.require_string("name");
  if (!def.name.empty() && !is_valid_register_name(def.name))
    r.fail("name", "expected a name of a-z, 0-9 and _, got " + in_quotes(def.name));
  read_location(r, st, def, src);
  read_type(r, st, def);
  read_shape(r, def.spec);
  read_length(r, def.spec);
  read_meaning(r, def, src);
  read_write_rules(r, def);
  st.p.registers.push_back(std::move(def));
  st.sources.push_back(std::move(src));
}

} // namespace meterhub::profiles::detail
