#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <caf/expected.hpp>

/// The data sets inside messages: "address(value*unit)" (IEC 62056-21 §6.5), as read replies and readout data
/// blocks carry them.
namespace meterhub::iec61107 {

/// One data set: the register address as the meter wrote it, its value(s) and an optional unit.
struct data_set_value {
  std::string address;
  std::string value;              ///< the first value, without its unit ("001234.5")
  std::string unit;               ///< what followed '*' in the first value ("kWh"), empty when none
  std::vector<std::string> more;  ///< further "(…)" groups of the same line (a timestamp, a second value)

  friend bool operator==(const data_set_value&, const data_set_value&) = default;
};

/// A read reply's data. "200700FF(230.1)" gives the data set; "(01)", a reply without an address, is the meter's
/// error reply and gives the error register_error with the meter's code in its text; anything else malformed_message.
caf::expected<data_set_value> parse_reply(std::string_view data);

/// The data block of a readout-mode session: one data set per line up to the "!" line. A line that is no data set
/// is an error naming the line; lines without an address (continuations of list values) are kept with address "".
caf::expected<std::vector<data_set_value>> parse_data_block(std::string_view block);

} // namespace meterhub::iec61107
