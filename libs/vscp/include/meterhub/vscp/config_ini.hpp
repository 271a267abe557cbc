#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <caf/expected.hpp>

#include "meterhub/vscp/settings.hpp"

/// vscp-python-p1-power-meter's own config.ini, read so its users can point meterhub at the file they have
/// (shared/specs/vscp.md §7-§8). Parsed as Python's configparser does (`parse_ini`), then read key by key as the
/// script reads it, with these decisions where the script's reading is a bug:
/// - booleans: true/false, yes/no, on/off, 1/0 in any case; any other text is read as the script did (true when it
///   contains "true") with a warning, and a warning names every value the script read differently ("True");
/// - a missing `note_<name>` made the script skip that value forever (NameError): meterhub sends it with the note
///   config.ini ships, with a warning, because a value the user left on is never lost silently;
/// - a missing or empty `guid` made the script publish nothing in VSCP mode: meterhub uses the MAC GUID, warned;
///   `guid=''` (the sample's way to say "empty") is the MAC GUID without a warning; a configured GUID is honoured
///   (`check_settings` gives the notice naming the original's MAC GUID once the bridge knows the MAC);
/// - `id_sum_reactive_energy_in` and `id_voltage_l2` are read whether or not the keys the script's typos test for
///   exist; a warning says when the script used 4 / 22 instead, or stopped with KeyError;
/// - a missing `sensorindex_<name>` keeps the script's 0 in the script profile (flows filter on it); the spec profile
///   uses the README's index; 43.7.0's index is read and warned about (the script profile always sends 0);
/// - [SERIAL] and its keys are reported as ignored (meterhub-p1 reads the meter); unknown sections and keys are
///   warned about with the section where a misplaced key belongs;
/// - `[MQTT] qos` (0-2) is a meterhub extension the script did not read; warned.
/// Refused with `caf::error` naming "section.key" and the reason: configparser syntax errors, a missing GENERAL,
/// VSCP or MQTT section, an id outside 0..65535, a sensor index, zone or subzone outside 0..255, a port outside
/// 1..65535, a qos above 2, an empty host, a non-integer, an unparsable GUID, a bad topic template or `%`.
namespace meterhub::vscp {

/// The [MQTT] connection keys, with the script's defaults.
struct mqtt_config {
  std::string host = "127.0.0.1";
  std::uint16_t port = 1883;
  std::string user = "vscp";
  std::string password = "secret";

  friend bool operator==(const mqtt_config&, const mqtt_config&) = default;
};

/// What meterhub takes from a config.ini.
struct ini_config {
  /// Switches, no_vscp, guid, zone, subzone, ids, sensor indexes, notes, topic, qos. The MAC is not in config.ini:
  /// the bridge sets `vscp_settings.mac` before `validate`.
  settings vscp_settings;
  mqtt_config mqtt;
  /// `[GENERAL] one_shot` (the script's `--oneshot` is overwritten by it when a config is read).
  bool one_shot = false;
  /// Everything read differently from the script, ignored or unknown: GENERAL, VSCP, MQTT in the order the keys
  /// are read, then unread keys and sections in file order.
  std::vector<config_warning> warnings;
};

/// Reads a config.ini (see the namespace comment for the rules).
caf::expected<ini_config> read_config_ini(std::string_view text);

} // namespace meterhub::vscp
