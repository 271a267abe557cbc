#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <caf/expected.hpp>

#include "meterhub/core/reading.hpp"
#include "meterhub/modbus/planner.hpp"
#include "meterhub/modbus/value.hpp"

/// Device profiles: one YAML file per meter or I/O model (deploy/profiles/), so a new device type is a file, not
/// code (wb-mqtt-serial's templates are the model). A profile names the protocol, every register with its type,
/// word order, scale, unit and vocabulary quantity, the poll groups, the writable registers, the device's request
/// limits and how to recognise the device. The loader validates all of it at start and names file, key and reason.
namespace meterhub::profiles {

enum class protocol : std::uint8_t {
  modbus,     ///< Modbus RTU or TCP (the line decides)
  mercury23x, ///< Incotex Mercury 230/234/236 native protocol
};

/// "modbus", "mercury23x".
std::string_view to_string(protocol p) noexcept;

/// One register (or coil, or bit field) of a Modbus device.
struct register_def {
  std::string name;        ///< the profile's key for it ("voltage_l1"); unique in the profile
  std::string description; ///< the vendor's wording, for listings
  modbus::table table = modbus::table::holding;
  std::uint16_t address = 0; ///< 0-based protocol address (the vendor's 30001 / 40001 numbering converted)
  modbus::value_spec spec;
  modbus::scaling scaling;
  /// A SunSpec-style scale-factor register (s16, value × 10^sf) in the same table, when the scale is not fixed.
  std::optional<std::uint16_t> scale_register;
  /// The same scale-factor register as an index into profile::registers (the loader resolves the name).
  std::optional<std::size_t> scale_register_index;
  std::string quantity;            ///< OBIS "1-0:32.7.0" or "x:di.3"; empty: read (for identification) but not published
  /// Where a negative value goes, as its magnitude: a signed power register (import positive, export negative)
  /// publishes 1-0:1.7.0 when it is positive and 1-0:2.7.0 when negative. Empty: negative values keep `quantity`.
  std::string negative_quantity;
  meterhub::unit unit = meterhub::unit::none;
  /// A counter that wraps (pulse counters, 16/32-bit energy counts): the published value keeps growing across the
  /// wrap. `wrap` is the modulus (2^16 for a u16 counter); absent for values that never wrap.
  std::optional<double> wrap;
  bool writable = false; ///< may be written through the `write` command / CLI (holding registers and coils only)
  std::optional<double> min, max; ///< writable: the range the device accepts
};

/// Registers read together on one schedule.
struct poll_group {
  std::string name;
  std::chrono::milliseconds interval{10'000};
  std::vector<std::size_t> registers; ///< indexes into profile::registers (Modbus)
  std::vector<std::string> items;     ///< Mercury 23x item names (mercury::item_from_string)
};

/// A check that tells a device of this model from others: the register holds `equals` (number or text).
struct identify_rule {
  std::size_t register_index = 0;
  std::string equals; ///< compared with the decoded value rendered as text ("348", "SDM630")
  /// Alternatives: the rule holds when the value equals any of them (a model register with one code per variant).
  /// `equals`, when set, is the first of them.
  std::vector<std::string> any_of;
};

/// Mercury 23x model options.
struct mercury_options {
  unsigned phases = 3;              ///< 1 or 3
  unsigned tariffs = 4;             ///< 0..4 tariff registers read besides the total
  double energy_wh_per_count = 1.0; ///< 1 Wh for a meter constant of 1000 imp/kWh
  unsigned meter_constant = 1000;   ///< A in imp/kWh: a power-profile count is 500 / A Wh (mercury::options)
  bool power_profile = true;        ///< keeps a power (load) profile memory
  std::chrono::minutes profile_period{30};
  /// How the meter addresses its power-profile records: "byte_address" (Mercury 230/236) or "record_index"
  /// (Mercury 234 firmware 9 and later, unverified); mercury::profile_addressing.
  std::string profile_addressing = "byte_address";
  unsigned baud = 9600;
};

/// One device model.
struct profile {
  std::string id;     ///< the file's stem ("sdm630"), how configuration names it
  std::string model;  ///< "Eastron SDM630"
  std::string vendor; ///< "Eastron"
  std::string source; ///< the vendor document the map follows ("SDM630 Modbus protocol V1.8, input registers")
  profiles::protocol protocol = protocol::modbus;
  modbus::request_limits limits;
  /// False when the device refuses the single-write functions 0x05 / 0x06 and takes only 0x0F / 0x10 (OWEN
  /// Mx110 modules: "16 for writing").
  bool single_writes = true;
  std::chrono::milliseconds response_timeout{500};
  std::vector<register_def> registers;
  std::vector<poll_group> groups;
  std::vector<identify_rule> identify;
  mercury_options mercury; ///< protocol mercury23x only
  std::filesystem::path file;

  /// The register named `name`, or nullptr.
  const register_def* find(std::string_view name) const noexcept;
};

/// Loads and validates one profile file (the format: deploy/profiles/README.md). Errors are
/// `modbus_errc::bad_profile` with "file: key: reason" for every problem found, one per line (unknown keys, types,
/// word orders or tables, overlapping registers, a register wider than the device's request limit or past address
/// 65535, bad bit ranges, a quantity that is neither OBIS nor x:, a unit that is unknown or does not fit its OBIS
/// code, a writable input register, a group naming nothing, duplicate names, identify rules or scale registers
/// naming unknown registers, unknown Mercury items, ...).
caf::expected<profile> load_profile(const std::filesystem::path& file);

/// The same from text (tests, profiles embedded in a configuration); `file` names the source in the messages and
/// gives the profile its id (the stem).
caf::expected<profile> load_profile_text(std::string_view text, const std::filesystem::path& file);

/// Loads every `*.yaml` in `dir`, sorted by id; the first bad file fails the whole set (a service must not start
/// with a half-known device list).
caf::expected<std::vector<profile>> load_profiles(const std::filesystem::path& dir);

/// The register names a profile may use: `[a-z0-9_]+` (they become keys of CLI output and write commands).
bool is_valid_register_name(std::string_view name) noexcept;

/// The read requests of one poll group of a device at `unit_id`, planned under the profile's limits (each
/// register's index into profile::registers is the register_ref id), plus the scale-factor registers its values
/// need.
std::vector<modbus::read_request> plan_group(const profile& p, const poll_group& g, std::uint8_t unit_id);

} // namespace meterhub::profiles
