#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <caf/expected.hpp>

#include "register_address.hpp"

/// Fixed register values from the command line ("-o 20.07.00*FF:231.5") and from a values file ("20.07.00*FF 231.5"
/// per line): to stage a situation for a test or a commissioning session.
namespace meterhub::iec61107sim {

struct register_override {
  std::string meter;    ///< network address of the one meter it applies to; empty = every meter
  register_range range; ///< one register or a range on the F group
  std::string value;    ///< sent between the parentheses as it is
};

/// "[ADDRESS@]OBIS:VALUE", OBIS as "1F.07.00*FF", "1F0700FF" or "0F.80.80*[00..7F]".
caf::expected<register_override> parse_override(std::string_view item);

/// A values file: one "[ADDRESS@]OBIS VALUE" per line (the value is the rest of the line, spaces included), blank
/// lines and lines starting with '#' ignored. Errors name the line number.
caf::expected<std::vector<register_override>> parse_values(std::string_view text);

/// True when two network addresses name the same meter: equal as numbers when both are digits (IEC 62056-21 lets
/// leading zeros go), else equal as text.
bool same_meter_address(std::string_view a, std::string_view b) noexcept;

} // namespace meterhub::iec61107sim
