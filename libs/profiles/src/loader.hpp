// The profile loader's parts (internal): each reads one section of the YAML through the configuration reader,
// which records every problem with its key, so a profile's problems are all reported in one go.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "meterhub/config/config.hpp"
#include "meterhub/profiles/profile.hpp"
#include "text.hpp"

namespace meterhub::profiles::detail {

/// `defaults:` — what a register that does not say otherwise is.
struct register_defaults {
  modbus::table table = modbus::table::holding;
  modbus::value_type type = modbus::value_type::u16;
  modbus::word_order order = modbus::word_order::abcd;
};

/// Where a register was defined, for the cross-register checks' messages.
struct register_source {
  std::string path;                    ///< "groups[0].registers[3]"
  std::string location_key = "address"; ///< the key its address came from: "address" or "register"
  std::string scale_name;              ///< `scale_register:` as written, resolved once every register is known
  bool placed = true;                  ///< false when its address did not parse: left out of the overlap checks
};

/// One load in progress.
struct load_state {
  profile& p;
  const config::reader& root;
  register_defaults defaults;
  std::vector<register_source> sources; ///< parallel to p.registers

  /// Records a problem at `path` + "." + `key` ("groups[0].registers[3]" + "address").
  void fail_at(std::string_view path, std::string_view key, std::string_view reason) const;
};

void read_limits(const config::reader& r, profile& p);
register_defaults read_defaults(const config::reader& r);
void read_mercury(const config::reader& r, mercury_options& m);

/// The meaning keys of a register (description, scale, offset, scale_register, quantity, negative_quantity, unit,
/// wrap) and its write rules (writable, min, max); called by read_register once location and type are known.
void read_meaning(const config::reader& r, register_def& def, register_source& src);
void read_write_rules(const config::reader& r, register_def& def);

/// Reads one register definition and appends it (and its source) to the state.
void read_register(const config::reader& r, load_state& st);

/// `groups:` for either protocol; Modbus groups define their registers in place.
void read_groups(const config::reader& root, load_state& st);

/// `registers:`, the registers read on demand (identification, configuration, scale factors), not polled.
void read_unpolled(const config::reader& root, load_state& st);

void read_identify(const config::reader& root, load_state& st);

/// Cross-register checks: unique names, overlaps, limits, scale registers.
void check_registers(load_state& st);

/// Mercury items against the model options.
void check_mercury_items(const config::reader& root, const profile& p);

/// The item names the Mercury 23x codec reads (mercury::item_from_string), and their list for messages.
bool is_mercury_item(std::string_view name) noexcept;
std::string mercury_item_list();

/// `table:`, `type:`, `word_order:` of a register or of `defaults:`; nullopt (and a recorded problem) when the
/// value is unknown, nullopt without a problem when the key is absent (type and word order: the caller checks).
std::optional<modbus::table> read_table(const config::reader& r, std::string_view key);
std::optional<modbus::value_type> read_value_type(const config::reader& r, std::string_view key);
std::optional<modbus::word_order> read_word_order(const config::reader& r, std::string_view key);

/// `r.duration(key, fallback)` for durations that fit: a number of more than 9 digits (2^63 ms overflows at 10^16
/// ms; a day is 8.64e7 ms) is reported without reaching the reader's multiplication, which would overflow.
std::chrono::milliseconds read_duration(const config::reader& r, std::string_view key,
                                        std::chrono::milliseconds fallback);

/// The dotted path of the mapping `r` reads ("groups[0].registers[3]").
std::string section_path(const config::reader& r);

} // namespace meterhub::profiles::detail
