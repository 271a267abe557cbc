#include <string>

#include "hex.hpp"
#include "meterhub/skstack/error.hpp"
#include "meterhub/skstack/parser.hpp"

namespace meterhub::skstack {

namespace {

/// A required hex field; sets `err` when missing or malformed.
template <class T>
T hex_field(const std::map<std::string, std::string, std::less<>>& fields, std::string_view name, std::size_t digits,
            caf::error& err) {
  const auto i = fields.find(name);
  if (i == fields.end()) {
    if (!err)
      err = make_error(skstack_errc::incomplete_block, "EPANDESC without " + std::string{name});
    return T{};
  }
  const auto value = detail::parse_hex(i->second, digits);
  if (!value) {
    if (!err)
      err = make_error(skstack_errc::bad_field, "EPANDESC " + std::string{name} + ":" + i->second);
    return T{};
  }
  return static_cast<T>(*value);
}

} // namespace

caf::error pan_descriptor_builder::add(std::string_view line) {
  const auto start = line.find_first_not_of(' ');
  const auto colon = line.rfind(':');
  if (start == std::string_view::npos || colon == std::string_view::npos || colon < start)
    return make_error(skstack_errc::bad_field, "EPANDESC line without a colon: " + std::string{line});
  // "The text after the last colon" (spec §9.2); the name keeps its inner space ("Channel Page").
  fields_.insert_or_assign(std::string{line.substr(start, colon - start)}, std::string{line.substr(colon + 1)});
  return {};
}

caf::expected<pan_descriptor> pan_descriptor_builder::finish(module_model model) const {
  caf::error err;
  pan_descriptor out;
  out.channel = hex_field<std::uint8_t>(fields_, "Channel", 2, err);
  out.channel_page = hex_field<std::uint8_t>(fields_, "Channel Page", 2, err);
  out.pan_id = hex_field<std::uint16_t>(fields_, "Pan ID", 4, err);
  out.mac = hex_field<std::uint64_t>(fields_, "Addr", 16, err);
  out.lqi = hex_field<std::uint8_t>(fields_, "LQI", 2, err);
  if (model == module_model::bp35c2)
    out.side = hex_field<std::uint8_t>(fields_, "Side", 2, err);
  if (const auto pair = fields_.find("PairID"); pair != fields_.end()) {
    // An even number of hex digits (spec §9.2); MOM refuses anything else.
    if (!err && !detail::parse_hex_bytes(pair->second))
      err = make_error(skstack_errc::bad_field, "EPANDESC PairID:" + pair->second);
    out.pair_id = pair->second;
  }
  if (err)
    return err;
  return out;
}

} // namespace meterhub::skstack
