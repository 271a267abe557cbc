#pragma once

#include <optional>
#include <string>

#include "meterhub/modbus_export/map.hpp"

/// Map entries for the tests, one line each.
namespace meterhub::modbus_export::test {

/// A value entry in one line (aggregate initialisation would leave stale_after_ms to a warning).
inline value_entry mapped(std::string quantity, modbus::table t, std::uint16_t address, value_encoding encoding = {},
                          std::optional<std::uint16_t> quality = {}, std::optional<std::uint16_t> age = {}) {
  value_entry v;
  v.quantity = std::move(quantity);
  v.table = t;
  v.address = address;
  v.encoding = encoding;
  v.quality_address = quality;
  v.age_address = age;
  return v;
}

} // namespace meterhub::modbus_export::test
